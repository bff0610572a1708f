import { mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTestPartner, runNode } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import { refusal, useTempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/zest-sandbox.js', import.meta.url));
const work = useTempDir('zest-sandbox-options-');

/** Runs the real command until it exits, or kills it after 10 s (a command that started instead of refusing). */
const runToExit = (args: string[], cwd: string) => runNode(BIN, args, { cwd, timeoutMs: 10_000 });

describe('numeric webhook options are checked at start-up', () => {
  it('startSandbox refuses a webhookTimeoutMs that is not a finite number above 0', async () => {
    for (const webhookTimeoutMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(await refusal({ webhookTimeoutMs })).toBe(
        `webhookTimeoutMs must be a finite number of milliseconds greater than 0, got ${webhookTimeoutMs}`,
      );
    }
    expect(await refusal({ webhookTimeoutMs: 150 })).toBeUndefined();
  });

  it('refuses two partners on one tenant, and partner fields of the wrong type', async () => {
    const a = makeTestPartner({ clientId: 'client_a' });
    // `client_a` and `a` derive the same tenant when none is given.
    const b = makeTestPartner({ clientId: 'a' });
    expect(await refusal({ partners: [a.config, b.config] })).toBe(
      'partners[1] would share tenant "a" with client_a; give each partner its own tenantSlug',
    );
    expect(await refusal({ partners: [a.config, { ...b.config, tenantSlug: 'b' }] })).toBeUndefined();
    for (const field of ['tenantSlug', 'name', 'webhookSecret'])
      expect(await refusal({ partners: [{ ...a.config, [field]: 42 }] })).toBe(`partners[0].${field} must be a string`);
  });

  it('releases its store file when it cannot listen, so the next start on that file works', async () => {
    const storeFile = join(mkdtempSync(join(work, 'listen-')), 'state.db');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      expect(await refusal({ port, storeFile })).toMatch(/EADDRINUSE/);
      expect(await refusal({ storeFile })).toBeUndefined();
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('startSandbox refuses a timeScale that is not a finite number of at least 1e-8', async () => {
    for (const timeScale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e-9, 5e-324]) {
      expect(await refusal({ timeScale })).toBe(`timeScale must be a finite number of at least 1e-8, got ${timeScale}`);
    }
    expect(await refusal({ timeScale: 1e-8 })).toBeUndefined();
  });

  it('the command refuses a zero --time-scale, and an infinite timeScale in --config, with a clear message', async () => {
    const cwd = mkdtempSync(join(work, 'cli-'));
    const zero = await runToExit(['--time-scale', '0', '--port', '0'], cwd);
    expect(zero.code).toBe(2);
    expect(zero.output).toContain('--time-scale must be a positive number, got "0"');
    // JSON.parse reads 1e400 as Infinity.
    writeFileSync(join(cwd, 'infinite.json'), '{ "partners": [], "timeScale": 1e400 }');
    const infinite = await runToExit(['--config', 'infinite.json', '--port', '0'], cwd);
    expect(infinite.code).toBe(2);
    expect(infinite.output).toContain('timeScale must be a finite number of at least 1e-8, got Infinity');
  });

  it('the command refuses a --port or --time-scale that is not a plain decimal number in range', async () => {
    const cwd = mkdtempSync(join(work, 'cli-'));
    for (const [flag, value, message] of [
      ['--port', '', '--port must be a non-negative number, got ""'],
      ['--port', ' ', '--port must be a non-negative number, got " "'],
      ['--port', '0x1F90', '--port must be a non-negative number, got "0x1F90"'],
      ['--port', '65536', '--port must be an integer from 0 to 65535, got "65536"'],
      ['--port', '1.5', '--port must be an integer from 0 to 65535, got "1.5"'],
      ['--time-scale', '0b11', '--time-scale must be a positive number, got "0b11"'],
    ]) {
      const run = await runToExit([flag!, value!], cwd);
      expect(run.code, `${flag} ${value}`).toBe(2);
      expect(run.output, `${flag} ${value}`).toContain(message);
    }
  });

  it('refuses a baseUrl that is not an absolute http(s) URL, naming it, and accepts one with a path', async () => {
    // Each of these started before and then minted signed file links and assertion audiences nobody could use.
    for (const baseUrl of [
      '',
      'notaurl',
      'ftp://files.example',
      'http://sandbox.example/api?x=1',
      'http://sandbox.example/#top',
      'http://user:secret@sandbox.example',
      ' http://sandbox.example',
      ['http://ok.example', 'mailto:x@example.com'],
    ]) {
      const message = await refusal({ baseUrl });
      const bad = Array.isArray(baseUrl) ? baseUrl[1]! : baseUrl;
      // Credentials are never printed back.
      const shown = bad.replace('user:secret@', '***@');
      expect(message, JSON.stringify(baseUrl)).toContain(`baseUrl: ${JSON.stringify(shown)} is not an absolute http`);
      expect(message).not.toContain('secret');
    }
    const sandbox = await startSandbox({ port: 0, baseUrl: 'https://sandbox.example/zest/' });
    try {
      expect(sandbox.audiences[0]).toBe('https://sandbox.example/zest');
    } finally {
      await sandbox.stop();
    }
  });

  it('the command refuses a bad --base-url with one line naming it', async () => {
    const run = await runToExit(['--port', '0', '--base-url', 'sandbox.example'], mkdtempSync(join(work, 'cli-')));
    expect(run.code).toBe(2);
    expect(run.output).toContain('baseUrl: "sandbox.example" is not an absolute http');
    expect(run.output).not.toContain('    at ');
  });

  it('the command refuses a --config that is not one object of known keys with values of the right kind', async () => {
    const cwd = mkdtempSync(join(work, 'cli-'));
    for (const [text, message] of [
      ['[]', '--config bad.json must hold one JSON object'],
      ['null', '--config bad.json must hold one JSON object'],
      ['{ "partnrs": [] }', 'unknown key "partnrs"'],
      // A string port made Node listen on a pipe of that name in the working directory.
      ['{ "port": "abc" }', '"port" must be an integer from 0 to 65535'],
      // A string was spread into one allowed host per character.
      ['{ "allowedHosts": "evil.example" }', '"allowedHosts" must be an array of strings'],
      ['{ "partners": [null] }', '"partners" must be an array of partner objects'],
      ['{ "rejectReplayedAssertions": "yes" }', '"rejectReplayedAssertions" must be true or false'],
    ]) {
      writeFileSync(join(cwd, 'bad.json'), text!);
      const run = await runToExit(['--config', 'bad.json', '--port', '0'], cwd);
      expect(run.code, text).toBe(2);
      expect(run.output, text).toContain(message);
      expect(run.output, text).not.toContain('    at ');
    }
  });
});
