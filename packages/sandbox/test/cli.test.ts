import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '@zestequity/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { fileForm, makePartner, PDF, spvRequestBody, startReceiver, tokenFromKeyFile, useTempDir } from './helpers.js';
import { raw } from './raw-http.js';

const BIN = fileURLToPath(new URL('../bin/zest-sandbox.js', import.meta.url));
const work = useTempDir('zest-sandbox-cli-');
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
});

/** Starts the real bin and resolves once it prints its URL. */
async function launch(
  args: string[],
  cwd: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 15_000);
    const check = () => {
      const match = /API v1 on (http:\/\/[^ ]+:\d+)/.exec(output);
      if (match && output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

const runToExit = (args: string[], cwd: string) => runNode(BIN, args, { cwd });

describe('zest-sandbox command', () => {
  it('several first starts at the same moment in one folder share one development partner that matches its key', async () => {
    for (let round = 0; round < 3; round++) {
      const cwd = mkdtempSync(join(work, 'race-'));
      const started = await Promise.all(Array.from({ length: 4 }, () => launch([], cwd)));
      const partner = JSON.parse(readFileSync(join(cwd, '.sandbox', 'partner.json'), 'utf8'));
      // Every sandbox runs with the partner on disk: a token minted from the key file works on each of them.
      for (const { url } of started) expect(await tokenFromKeyFile(url, partner)).toMatch(/\S/);
      expect(started.filter((s) => s.output().includes('Created a development partner')).length).toBeLessThanOrEqual(1);
    }
  }, 60_000);

  it('creates a development partner under .sandbox/ on first start, prints how to use it, and reuses it', async () => {
    const cwd = mkdtempSync(join(work, 'dev-'));
    const { url, output, child } = await launch([], cwd);
    const partner = JSON.parse(readFileSync(join(cwd, '.sandbox', 'partner.json'), 'utf8'));
    expect(partner).toMatchObject({
      clientId: 'client_dev',
      privateKeyPath: join(cwd, '.sandbox', 'private-key.pem'),
      webhookSecret: expect.stringMatching(/^whsec_[0-9a-f]+$/),
    });
    expect(statSync(partner.privateKeyPath).mode & 0o077).toBe(0);
    // The folder ignores itself, so `git add .` in a partner's project never stages the private key.
    expect(readFileSync(join(cwd, '.sandbox', '.gitignore'), 'utf8')).toBe('*\n');
    const git = spawnSync('git', ['init', '-q'], { cwd });
    if (git.status === 0) {
      spawnSync('git', ['add', '-A'], { cwd });
      const staged = spawnSync('git', ['ls-files', '--cached'], { cwd, encoding: 'utf8' }).stdout;
      expect(staged).not.toContain('private-key.pem');
    }
    expect(output()).toContain('Created a development partner');
    expect(output()).toContain(`ZEST_PRIVATE_KEY_PATH`);
    // What to do next, as commands that work in a partner's own project (nothing assumes this repository).
    expect(output()).toContain(`source ${join(cwd, '.sandbox', 'env')}`);
    expect(output()).toContain('npm install @zestequity/partner-api-client');
    expect(output()).toContain('npx -p @zestequity/partner-api-contract-tests zest-contract-tests');
    expect(output()).toContain(
      `curl -X POST -H 'content-type: application/json' ${url}/sandbox/spv-requests/<spvRequestSlug>/approve`,
    );
    expect(output()).toContain('in memory');
    expect(readFileSync(join(cwd, '.sandbox', 'env'), 'utf8')).toContain(`export ZEST_BASE_URL=${url}`);
    const accessToken = await tokenFromKeyFile(url, partner);
    const info = await fetch(`${url}/v1/oauth2/info`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(((await info.json()) as { clientId: string }).clientId).toBe('client_dev');
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));

    const again = await launch([], cwd);
    expect(again.output()).toContain('Using the development partner');
    expect(JSON.parse(readFileSync(join(cwd, '.sandbox', 'partner.json'), 'utf8')).publicKeyPem).toBe(
      partner.publicKeyPem,
    );
  });

  it('--partners 2 mints a second development partner, a separate tenant, exported as ZEST_SECOND_* for the contract tests', async () => {
    const cwd = mkdtempSync(join(work, 'two-'));
    const { url, output } = await launch(['--partners', '2'], cwd);
    const first = JSON.parse(readFileSync(join(cwd, '.sandbox', 'partner.json'), 'utf8'));
    const second = JSON.parse(readFileSync(join(cwd, '.sandbox', 'partner-2', 'partner.json'), 'utf8'));
    expect(second).toMatchObject({
      clientId: 'client_dev_2',
      tenantSlug: 'dev-2',
      privateKeyPath: join(cwd, '.sandbox', 'partner-2', 'private-key.pem'),
    });
    expect(second.publicKeyPem).not.toBe(first.publicKeyPem);
    expect(statSync(second.privateKeyPath).mode & 0o077).toBe(0);
    expect(output()).toContain('client_dev, client_dev_2');
    const env = readFileSync(join(cwd, '.sandbox', 'env'), 'utf8');
    expect(env).toContain('export ZEST_SECOND_CLIENT_ID=client_dev_2');
    expect(env).toContain(`export ZEST_SECOND_PRIVATE_KEY_PATH=${second.privateKeyPath}`);

    // Two tenants: what the first creates does not exist for the second.
    const [one, two] = [await tokenFromKeyFile(url, first), await tokenFromKeyFile(url, second)];
    const created = await fetch(`${url}/v1/spv-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${one}`, 'content-type': 'application/json', 'idempotency-key': 'two-tenants' },
      body: JSON.stringify(spvRequestBody()),
    });
    expect(created.status).toBe(201);
    const slug = ((await created.json()) as { spvRequestSlug: string }).spvRequestSlug;
    expect(
      (await fetch(`${url}/v1/spv-requests/${slug}`, { headers: { authorization: `Bearer ${two}` } })).status,
    ).toBe(404);
    expect(
      (await fetch(`${url}/v1/spv-requests/${slug}`, { headers: { authorization: `Bearer ${one}` } })).status,
    ).toBe(200);
  });

  it('runs the quickstart end to end against the command, webhooks included', async () => {
    const cwd = mkdtempSync(join(work, 'quickstart-'));
    // Create the dev partner once to learn its secret, then start with a receiver as its webhook URL.
    const first = await launch([], cwd);
    first.child.kill('SIGTERM');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const partner = JSON.parse(readFileSync(join(cwd, '.sandbox', 'partner.json'), 'utf8'));
    const receiver = await startReceiver(partner.webhookSecret);
    try {
      const { url } = await launch(['--webhook-url', receiver.url, '--time-scale', '1000'], cwd);
      const auth = { authorization: `Bearer ${await tokenFromKeyFile(url, partner)}` };
      const json = { ...auth, 'content-type': 'application/json' };
      const created = await (
        await fetch(`${url}/v1/spv-requests`, {
          method: 'POST',
          headers: { ...json, 'idempotency-key': 'qs-1' },
          body: JSON.stringify(spvRequestBody()),
        })
      ).json();
      const approved = await (
        await fetch(`${url}/sandbox/spv-requests/${created.spvRequestSlug}/approve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        })
      ).json();
      const spvSlug = approved.materialisedRefs.vehicleSlug;
      const investors = await (
        await fetch(`${url}/v1/investors`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({
            investors: [
              {
                partnerInvestorId: 'acme-inv-7341',
                email: 'alice@example.com',
                firstName: 'Alice',
                lastName: 'Liddell',
                dateOfBirth: '1985-04-12',
              },
            ],
          }),
        })
      ).json();
      const personId = investors.results[0].zestPersonId;
      const subs = await (
        await fetch(`${url}/v1/spvs/${spvSlug}/subscriptions`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({
            subscriptions: [
              {
                zestPersonId: personId,
                lumpSum: { currency: 'USD', value: '50000.00' },
                shareClassSlug: approved.feesAndCarry.shareClasses[0].slug,
              },
            ],
          }),
        })
      ).json();
      expect(
        (
          await fetch(`${url}/v1/spvs/${spvSlug}/subscription/${personId}/forms`, {
            method: 'POST',
            headers: auth,
            body: fileForm(PDF, 'application/pdf'),
          })
        ).status,
      ).toBe(201);
      const funding = await fetch(`${url}/v1/spvs/${spvSlug}/subscription/${personId}/fundings`, {
        method: 'POST',
        headers: auth,
        body: fileForm(PDF, 'application/pdf', { amount: '50000.00', currency: 'USD', wireReference: 'W-1' }),
      });
      expect(funding.status).toBe(201);
      expect(
        (
          await fetch(`${url}/sandbox/subscriptions/${subs.results[0].subscriptionSlug}/complete`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(200);
      await receiver.waitFor((all) => all.some((r) => r.event?.eventType === 'subscription.completed'));
      expect(receiver.received.every((r) => r.event && !r.error)).toBe(true);
      expect(new Set(receiver.received.map((r) => r.event!.eventType))).toEqual(
        new Set([
          'spv_request.created',
          'spv_request.completed',
          'investor.created',
          'subscription.created',
          'signed_subscription_form.uploaded',
          'funding_receipt.uploaded',
          'subscription.completed',
        ]),
      );
    } finally {
      await receiver.close();
    }
  });

  it('takes partners, faults and a store file from --config, and only breaks the contract when asked', async () => {
    const cwd = mkdtempSync(join(work, 'config-'));
    const partner = makePartner();
    writeFileSync(join(cwd, 'partner.pub.pem'), partner.config.publicKeyPem);
    const { publicKeyPem: _inline, ...rest } = partner.config;
    writeFileSync(
      join(cwd, 'sandbox.json'),
      JSON.stringify({
        partners: [{ ...rest, publicKeyPemFile: 'partner.pub.pem' }],
        faults: { serviceUnavailable: { probability: 1 } },
        storeFile: 'state.json',
      }),
    );
    const { url, output } = await launch(['--config', 'sandbox.json', '--breakage', 'spv-request-missing-field'], cwd);
    expect(output()).toContain(partner.config.clientId);
    expect(output()).toContain(`file ${join(cwd, 'state.json')}`);
    expect(output()).toContain('WARNING: contract deliberately broken: spv-request-missing-field');
    expect(output()).not.toContain('development partner');
    expect((await fetch(`${url}/v1/contracts`)).status).toBe(503);
    expect((await fetch(`${url}/sandbox/faults`)).status).toBe(200);

    const plain = await launch(['--config', 'sandbox.json', '--store-file', join(cwd, 'other.json')], cwd);
    expect(plain.output()).not.toContain('WARNING');
  });

  it('takes allowed hosts from --allowed-host and the config, and turns on the assertion replay check with its flag', async () => {
    const cwd = mkdtempSync(join(work, 'hosts-'));
    writeFileSync(join(cwd, 'sandbox.json'), JSON.stringify({ partners: [], allowedHosts: ['devbox.test'] }));
    const { url, output } = await launch(
      ['--config', 'sandbox.json', '--allowed-host', 'other.test', '--reject-replayed-assertions'],
      cwd,
    );
    expect(output()).toContain('replayed assertions are refused');
    // Other names than loopback ones: the banner says the admin API is open to whoever reaches the sandbox by them.
    expect(output()).toMatch(
      /WARNING: answering as devbox\.test, other\.test: anyone who reaches it can use the admin API/,
    );
    const port = new URL(url).port;
    for (const [host, status] of [
      ['devbox.test', 200],
      ['other.test', 200],
      ['localhost', 200],
      ['evil.test', 403],
    ] as const) {
      expect((await raw(url, { path: '/sandbox/clock', headers: { host: `${host}:${port}` } })).status, host).toBe(
        status,
      );
    }
  });

  it('warns in its banner when bound beyond loopback, and not on a loopback address', async () => {
    const cwd = mkdtempSync(join(work, 'exposed-'));
    const wide = await launch(['--host', '0.0.0.0'], cwd);
    expect(wide.output()).toMatch(/WARNING: listening on 0\.0\.0\.0: anyone who reaches it can use the admin API/);
    wide.child.kill('SIGTERM');
    const loopback = await launch(['--host', '127.0.0.2'], cwd);
    expect(loopback.output()).not.toContain('WARNING');
    loopback.child.kill('SIGTERM');
  });

  it('makes a reused development key and its folder private again when they were left readable by others', async () => {
    const cwd = mkdtempSync(join(work, 'perms-'));
    const first = await launch([], cwd);
    first.child.kill('SIGTERM');
    const key = join(cwd, '.sandbox', 'private-key.pem');
    chmodSync(key, 0o644);
    chmodSync(join(cwd, '.sandbox'), 0o755);
    const again = await launch([], cwd);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(statSync(join(cwd, '.sandbox')).mode & 0o777).toBe(0o700);
    expect(again.output()).toContain(`${key}: was readable by other users (mode 644); made it 600`);
    // And the partner still works with that key.
    const partner = JSON.parse(readFileSync(join(cwd, '.sandbox', 'partner.json'), 'utf8'));
    expect(await tokenFromKeyFile(again.url, partner)).toMatch(/\S/);
  });

  it("shows and writes the address it answers on, and a start that fails leaves the running one's env alone", async () => {
    const cwd = mkdtempSync(join(work, 'host-'));
    // Bound to 127.0.0.2, `localhost` does not reach it: the banner and .sandbox/env name the bound address.
    const { child, url } = await launch(['--host', '127.0.0.2'], cwd);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    const env = () => readFileSync(join(cwd, '.sandbox', 'env'), 'utf8');
    expect(env()).toContain(`export ZEST_BASE_URL=${url}`);
    expect((await fetch(`${url}/public/hc`)).status).toBe(200);
    // A second start on the port already taken fails, and leaves the env file of the first as it was.
    const before = env();
    const port = new URL(url).port;
    const second = await runToExit(['--host', '127.0.0.2', '--port', port], cwd);
    expect(second.code).toBe(1);
    expect(env()).toBe(before);
    child.kill('SIGTERM');
  });

  it('exits with a clear message on bad flags or config', async () => {
    const cwd = mkdtempSync(join(work, 'bad-'));
    const unknown = await runToExit(['--nope'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/Unknown option '--nope'/);
    const breakage = await runToExit(['--breakage', 'everything'], cwd);
    expect(breakage.output).toMatch(/unknown --breakage everything/);
    writeFileSync(
      join(cwd, 'bad.json'),
      JSON.stringify({ partners: [{ clientId: 'x', issuer: 'y', publicKeyPem: 'not a key' }] }),
    );
    const config = await runToExit(['--config', 'bad.json', '--port', '0'], cwd);
    expect(config.code).toBe(2);
    expect(config.output).toMatch(/partners\[0\]\.publicKeyPem is not a PEM public key/);
    // A bad --webhook-url is refused before it is saved: it used to stay in .sandbox/partner.json and fail every
    // later start, with the flag or without.
    for (const bad of ['ftp://x.example/hook', 'http://user:pw@x.example/hook', 'not a url']) {
      const refused = await runToExit(['--webhook-url', bad, '--port', '0'], cwd);
      expect(refused.code, bad).toBe(2);
      expect(refused.output, bad).toMatch(/--webhook-url (must be http\(s\)|must not carry a user name|is not a URL)/);
    }
    // Folders that cannot be made: a clear refusal, not a hang (Node's recursive mkdir spun forever under /proc).
    const unmakeable = [
      [join(cwd, 'bad.json', 'sub', 'state.db'), join(cwd, 'bad.json', 'sub')],
      ['/dev/null/sub/state.db', '/dev/null/sub'],
    ];
    if (process.platform === 'linux')
      unmakeable.push(
        ['/proc/zest-nope/state.db', '/proc/zest-nope'],
        ['/sys/zest-nope/sub/state.db', '/sys/zest-nope'],
      );
    for (const [storeFile, folder] of unmakeable) {
      const refused = await runNode(BIN, ['--store-file', storeFile!, '--port', '0'], { cwd, timeoutMs: 10_000 });
      expect(refused.signal, storeFile).toBeNull();
      expect(refused.code, storeFile).toBe(1);
      expect(refused.stderr.trim(), storeFile).toMatch(
        new RegExp(`^zest-sandbox: cannot create the folder ${folder}: (ENOENT|ENOTDIR|EACCES|EPERM):`),
      );
    }
    const { child } = await launch([], cwd);
    child.kill('SIGTERM');
    const help = await runToExit(['--help'], cwd);
    expect(help.code).toBe(0);
    expect(help.output).toContain('--time-scale');
    expect(help.output).toContain('--allowed-host');
    expect(help.output).toContain('--reject-replayed-assertions');
    // A dozen commands run to their exit, each a fresh Node: under a full parallel CI run that took over 30 s.
  }, 120_000);
});
