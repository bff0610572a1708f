import dns from 'node:dns';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { authedClient, createInvestor, makePartner, startTestSandbox } from './helpers.js';

/**
 * Webhook delivery as a misbehaving receiver sees it: what an attempt records when the receiver cannot be reached, and
 * that a redirect is an answer (a failed attempt), never followed.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
  vi.restoreAllMocks();
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A sandbox whose one partner's webhooks go to `url`; its log lines are kept. Sends one event. */
async function sendOneEvent(url: string): Promise<{ sandbox: Sandbox; lines: string[] }> {
  const lines: string[] = [];
  const partner = makePartner({ webhookUrl: url });
  // Time scale 1: the retry after a failure is 30 s away, so each test sees exactly the first attempt.
  const sandbox = await startTestSandbox([partner], { timeScale: 1, log: (line) => lines.push(line) });
  cleanups.push(() => sandbox.stop());
  await createInvestor(await authedClient(sandbox, partner));
  return { sandbox, lines };
}

async function firstAttempt(sandbox: Sandbox) {
  for (let i = 0; i < 500 && (sandbox.admin.deliveries()[0]?.attempts.length ?? 0) === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const [row] = sandbox.admin.deliveries();
  expect(row?.attempts.length).toBe(1);
  return { row: row!, attempt: row!.attempts[0]! };
}

describe('a webhook attempt that reaches no receiver', () => {
  it('records why, when the host resolves to several addresses that all refuse (localhost on most machines)', async () => {
    const port = await closedPort();
    // `dual-stack.test` stands for `localhost` where it is both ::1 and 127.0.0.1: Node then tries each address and
    // reports an AggregateError whose own message is empty.
    const lookup = dns.lookup;
    vi.spyOn(dns, 'lookup').mockImplementation(((host: string, options: unknown, callback: unknown) => {
      if (host !== 'dual-stack.test') return (lookup as (...args: unknown[]) => void)(host, options, callback);
      const done = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
      const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
      const addresses = [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ];
      if (all) done(null, addresses);
      else done(null, '127.0.0.1', 4);
    }) as typeof dns.lookup);
    const { sandbox, lines } = await sendOneEvent(`http://dual-stack.test:${port}/hook`);
    const { row, attempt } = await firstAttempt(sandbox);
    expect(row.status).toBe('pending');
    expect(attempt).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNREFUSED/) });
    expect(attempt.statusCode).toBeUndefined();
    expect(lines.find((line) => line.includes(' attempt 1 -> '))).toMatch(/attempt 1 -> \S/);
  });

  it('records a refused [::1] receiver with its error text, not a blank', async () => {
    const { sandbox } = await sendOneEvent(`http://[::1]:${await closedPort()}/hook?tenant=acme`);
    const { attempt } = await firstAttempt(sandbox);
    expect(attempt.ok).toBe(false);
    expect(attempt.error).toMatch(/\S/);
    expect(attempt.error).toBe(attempt.error!.trim());
  });
});

describe('a receiver that speaks plain HTTP on an https:// webhookUrl', () => {
  it('records the TLS failure on one line (OpenSSL ends its message in a newline, which split the log line)', async () => {
    const plain = createServer((req, res) => {
      req.resume();
      res.end();
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          plain.closeAllConnections();
          plain.close(() => resolve());
        }),
    );
    const { sandbox, lines } = await sendOneEvent(`https://127.0.0.1:${(plain.address() as AddressInfo).port}/hook`);
    const { attempt } = await firstAttempt(sandbox);
    expect(attempt.ok).toBe(false);
    expect(attempt.error).toMatch(/\S/);
    expect(attempt.error).not.toMatch(/\n/);
    expect(lines.filter((line) => line.includes(' attempt 1 -> ')).join('')).not.toMatch(/\n/);
  });
});

describe('a receiver that redirects', () => {
  it('has a failed attempt with the 3xx status; the sandbox never follows it (the signature stays with the partner)', async () => {
    let followed = 0;
    const elsewhere = createServer((req, res) => {
      followed++;
      req.resume();
      res.end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/stolen`;
    const redirecting = createServer((req, res) => {
      req.resume();
      res.writeHead(307, { location: target }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => elsewhere.close(() => resolve())));
    cleanups.push(() => new Promise<void>((resolve) => redirecting.close(() => resolve())));
    const { sandbox } = await sendOneEvent(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/hook`);
    const { row, attempt } = await firstAttempt(sandbox);
    expect(attempt).toMatchObject({ ok: false, statusCode: 307 });
    expect(row.status).toBe('pending');
    expect(followed).toBe(0);
  });
});
