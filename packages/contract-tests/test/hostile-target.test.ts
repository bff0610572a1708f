import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPartner } from '@zestequity/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type ContractTestOptions, runContractTests } from '../src/index.js';
import { detectSandboxAdmin, SandboxAdminError } from '../src/target/sandbox-admin.js';
import { CLIENT_ID, ISSUER } from './helpers.js';
import {
  type HostileServer,
  startClockServer,
  startHostileServer,
  startRedirectServer,
  type TokenBehaviour,
} from './hostile-server.js';
import { runCli, targetArgs } from './run-cli.js';

const partner = makeTestPartner({ clientId: CLIENT_ID, issuer: ISSUER });

describe('a target that misbehaves on the wire', () => {
  let server: HostileServer | undefined;

  async function target(behaviour: TokenBehaviour): Promise<HostileServer> {
    server = await startHostileServer(behaviour);
    return server;
  }
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  function options(url: string, extra: Partial<ContractTestOptions> = {}): ContractTestOptions {
    return { baseUrl: url, clientId: CLIENT_ID, issuer: ISSUER, privateKey: partner.privateKeyPem, ...extra };
  }

  it('stops reading an endless body at 16 MiB and fails the check with that reason', async () => {
    const { url } = await target('endless-body');
    const started = Date.now();
    const report = await runContractTests(options(url, { only: ['target'], requestTimeoutMs: 20_000 }));
    // Far below the request timeout: the cap, not the clock, ended the read.
    expect(Date.now() - started).toBeLessThan(15_000);
    const probe = report.checks.find((c) => c.id === 'target.probe')!;
    expect(probe.status).toBe('failed');
    expect(probe.failures).toContainEqual(
      expect.stringContaining(
        "exchangeJwtAssertion 201: body-too-large at body: the 201 answer's body is larger than the 16777216 bytes",
      ),
    );
    expect(report.summary.ok).toBe(false);
  }, 30_000);

  it('reads no more than 16 MiB of what a target answers to the sandbox admin API probe', async () => {
    const { url } = await target('endless-clock');
    const started = Date.now();
    const report = await runContractTests(options(url, { only: ['target'] }));
    // The admin probe waits 5 s at most; an uncapped read would use all of it (and gigabytes of memory).
    expect(Date.now() - started).toBeLessThan(4000);
    expect(report.target.sandboxAdmin).toBe(false);
  }, 30_000);

  it('times out a body that stops arriving, even with a fetch that drops the signal once headers are in', async () => {
    const { url } = await target('stalled-body');
    // A fetch that never sees the suite's signal: only the suite's own read can stop waiting.
    const deaf: ContractTestOptions['fetch'] = (input, init) => fetch(input, { ...init, signal: null });
    const started = Date.now();
    const report = await runContractTests(options(url, { only: ['target'], requestTimeoutMs: 1000, fetch: deaf }));
    expect(Date.now() - started).toBeLessThan(10_000);
    const probe = report.checks.find((c) => c.id === 'target.probe')!;
    // Whichever gives up first, the suite's read or the token exchange's own deadline (the first request is the
    // exchange), the run ends on the 1000 ms it was given.
    expect(probe.failures).toContainEqual(
      expect.stringMatching(/the body of the 201 answer did not arrive within 1000 ms|got no response within 1000 ms/),
    );
  }, 30_000);

  it('does not follow a redirect of the sandbox admin API to another origin', async () => {
    // The other origin answers the clock like a sandbox; following the redirect would make the run approve, reject
    // and read webhook deliveries there.
    const elsewhere = await startClockServer();
    const redirecting = await startRedirectServer(elsewhere.url);
    try {
      const report = await runContractTests(options(redirecting.url, { only: ['target'], requestTimeoutMs: 2000 }));
      expect(report.target.sandboxAdmin).toBe(false);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await redirecting.stop();
      await elsewhere.stop();
    }
  }, 30_000);

  it("reads no more than 16 MiB of a sandbox admin API's delivery log, and says so", async () => {
    const fake = await startClockServer(true);
    try {
      const admin = await detectSandboxAdmin(fake.url, (input, init) => fetch(input, init), 10_000);
      expect(admin).toBeDefined();
      const started = Date.now();
      const read = admin!.deliveries(CLIENT_ID);
      await expect(read).rejects.toBeInstanceOf(SandboxAdminError);
      await expect(read).rejects.toThrow(/larger than the 16777216 bytes/);
      // Uncapped, the read went on (gigabytes on loopback) until the 10 s admin timeout.
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await fake.stop();
    }
  }, 30_000);

  it('waits for the token exchange as long as --timeout-ms says, and says so', async () => {
    const { url } = await target('hang');
    const dir = await mkdtemp(join(tmpdir(), 'zest-contract-hang-'));
    try {
      const keyFile = join(dir, 'key.pem');
      await writeFile(keyFile, partner.privateKeyPem);
      const run = await runCli([
        ...targetArgs(url, keyFile),
        ...['--timeout-ms', '2000', '--quiet', '--reporter', 'json'],
      ]);
      expect(run.code).toBe(1);
      const probe = JSON.parse(run.stdout).checks.find((c: { id: string }) => c.id === 'target.probe');
      const text = probe.failures.join('\n');
      expect(text).toContain('got no response within 2000 ms');
      expect(text).not.toContain('10000 ms');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
