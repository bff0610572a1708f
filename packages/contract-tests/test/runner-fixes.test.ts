import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { makeTestPartner } from '@zestequity/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type ContractTestOptions, runContractTests } from '../src/index.js';
import { CLIENT_ID, ISSUER, type SandboxTarget, startSandboxTarget } from './helpers.js';

const partner = makeTestPartner({ clientId: CLIENT_ID, issuer: ISSUER });

/** A loopback server that accepts every connection and never answers a byte. */
async function startBlackhole(): Promise<{ url: string; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a target that accepts connections but never answers', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('stops the run after the probe times out, naming the timeout and the URL, and skips the rest', async () => {
    const blackhole = await startBlackhole();
    stop = blackhole.stop;
    const options: ContractTestOptions = {
      baseUrl: blackhole.url,
      clientId: CLIENT_ID,
      issuer: ISSUER,
      privateKey: partner.privateKeyPem,
      requestTimeoutMs: 300,
      useSandboxAdmin: false,
    };
    const report = await runContractTests(options);
    const probe = report.checks.find((c) => c.id === 'target.probe')!;
    expect(probe.status).toBe('failed');
    const others = report.checks.filter((c) => c.id !== 'target.probe' && c.id !== 'coverage.every-operation');
    expect(others.length).toBeGreaterThan(10);
    for (const check of others) {
      expect(check).toMatchObject({ status: 'skipped', requests: 0, failures: [] });
      expect(check.reason).toBe(
        `the target did not answer the probe (POST ${blackhole.url}/v1/oauth2/tokens: no answer within 300 ms)`,
      );
    }
    // Only the probe's own request was made; coverage does not blame checks that never ran.
    expect(report.summary.requests).toBe(1);
    expect(report.summary.failed).toBe(1);
    expect(report.checks.find((c) => c.id === 'coverage.every-operation')?.status).toBe('not_applicable');
    expect(report.summary.ok).toBe(false);
  }, 30_000);
});

describe('tenancy.subscriptions against a sandbox whose subscriptions act for the SPV owner', () => {
  let target: SandboxTarget | undefined;
  afterEach(async () => {
    await target?.stop();
    target = undefined;
  });

  it("fails: the second partner can subscribe to the first partner's SPV", async () => {
    target = await startSandboxTarget(['tenant-spv-by-owner']);
    const report = await runContractTests(target.options({ only: ['tenancy.subscriptions'] }));
    const check = report.checks.find((c) => c.id === 'tenancy.subscriptions')!;
    expect(check.status).toBe('failed');
    expect(check.failures.join('\n')).toMatch(
      /the second partner subscribing the first partner's investor \(psn_\w+\) to the first partner's SPV \S+: expected 404 not_found.*, got 201/,
    );
    expect(report.summary.ok).toBe(false);
  });

  it('passes against a healthy sandbox', async () => {
    target = await startSandboxTarget();
    const report = await runContractTests(target.options({ only: ['tenancy.subscriptions'] }));
    const check = report.checks.find((c) => c.id === 'tenancy.subscriptions')!;
    expect(check.failures).toEqual([]);
    expect(check.status).toBe('passed');
  });
});

describe('credentials the target refuses', () => {
  let target: SandboxTarget | undefined;
  afterEach(async () => {
    await target?.stop();
    target = undefined;
  });

  it('fail the probe once; public operations are still called anonymously, token checks are not applicable', async () => {
    target = await startSandboxTarget();
    const report = await runContractTests(target.options({ clientId: 'client_nope', skip: ['webhooks'] }));
    const failed = report.checks.filter((c) => c.status === 'failed');
    // The probe's exchange is the root failure; auth.token-exchange makes its own exchange, which is its subject.
    expect(failed.map((c) => c.id)).toEqual(['target.probe', 'auth.token-exchange']);
    expect(failed[1]!.failures).toEqual([expect.stringMatching(/^the token exchange: expected 201, got 401/)]);
    const tokenErrors = report.checks.flatMap((c) => c.failures).filter((f) => f.includes('TokenExchangeError'));
    expect(tokenErrors).toHaveLength(1);
    const registry = report.checks.find((c) => c.id === 'contracts.registry')!;
    expect(registry.status).toBe('not_applicable');
    expect(registry.reason).toBe('needs a token, and the token exchange failed: see target.probe');
    const uncalled = report.coverage.filter((c) => c.state === 'uncovered');
    expect(uncalled).toEqual([]);
    for (const id of ['getHealth', 'listContractVersions', 'listContractTemplates', 'getContractSample']) {
      expect(report.coverage.find((c) => c.operationId === id)?.state).toBe('covered');
    }
    expect(report.summary.ok).toBe(false);
  });
});

/** A loopback server that answers every request with `handle`'s page, or hangs up on every connection. */
async function startServer(kind: 'html' | 'hang-up'): Promise<{ url: string; stop: () => Promise<void> }> {
  const server =
    kind === 'html'
      ? createHttpServer((request, response) => {
          request.resume();
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          response.end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
        })
      : createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a base URL that points at something other than the API', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });
  const optionsFor = (baseUrl: string): ContractTestOptions => ({
    baseUrl,
    clientId: CLIENT_ID,
    issuer: ISSUER,
    privateKey: partner.privateKeyPem,
    requestTimeoutMs: 2000,
    useSandboxAdmin: false,
    only: ['target'],
  });

  it('https:// to a plain HTTP server: one line, the original reason, and a hint about the scheme', async () => {
    const server = await startServer('html');
    stop = server.stop;
    const url = server.url.replace(/^http:/, 'https:');
    const report = await runContractTests(optionsFor(url));
    const probe = report.checks.find((c) => c.id === 'target.probe')!;
    expect(probe.status).toBe('failed');
    expect(probe.failures[0]).toBe('the target may not speak https — check the scheme of --base-url');
    expect(probe.failures.every((f) => !f.includes('\n'))).toBe(true);
    expect(probe.failures.join('\n')).toMatch(/wrong version number|SSL routines/);
    const skipped = report.checks.find((c) => c.id === 'system.health')!;
    expect(skipped.status).toBe('skipped');
    expect(skipped.reason).toMatch(/; the target may not speak https — check the scheme of --base-url\)$/);
  }, 30_000);

  it('a target that hangs up on first contact: the reason and a hint about the scheme', async () => {
    const server = await startServer('hang-up');
    stop = server.stop;
    const report = await runContractTests(optionsFor(server.url));
    const probe = report.checks.find((c) => c.id === 'target.probe')!;
    expect(probe.failures[0]).toBe('the target may not speak http — check the scheme of --base-url');
    expect(probe.failures.join('\n')).toMatch(/other side closed|ECONNRESET|socket hang up/);
  }, 30_000);

  it('a target answering HTML: says once that it does not look like the Zest API', async () => {
    const server = await startServer('html');
    stop = server.stop;
    const progress: string[] = [];
    const report = await runContractTests({ ...optionsFor(server.url), onProgress: (line) => progress.push(line) });
    const probe = report.checks.find((c) => c.id === 'target.probe')!;
    const diagnosis = `the target at ${server.url} does not look like the Zest API (it answered text/html)`;
    expect(probe.status).toBe('failed');
    expect(probe.failures[0]).toBe(diagnosis);
    expect(probe.failures.filter((f) => f === diagnosis)).toHaveLength(1);
    expect(progress.filter((line) => line === diagnosis)).toHaveLength(1);
  }, 30_000);
});
