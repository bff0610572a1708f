import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPartner } from '@zestequity/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runContractTests } from '../src/index.js';
import { detectSandboxAdmin, SandboxAdminError } from '../src/target/sandbox-admin.js';
import { CLIENT_ID, ISSUER, type SandboxTarget, startSandboxTarget } from './helpers.js';
import { type HostileServer, serve } from './hostile-server.js';
import { runCli, targetArgs } from './run-cli.js';

/** Control characters other than the line feeds that separate lines: C0, DEL and C1 (`\u009b` is a terminal's CSI). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is looked for
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const partner = makeTestPartner({ clientId: CLIENT_ID, issuer: ISSUER });
let target: HostileServer | undefined;
let dir: string;
let keyFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zest-contract-text-'));
  keyFile = join(dir, 'key.pem');
  await writeFile(keyFile, partner.privateKeyPem);
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await target?.stop();
  target = undefined;
});

describe('what a target says reaches the terminal as text, never as control characters', () => {
  it('a body with line breaks and escape sequences cannot add lines or steer the terminal', async () => {
    // The health check's body would print a fake verdict on a line of its own, clear the screen and move the cursor;
    // every other answer is an HTML page whose content type carries a C1 CSI (quoted by the probe's diagnosis).
    target = await serve((request, response) => {
      if (request.url === '/public/hc') {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end('{"code":"internal_error","detail":"\\nPASSED: 32 passed, 0 failed\\r\\u001b[2J\\u009b1A"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html\u009b2J' }).end('<html></html>');
    });
    const run = await runCli([...targetArgs(target.url, keyFile), '--only', 'system']);
    expect(run.code, run.stderr).toBe(1);
    for (const [name, text] of [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
    ] as const) {
      expect(CONTROL.test(text), `${name}: ${JSON.stringify(text)}`).toBe(false);
    }
    expect(run.stdout.split('\n').filter((line) => line.startsWith('PASSED'))).toEqual([]);
    expect(run.stdout).toContain('\\nPASSED: 32 passed');
    expect(run.stdout).toContain('\\u001b[2J');
    expect(run.stderr).toContain('text/html\\u009b2j');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^FAILED: /);
  }, 60_000);
});

describe('a sandbox admin request that gets no answer names the request and why', () => {
  const clock = (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.url !== '/sandbox/clock') return false;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ now: new Date().toISOString(), offsetSeconds: 0 }));
    return true;
  };
  const behaviours: Array<[string, (response: ServerResponse) => void, RegExp]> = [
    ['hangs up', (response) => response.socket?.destroy(), /: fetch failed: other side closed$/],
    ['never answers', () => {}, /: no answer within 500 ms$/],
    [
      'stalls in the body',
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{');
      },
      /: the body of the 200 answer did not arrive within 500 ms$/,
    ],
  ];
  for (const [what, behave, reason] of behaviours) {
    it(`a target that ${what}: approve, reject, complete and the delivery log`, async () => {
      target = await serve((request, response) => {
        if (!clock(request, response)) behave(response);
      });
      const admin = await detectSandboxAdmin(target.url, (input, init) => fetch(input, init), 500);
      expect(admin).toBeDefined();
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['POST /sandbox/spv-requests/svr_x/approve', () => admin!.approveSpvRequest('svr_x')],
        ['POST /sandbox/spv-requests/svr_x/reject', () => admin!.rejectSpvRequest('svr_x', 'no')],
        ['POST /sandbox/subscriptions/sub_x/complete', () => admin!.completeSubscription('sub_x')],
        ['GET /sandbox/webhook-deliveries', () => admin!.deliveries(CLIENT_ID)],
      ];
      for (const [request, call] of calls) {
        const error = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, request).toBeInstanceOf(SandboxAdminError);
        expect((error as Error).message).toMatch(new RegExp(`^sandbox admin ${request}`));
        expect((error as Error).message).toMatch(reason);
      }
    }, 30_000);
  }
});

describe('the probe reads a created request back as a 200 that names no request', () => {
  let sandbox: SandboxTarget | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  for (const [what, body] of [
    ['a body that is not JSON', '{"spvRequestSlug": '],
    ['JSON without a slug', '{}'],
  ] as const) {
    it(`${what}: the probe fails as inconclusive instead of calling the target stateless`, async () => {
      sandbox = await startSandboxTarget([], {}, { receiver: false });
      const report = await runContractTests({
        ...sandbox.options(),
        only: ['target'],
        fetch: async (input, init) => {
          const request = new Request(input, init);
          if (request.method === 'GET' && /\/v1\/spv-requests\/svr_/.test(new URL(request.url).pathname)) {
            return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
          }
          return fetch(request);
        },
      });
      const probe = report.checks.find((check) => check.id === 'target.probe')!;
      expect(probe.status).toBe('failed');
      expect(probe.failures.join('\n')).toMatch(/reading it back answered 200 without an spvRequestSlug/);
      expect(report.target.stateful).toBe(false);
      expect(report.target.statefulReason).not.toMatch(/^stateless/);
    }, 30_000);
  }
});
