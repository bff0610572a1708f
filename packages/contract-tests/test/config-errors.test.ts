import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledSpecPath } from '@zestequity/spec-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractTestConfigError, runContractTests } from '../src/index.js';
import { CLIENT_ID, ISSUER } from './helpers.js';
import { type HostileServer, startHostileServer } from './hostile-server.js';
import { type CliRun, runCli, targetArgs } from './run-cli.js';

/** A refusal of the options: exit 2, one line saying why, no stack trace. */
function expectRefused(run: CliRun, message: string | RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  const first = run.stderr.split('\n')[0]!;
  expect(first).toMatch(typeof message === 'string' ? message : message);
  expect(first).toMatch(/^zest-contract-tests: /);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

function pem(type: 'ed25519' | 'rsa' | 'ec'): string {
  const options =
    type === 'rsa' ? { modulusLength: 2048 } : type === 'ec' ? { namedCurve: 'P-256' } : ({} as Record<string, never>);
  return generateKeyPairSync(type as 'ed25519', {
    ...options,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

describe('the CLI refuses configuration that cannot work, before sending anything', () => {
  let server: HostileServer;
  let dir: string;
  let keyFile: string;

  const args = (extra: string[], baseUrl = server.url) => [...targetArgs(baseUrl, keyFile), '--quiet', ...extra];

  beforeAll(async () => {
    // Answers 404 to everything: a run that got as far as the network would be seen in `requests`.
    server = await startHostileServer('not-found');
    dir = await mkdtemp(join(tmpdir(), 'zest-contract-config-'));
    keyFile = join(dir, 'ed25519.pem');
    await writeFile(keyFile, pem('ed25519'));
  });
  afterAll(async () => {
    expect(server.requests).toEqual([]);
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('an --output it cannot write: exit 2 with one line, not a stack after the whole run', async () => {
    const run = await runCli(args(['--output', join(dir, 'no-such-dir', 'r.json')]));
    expectRefused(run, /cannot write --output .*r\.json: the directory .*no-such-dir does not exist/);
    expectRefused(await runCli(args(['--output', dir])), 'it is a directory');
  });

  it('a private key that is not Ed25519: RSA, EC P-256, garbage base64, a truncated PEM', async () => {
    const good = pem('ed25519');
    const keys = {
      rsa: pem('rsa'),
      ec: pem('ec'),
      garbage: '-----BEGIN PRIVATE KEY-----\nnotbase64!!\n-----END PRIVATE KEY-----\n',
      truncated: good.slice(0, good.length / 2),
    };
    for (const [name, text] of Object.entries(keys)) {
      const file = join(dir, `${name}.pem`);
      await writeFile(file, text);
      // The key is the only one given: a second --private-key-file is refused as a repeated option.
      const run = await runCli([...targetArgs(server.url, file), '--quiet']);
      expectRefused(run, `the private key of ${CLIENT_ID} is not an Ed25519 key`);
    }
  });

  it('a --timeout-ms or --webhook-wait-ms longer than a timer can wait', async () => {
    expectRefused(await runCli(args(['--timeout-ms', '2147483648'])), '--timeout-ms must be a whole number of ms');
    expectRefused(await runCli(args(['--timeout-ms', '4294967296'])), '--timeout-ms must be a whole number of ms');
    expectRefused(await runCli(args(['--webhook-wait-ms', '2147483648'])), '--webhook-wait-ms must be');
  });

  it('a --timeout-ms or --webhook-wait-ms not written in decimal digits (hex, exponent, padding, sign, fraction)', async () => {
    for (const value of ['0x10', '1e3', ' 100', '100 ', '+100', '100.0', '-1', '0'])
      for (const flag of ['--timeout-ms', '--webhook-wait-ms'])
        expectRefused(await runCli(args([`${flag}=${value}`])), `${flag} must be a whole number of ms`);
  });

  it('a --spec whose $refs go round in a loop that never reaches a schema', async () => {
    const spec = JSON.parse(await readFile(bundledSpecPath(), 'utf8'));
    spec.components.schemas.LoopA = { $ref: '#/components/schemas/LoopB' };
    spec.components.schemas.LoopB = { $ref: '#/components/schemas/LoopA' };
    spec.components.schemas.SpvRequestResponse.properties.loop = { $ref: '#/components/schemas/LoopA' };
    const file = join(dir, 'cycle.json');
    await writeFile(file, JSON.stringify(spec));
    const run = await runCli(args(['--spec', file]));
    expectRefused(run, /cannot read the spec: .*\$ref loop that never reaches a schema: .*LoopA -> .*LoopB -> .*LoopA/);
  });

  it('an --only or --skip naming no check or tag, listing the names that exist', async () => {
    for (const flag of ['--only', '--skip']) {
      const run = await runCli(args([flag, 'auth,nosuchtag']));
      expectRefused(run, `(${flag}) names no check or tag: nosuchtag`);
      expect(run.stderr).toContain('Tags: target, system, auth');
      expect(run.stderr).toContain('auth.token-exchange');
    }
  });

  it('an --only or --skip that names nothing at all (only commas), instead of selecting every check', async () => {
    for (const flag of ['--only', '--skip']) {
      expectRefused(await runCli(args([flag, ','])), `${flag} names no check or tag: ","`);
    }
  });

  it('an option given twice, or with an empty value, instead of silently keeping one of them', async () => {
    // The second --base-url would have been the one used; the server behind the first would see nothing.
    const twice = await runCli(args(['--base-url', 'http://127.0.0.1:9']));
    expectRefused(twice, '--base-url is given more than once');
    expectRefused(await runCli(args(['--timeout-ms', '1000', '--timeout-ms', '2000'])), '--timeout-ms is given more');
    // An empty --webhook-secret fell back to ZEST_WEBHOOK_SECRET, an empty --audience to the base URL.
    for (const flag of ['--audience', '--webhook-secret', '--output', '--only']) {
      expectRefused(await runCli(args([flag, ''])), `${flag} needs a value, got an empty one`);
    }
    // Repeating --only is documented and still works: the refusal here is for the unknown name only.
    expectRefused(await runCli(args(['--only', 'auth', '--only', 'nosuchtag'])), 'names no check or tag: nosuchtag');
  });

  it('an unknown option or a stray argument, on one line with the same prefix as every refusal', async () => {
    expectRefused(await runCli(args(['--bogus'])), "Unknown option '--bogus'");
    expectRefused(await runCli(args(['stray'])), "Unexpected argument 'stray'");
  });

  it('a base URL with credentials (never printed), a query, a fragment, or another scheme', async () => {
    const withPassword = server.url.replace('://', '://partner:hunter2-secret@');
    const run = await runCli(args([], withPassword));
    expectRefused(run, '(--base-url) must not contain a user name or password');
    expect(run.stdout + run.stderr).not.toContain('hunter2-secret');
    const unparsable = await runCli(args([], 'http://partner:hunter2-secret@[nope'));
    expectRefused(unparsable, '(--base-url) is not a URL');
    expect(unparsable.stdout + unparsable.stderr).not.toContain('hunter2-secret');
    for (const url of [`${server.url}/?env=sandbox`, `${server.url}/?`, `${server.url}/#v1`]) {
      expectRefused(await runCli(args([], url)), '(--base-url) must not have a query string or a fragment');
    }
    expectRefused(await runCli(args([], 'ftp://127.0.0.1/')), '(--base-url) must be http(s)');
    // A trailing space ended in a stack trace; a tab or CR (a .env file edited on Windows) reached the token's `aud`.
    for (const url of [`${server.url} `, `${server.url}\r`, `${server.url}\t/api`]) {
      const run = await runCli(args([], url));
      expectRefused(run, '(--base-url) must not contain spaces, tabs or line breaks');
      expect(run.stderr).not.toContain('Invalid URL');
    }
  });

  it('the same refusals from runContractTests, as ContractTestConfigError', async () => {
    const options = { baseUrl: server.url, clientId: CLIENT_ID, issuer: ISSUER, privateKey: pem('ed25519') };
    const refusals = [
      { ...options, privateKey: pem('ec') },
      { ...options, requestTimeoutMs: 2 ** 31 },
      { ...options, only: ['nosuchtag'] },
      { ...options, baseUrl: `${server.url}/?a=1` },
      { ...options, baseUrl: `${server.url} ` },
    ];
    for (const refused of refusals) {
      await expect(runContractTests(refused)).rejects.toBeInstanceOf(ContractTestConfigError);
      await expect(runContractTests(refused)).rejects.toMatchObject({ code: 'invalid_config' });
    }
  });
});
