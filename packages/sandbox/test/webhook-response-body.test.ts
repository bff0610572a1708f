import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { authedClient, client, createInvestor, makePartner, startTestSandbox } from './helpers.js';

/**
 * A receiver decides an attempt by its status line; whatever body follows is none of the sandbox's business. These
 * receivers answer 200 and then never finish the body: the sandbox must not keep reading it, and no socket to them may
 * outlive `stop()`.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface BodyReceiver {
  url: string;
  /** Bytes of body the receiver got to hand to the kernel (what the sandbox could have read). */
  written: () => number;
  /** Resolves once the receiver's connection from the sandbox is closed. */
  closed: Promise<void>;
}

/** A loopback receiver that answers 200 headers, then feeds the body with `feed` until the connection closes. */
async function startBodyReceiver(
  feed: (res: ServerResponse, count: (n: number) => void) => void,
): Promise<BodyReceiver> {
  let written = 0;
  let onClosed!: () => void;
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  const server = createServer((req, res) => {
    req.resume();
    req.socket.once('close', onClosed);
    res.on('error', () => {});
    res.writeHead(200, { 'content-type': 'text/plain' });
    feed(res, (n) => (written += n));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, written: () => written, closed };
}

/** Starts a sandbox whose partner's webhooks go to `url`, and makes it send one event. */
async function sendOneEvent(url: string): Promise<Sandbox> {
  const partner = makePartner({ webhookUrl: url });
  const sandbox = await startTestSandbox([partner], { timeScale: 100_000 });
  // stop() is idempotent: the tests call it themselves, this only covers a test that failed before.
  cleanups.push(() => sandbox.stop());
  await createInvestor(await authedClient(sandbox, partner));
  return sandbox;
}

/** The delivery rows the admin API shows once one of them has an attempt (bounded wait). */
async function firstAttempt(sandbox: Sandbox): Promise<any> {
  const admin = client(sandbox);
  for (let i = 0; i < 300; i++) {
    const list = await admin.call('GET', '/sandbox/webhook-deliveries');
    const row = list.body.deliveries.find((d: any) => d.attempts?.length > 0);
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no attempt was recorded within 3 s');
}

/** Whether `promise` settles within `ms`. */
const within = (promise: Promise<void>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('a webhook receiver that answers 200 but never ends its body', () => {
  it('trickling: the attempt is delivered, and no connection to the receiver outlives stop()', async () => {
    const receiver = await startBodyReceiver((res, count) => {
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write('.');
        count(1);
      }, 20);
      res.once('close', () => clearInterval(timer));
    });
    const sandbox = await sendOneEvent(receiver.url);
    const row = await firstAttempt(sandbox);
    expect(row.status).toBe('delivered');
    expect(row.attempts[0]).toMatchObject({ ok: true, statusCode: 200 });
    await sandbox.stop();
    expect(await within(receiver.closed, 2000)).toBe(true);
  });

  it('endless: the attempt is delivered, the sandbox reads a bounded amount, and stop() leaves no connection', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const receiver = await startBodyReceiver((res, count) => {
      // As fast as the sandbox takes it: write until the socket pushes back, then again on drain.
      const pump = () => {
        while (!res.destroyed) {
          count(chunk.length);
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    const sandbox = await sendOneEvent(receiver.url);
    const row = await firstAttempt(sandbox);
    expect(row.status).toBe('delivered');
    expect(row.attempts[0]).toMatchObject({ ok: true, statusCode: 200 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // What loopback socket buffers hold, not the hundreds of megabytes a reader would take in that half second.
    expect(receiver.written()).toBeLessThan(32 * 1024 * 1024);
    await sandbox.stop();
    expect(await within(receiver.closed, 2000)).toBe(true);
  });
});
