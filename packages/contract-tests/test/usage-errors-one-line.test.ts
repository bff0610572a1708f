import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractTestConfigError, runContractTests } from '../src/index.js';
import { CLIENT_ID, ISSUER } from './helpers.js';
import { type HostileServer, startHostileServer } from './hostile-server.js';
import { runCli, targetArgs } from './run-cli.js';

function pem(type: 'ed25519' | 'rsa'): string {
  return generateKeyPairSync(type as 'ed25519', {
    ...(type === 'rsa' ? { modulusLength: 2048 } : {}),
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

describe('every usage error is one line on stderr, exit 2', () => {
  let server: HostileServer;
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    server = await startHostileServer('not-found');
    dir = await mkdtemp(join(tmpdir(), 'zest-contract-usage-'));
    await writeFile(file('ed25519.pem'), pem('ed25519'));
    await writeFile(file('rsa.pem'), pem('rsa'));
    // Text over several lines, as a PEM is: what the refusal quotes of it must not break the line.
    await writeFile(file('junk.pem'), 'junk\nline two\n');
    await writeFile(file('ab.pem'), 'a\nb\n');
  });
  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every way to get the options wrong, each with what its one line must say. */
  function cases(): [string, string[], RegExp][] {
    const base = (extra: string[]) => [...targetArgs(server.url, file('ed25519.pem')), '--quiet', ...extra];
    const key = (path: string) => [...targetArgs(server.url, path), '--quiet'];
    const list: [string, string[], RegExp][] = [
      ['unknown flag', ['--bogus'], /Unknown option '--bogus'/],
      ['missing options', ['--quiet'], /missing --base-url, --client-id, --issuer, --private-key-file/],
      ['empty option', base(['--audience', '']), /--audience needs a value/],
      ['repeated option', base(['--issuer', ISSUER]), /--issuer is given more than once/],
      ['bad reporter', base(['--reporter', 'xml']), /--reporter must be human, json or junit/],
      ['bad timeout', base(['--timeout-ms', '0']), /--timeout-ms must be a whole number/],
      ['bad webhook wait', base(['--webhook-wait-ms', 'soon']), /--webhook-wait-ms must be a whole number/],
      ['unreadable key', key(file('no-such.pem')), /cannot read --private-key-file/],
      ['key that is no PEM', key(file('junk.pem')), /--private-key-file must hold a PKCS#8 PEM/],
      ['RSA key', key(file('rsa.pem')), new RegExp(`the private key of ${CLIENT_ID} is not an Ed25519 key`)],
      ['missing --output directory', base(['--output', file('nope/r.xml')]), /the directory .*nope does not exist/],
      ['directory as --output', base(['--output', dir]), /it is a directory/],
      ['half a second partner', base(['--second-client-id', 'other']), /a second partner needs all of/],
      ['same second partner', base(secondAs(CLIENT_ID)), /secondPartner must be another client/],
      ['unreadable request file', base(['--spv-request-file', file('none.json')]), /cannot read --spv-request-file/],
      ['request file not JSON', base(['--spv-request-file', file('ab.pem')]), /ab\.pem is not JSON: .*"a\\nb\\n"/],
      ['spec not JSON', base(['--spec', file('junk.pem')]), /cannot read the spec: .*junk\.pem/],
      ['spec quoting newlines', base(['--spec', file('ab.pem')]), /cannot read the spec: .*"a\\nb\\n"/],
      ['missing spec', base(['--spec', file('none.json')]), /cannot read the spec/],
      ['--only naming nothing', base(['--only', ',']), /--only names no check or tag/],
      ['--skip naming no check', base(['--skip', 'nosuch']), /skip \(--skip\) names no check or tag: nosuch/],
      ['base URL not a URL', key0('not a url'), /baseUrl \(--base-url\) is not a URL/],
      ['base URL not http', key0('ftp://127.0.0.1/'), /must be http\(s\)/],
      ['base URL with a password', key0('http://u:secret@127.0.0.1/'), /must not contain a user name or password/],
      ['base URL with a query', key0(`${server.url}/?a=1`), /must not have a query string/],
      ['base URL with a line break', key0(`${server.url}/\n`), /must not contain spaces, tabs or line breaks/],
      ['webhook listen', base(['--webhook-listen', 'nohost.invalid:x']), /cannot listen for webhooks/],
    ];
    // The file system refuses a file there even to root, whose permission bits pass everywhere.
    if (existsSync('/proc/self')) list.push(['--output in /proc', base(['--output', '/proc/r.xml']), /\/proc/]);
    return list;

    function key0(baseUrl: string): string[] {
      return [...targetArgs(baseUrl, file('ed25519.pem')), '--quiet'];
    }
    function secondAs(clientId: string): string[] {
      return [
        ...['--second-client-id', clientId, '--second-issuer', ISSUER],
        ...['--second-private-key-file', file('ed25519.pem')],
      ];
    }
  }

  it('for each of them: the message and a pointer to --help, on one line; nothing on stdout', async () => {
    const all = cases();
    const runs = await Promise.all(all.map(([, args]) => runCli(args)));
    all.forEach(([name, , message], index) => {
      const run = runs[index]!;
      const context = `${name}: ${JSON.stringify(run.stderr)}`;
      expect(run.code, context).toBe(2);
      expect(run.stdout, context).toBe('');
      expect(run.stderr, context).toMatch(/^zest-contract-tests: [^\n]* — run with --help for the options\n$/);
      expect(run.stderr, context).toMatch(message);
      expect(run.stderr, context).not.toContain('Usage:');
    });
  }, 60_000);

  it('--help still prints the usage, on stdout', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: zest-contract-tests/);
  });

  it('runContractTests rejects a spec quoting lines with a one-line ContractTestConfigError', async () => {
    const run = runContractTests({
      baseUrl: server.url,
      clientId: CLIENT_ID,
      issuer: ISSUER,
      privateKey: pem('ed25519'),
      specPath: file('ab.pem'),
    });
    await expect(run).rejects.toBeInstanceOf(ContractTestConfigError);
    const message = await run.catch((error: Error) => error.message);
    expect(message).not.toMatch(/[\r\n]/);
    expect(message).toContain('"a\\nb\\n"');
  });
});
