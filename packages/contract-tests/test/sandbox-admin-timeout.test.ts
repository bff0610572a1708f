import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPartner } from '@zestequity/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runContractTests } from '../src/index.js';
import { CLIENT_ID, ISSUER } from './helpers.js';
import { serve } from './hostile-server.js';
import { runCli, targetArgs } from './run-cli.js';

interface Target {
  url: string;
  stop(): Promise<void>;
}

const partner = makeTestPartner({ clientId: CLIENT_ID, issuer: ISSUER });
let target: Target | undefined;
let dir: string;
let keyFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zest-contract-admin-'));
  keyFile = join(dir, 'key.pem');
  await writeFile(keyFile, partner.privateKeyPem);
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await target?.stop();
  target = undefined;
});

/** Accepts every connection and never sends a byte. */
async function startSilentTarget(): Promise<Target> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers `GET /sandbox/clock` as the sandbox does, but only after `delayMs`; 404 to anything else at once. */
function startSlowClock(delayMs: number): Promise<Target> {
  return serve((request, response) => {
    if (request.url !== '/sandbox/clock') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"not_found"}');
      return;
    }
    const timer = setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ now: new Date().toISOString(), offsetSeconds: 0 }));
    }, delayMs);
    response.on('close', () => clearTimeout(timer));
  });
}

function options(baseUrl: string, requestTimeoutMs: number) {
  return { baseUrl, clientId: CLIENT_ID, issuer: ISSUER, privateKey: partner.privateKeyPem, requestTimeoutMs };
}

describe('the sandbox admin API is looked for within --timeout-ms, like every other request', () => {
  // Which timeout the admin requests use is shown by the slow clocks below (found or not found by --timeout-ms); no
  // wall-clock bound here, which a loaded CI machine would break.
  it('a target that never answers: the run ends with the probe named, not hung', async () => {
    target = await startSilentTarget();
    const run = await runCli([...targetArgs(target.url, keyFile), '--quiet', '--timeout-ms', '1000']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('no answer within 1000 ms');
  }, 30_000);

  it('a sandbox whose clock answers after 1.5 s is found with --timeout-ms 3000', async () => {
    target = await startSlowClock(1500);
    const report = await runContractTests({ ...options(target.url, 3000), only: ['target'] });
    expect(report.target.sandboxAdmin).toBe(true);
  }, 30_000);

  it('the same sandbox is not waited for past a 1000 ms timeout', async () => {
    target = await startSlowClock(1500);
    const report = await runContractTests({ ...options(target.url, 1000), only: ['target'] });
    expect(report.target.sandboxAdmin).toBe(false);
  }, 30_000);

  it('a clock slower than the 5 s it used to be given is found when --timeout-ms allows it', async () => {
    target = await startSlowClock(5500);
    const run = await runCli([
      ...targetArgs(target.url, keyFile),
      '--quiet',
      '--timeout-ms',
      '8000',
      '--only',
      'target',
      '--reporter',
      'json',
    ]);
    const report = JSON.parse(run.stdout) as { target: { sandboxAdmin: boolean } };
    expect(report.target.sandboxAdmin).toBe(true);
  }, 30_000);
});
