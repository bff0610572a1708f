import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTestPartner, runNode } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal, useTempDir } from './helpers.js';

/*
 * Findings of an adversarial probe of the command line, the start-up paths and the admin client: each case
 * failed (hung, exited 0, or died with a bare TypeError / errno message) before its fix.
 */
const BIN = fileURLToPath(new URL('../bin/zest-sandbox.js', import.meta.url));
const work = useTempDir('zest-sandbox-cli-probe-');

/** Runs the real command until it exits, or kills it after 15 s (a command that hung or started instead). */
const runToExit = (args: string[], cwd = mkdtempSync(join(work, 'run-'))) =>
  runNode(BIN, args, { cwd, timeoutMs: 15_000 });

/**
 * The one line a refused command prints on stderr (and that it is one line, with no stack trace). Exit 2 for a
 * command line or config the sandbox cannot start with (as the mock and the contract tests), 1 when it could not work.
 */
async function refusedWith(args: string[], cwd?: string, code: 1 | 2 = 2): Promise<string> {
  const run = await runToExit(args, cwd);
  expect(run.code, run.output).toBe(code);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  return lines[0]!;
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('sub-commands against a --url that is not a working sandbox', () => {
  // Accepts connections and never answers (a paused process, a proxy holding the request).
  const silent = createServer(() => {});
  // Answers every request 200 with JSON that is not an admin answer.
  const other = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"hello":"world"}');
  });
  let silentUrl = '';
  let otherUrl = '';
  beforeAll(async () => {
    silentUrl = await listening(silent);
    otherUrl = await listening(other);
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await Promise.all([silent, other].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('trigger, deliveries and --replay give up after --timeout with one clear line (they hung before)', async () => {
    for (const args of [['trigger', 'investor.created'], ['deliveries'], ['deliveries', '--replay', 'dlv_x']]) {
      const started = Date.now();
      const line = await refusedWith([...args, '--url', silentUrl, '--timeout', '1'], undefined, 1);
      expect(line).toMatch(
        /^zest-sandbox: no answer from http:\/\/127\.0\.0\.1:\d+ within 1 s .*--timeout to wait longer/,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  }, 40_000);

  it('refuses a --timeout that is not a positive number of seconds', async () => {
    for (const value of ['0', '-1', 'abc', '', '1e3', '86401'])
      expect(await refusedWith(['deliveries', `--timeout=${value}`, '--url', silentUrl])).toBe(
        `zest-sandbox: --timeout must be a positive number of seconds (at most 86400), got "${value}"`,
      );
  }, 40_000);

  it('says --url is not a sandbox when a 2xx answer is not an admin answer (a TypeError, or exit 0, before)', async () => {
    for (const [args, what] of [
      [['trigger', 'investor.created'], 'the trigger'],
      [['deliveries'], 'the deliveries list'],
      [['deliveries', '--replay', 'dlv_x'], 'the replay'],
    ] as const) {
      expect(await refusedWith([...args, '--url', otherUrl], undefined, 1)).toBe(
        `zest-sandbox: ${otherUrl} answered ${what} with {"hello":"world"}, not what a zest-sandbox answers; is --url a sandbox?`,
      );
    }
  }, 40_000);

  it('refuses a --limit beyond a safe integer before calling anything', async () => {
    expect(await refusedWith(['deliveries', '--limit', '99999999999999999999', '--url', silentUrl])).toBe(
      'zest-sandbox: --limit must be a positive integer, got "99999999999999999999"',
    );
  });
});

describe('start-up options', () => {
  it('refuses an empty --config, --store-file or storeFile instead of silently running without them', async () => {
    expect(await refusedWith(['--config', '', '--port', '0'])).toBe(
      'zest-sandbox: --config needs a value, got an empty string',
    );
    expect(await refusedWith(['--store-file=', '--port', '0'])).toBe(
      'zest-sandbox: --store-file needs a value, got an empty string',
    );
    const cwd = mkdtempSync(join(work, 'empty-store-'));
    writeFileSync(join(cwd, 'c.json'), JSON.stringify({ storeFile: '' }));
    expect(await refusedWith(['--config', 'c.json', '--port', '0'], cwd)).toBe(
      'zest-sandbox: --config c.json: "storeFile" must be a non-empty string (a path)',
    );
  }, 40_000);

  it('puts parseArgs errors on one line, and reads --partners in decimal only', async () => {
    expect(await refusedWith(['--port', '-1'])).toMatch(/^zest-sandbox: Option '--port' argument is ambiguous\. /);
    for (const value of ['0x2', ' 2 '])
      expect(await refusedWith(['--partners', value, '--port', '0'])).toBe(
        `zest-sandbox: --partners must be an integer from 1 to 10, got "${value}"`,
      );
  }, 40_000);

  it('names --host, not allowedHosts, when the bind address is malformed', async () => {
    for (const host of ['[::1]', 'http://127.0.0.1'])
      expect(await refusal({ host })).toBe(
        `host ${JSON.stringify(host)} is not an address or host name to listen on (no scheme, port or brackets: 127.0.0.1, ::1, localhost)`,
      );
  });

  it('says a store file of a newer journal format needs an upgrade (not that it is no store file)', async () => {
    const storeFile = join(mkdtempSync(join(work, 'newer-')), 'state.db');
    writeFileSync(storeFile, 'zest-sandbox-journal/5\n');
    expect(await refusal({ storeFile })).toBe(
      `${storeFile} was written by a newer zest-sandbox (journal format 5; this version reads up to 4); upgrade @zestequity/partner-sandbox, or pass another --store-file`,
    );
  });
});

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('partners', () => {
  it('refuses a private key given as publicKeyPem (it was accepted: createPublicKey derives the public half)', async () => {
    const partner = makeTestPartner({ clientId: 'client_a' });
    expect(await refusal({ partners: [{ ...partner.config, publicKeyPem: privatePem }] })).toBe(
      'partners[0].publicKeyPem holds a private key; give the public key (SPKI PEM, BEGIN PUBLIC KEY) and keep the private key with the partner',
    );
    expect(await refusal({ partners: [{ ...partner.config, webhookUrl: 5 as unknown as string }] })).toBe(
      'partners[0].webhookUrl must be a string',
    );
  });

  it('refuses an unknown partner key in --config, and names the partner whose key file cannot be read', async () => {
    const cwd = mkdtempSync(join(work, 'config-'));
    const partner = { clientId: 'client_a', issuer: 'https://a.example', publicKeyPem: publicPem };
    writeFileSync(join(cwd, 'typo.json'), JSON.stringify({ partners: [{ ...partner, webhookURL: 'http://x' }] }));
    expect(await refusedWith(['--config', 'typo.json', '--port', '0'], cwd)).toBe(
      'zest-sandbox: --config typo.json: partners[0]: unknown key "webhookURL"; known: clientId, issuer, publicKeyPem, publicKeyPemFile, webhookUrl, webhookSecret, tenantSlug, name',
    );
    const { publicKeyPem: _, ...withoutKey } = partner;
    writeFileSync(
      join(cwd, 'nokey.json'),
      JSON.stringify({ partners: [{ ...withoutKey, publicKeyPemFile: 'a.pem' }] }),
    );
    expect(await refusedWith(['--config', 'nokey.json', '--port', '0'], cwd)).toMatch(
      /^zest-sandbox: --config nokey\.json: partners\[0\]\.publicKeyPemFile: cannot read a\.pem: ENOENT/,
    );
  }, 40_000);
});

describe('the development partner folder', () => {
  /** A working folder whose `.sandbox/partner.json` holds `content`. */
  function withPartnerJson(content: string): string {
    const cwd = mkdtempSync(join(work, 'dev-'));
    mkdirSync(join(cwd, '.sandbox'));
    writeFileSync(join(cwd, '.sandbox', 'partner.json'), content);
    return cwd;
  }

  it('names a corrupt partner.json, at start-up and for assertion (a bare JSON or TypeError message before)', async () => {
    for (const [content, why] of [
      ['{bad', "Expected property name or '}' in JSON at position 1"],
      ['null', 'not a JSON object'],
      ['{}', 'no "clientId"'],
    ]) {
      const cwd = withPartnerJson(content!);
      const file = join(cwd, '.sandbox', 'partner.json');
      const expected = `zest-sandbox: ${file} is not a usable development partner (${why}); move its folder away to create a new one`;
      expect(await refusedWith(['--port', '0'], cwd, 1)).toBe(expected);
      expect(await refusedWith(['assertion'], cwd, 1)).toBe(expected);
    }
  }, 60_000);

  it('names a partner.json whose key is not usable, and a .sandbox that is a file', async () => {
    const partner = { clientId: 'client_dev', issuer: 'http://localhost:3000', privateKeyPath: 'k.pem' };
    const cwd = withPartnerJson(JSON.stringify({ ...partner, publicKeyPem: privatePem }));
    expect(await refusedWith(['--port', '0'], cwd, 1)).toMatch(
      /is not a usable development partner \(publicKeyPem holds a private key; /,
    );
    const fileCwd = mkdtempSync(join(work, 'dev-file-'));
    writeFileSync(join(fileCwd, '.sandbox'), 'x');
    expect(await refusedWith(['--port', '0'], fileCwd, 1)).toBe(
      `zest-sandbox: ${join(fileCwd, '.sandbox')} is a file, not the development partner's folder; move it away (or pass --config)`,
    );
  }, 40_000);

  it('assertion names --lifetime and the key file it cannot read', async () => {
    const cwd = mkdtempSync(join(work, 'assertion-'));
    const flags = ['--client-id', 'c', '--issuer', 'https://i.example', '--private-key', cwd];
    expect(await refusedWith(['assertion', '--lifetime', 'abc', ...flags])).toBe(
      'zest-sandbox: --lifetime must be an integer from 1 to 300 (seconds), got "abc"',
    );
    expect(await refusedWith(['assertion', ...flags])).toMatch(
      new RegExp(`^zest-sandbox: cannot read the private key ${cwd}: EISDIR`),
    );
  }, 40_000);

  it('refuses a bad sandbox address for every command as a usage error (exit 2), never printing its password', async () => {
    const bad = [
      'notaurl',
      'ftp://sandbox.example',
      'http://127.0.0.1:8080/?x=1',
      'http://127.0.0.1:8080/#top',
      'http://admin:hunter2@127.0.0.1:8080',
      'http://admin:hun@ter2@127.0.0.1:8080',
    ];
    const commands = [
      (url: string) => ['trigger', 'investor.created', '--url', url],
      (url: string) => ['deliveries', '--url', url],
      (url: string) => ['deliveries', '--replay', 'dlv_x', '--url', url],
      (url: string) => ['--port', '0', '--base-url', url],
    ];
    for (const command of commands)
      for (const url of bad) {
        const cwd = mkdtempSync(join(work, 'address-'));
        const line = await refusedWith(command(url), cwd);
        expect(line, `${command(url).join(' ')}`).toMatch(/is not an absolute http:\/\/ or https:\/\/ URL/);
        expect(line).not.toContain('hunter2');
        expect(line).not.toContain('ter2');
        // Refused before anything is written: no development partner, key or webhook secret left behind.
        expect(readdirSync(cwd)).toEqual([]);
      }
  }, 120_000);

  it('refuses every other bad server option before writing .sandbox/', async () => {
    for (const args of [
      ['--port', 'abc'],
      ['--time-scale', '0'],
      ['--time-scale', '1e-9'],
      ['--partners', '11'],
      ['--breakage', 'nope'],
    ]) {
      const cwd = mkdtempSync(join(work, 'early-'));
      await refusedWith(args, cwd);
      expect(readdirSync(cwd), args.join(' ')).toEqual([]);
    }
  }, 60_000);

  it('assertion refuses an audience that is not a URL and a key that is not an Ed25519 private key (exit 2)', async () => {
    const cwd = mkdtempSync(join(work, 'assertion-keys-'));
    const ed = generateKeyPairSync('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const files = {
      ed25519: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      public: ed.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      rsa: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      text: 'not a key',
    };
    for (const [name, pem] of Object.entries(files)) writeFileSync(join(cwd, `${name}.pem`), pem);
    const flags = (key: string) => [
      '--client-id',
      'c',
      '--issuer',
      'https://i.example',
      '--private-key',
      join(cwd, key),
    ];
    for (const audience of ['notaurl', 'ftp://x.example', 'http://u:p@127.0.0.1:8080'])
      expect(await refusedWith(['assertion', '--audience', audience, ...flags('ed25519.pem')])).toContain(
        '--audience: ',
      );
    expect(await refusedWith(['assertion', '--audience', 'http://127.0.0.1:8080', ...flags('rsa.pem')])).toContain(
      'is an rsa key; partners sign with Ed25519 (EdDSA) only',
    );
    for (const key of ['public.pem', 'text.pem'])
      expect(await refusedWith(['assertion', '--audience', 'http://127.0.0.1:8080', ...flags(key)])).toContain(
        'is not a private key in PEM format',
      );
    const ok = await runToExit(['assertion', '--audience', 'http://127.0.0.1:8080/', ...flags('ed25519.pem')], cwd);
    expect(ok.code, ok.output).toBe(0);
    const [, payload] = ok.stdout.trim().split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString()).aud).toBe('http://127.0.0.1:8080');
  }, 60_000);

  it('deliveries refuses an unknown --status before calling anything', async () => {
    expect(await refusedWith(['deliveries', '--status', 'nope', '--url', 'http://127.0.0.1:9'])).toBe(
      'zest-sandbox: --status must be one of pending, delivered, dead, skipped, got "nope"',
    );
  });
});
