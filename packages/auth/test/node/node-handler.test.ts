import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createExpressWebhookHandler,
  createNodeWebhookHandler,
  type NodeWebhookRequest,
  signWebhook,
  type WebhookEvent,
} from '../../src/node.js';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const quiet = () => {};
const body = (eventId = 'wde_2c5d6b3e9f1a4d7c') =>
  JSON.stringify({
    eventId,
    eventType: 'investor.created',
    occurredAt: '2026-05-07T12:00:00.123Z',
    data: { partnerInvestorId: 'acme-inv-7341' },
  });

let server: Server | undefined;
afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
  }
  server = undefined;
});

async function listen(listener: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zest`;
}

async function post(url: string, payload: string, header?: string | null): Promise<{ status: number; json: unknown }> {
  const signature = header === undefined ? await signWebhook({ payload, secret }) : header;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'Zest-Signature': signature }) },
    body: payload,
  });
  return { status: response.status, json: await response.json() };
}

describe('createNodeWebhookHandler (node:http)', () => {
  it('reads the raw body from the stream, answers 200 and delivers the event once', async () => {
    const events: WebhookEvent[] = [];
    const url = await listen(createNodeWebhookHandler({ secret, onEvent: (e) => void events.push(e), onError: quiet }));
    expect(await post(url, body())).toEqual({ status: 200, json: { received: true } });
    expect(await post(url, body())).toEqual({ status: 200, json: { received: true, duplicate: true } });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toEqual(JSON.parse(body()));
  });

  it('answers 400 on a bad or missing signature and never calls onEvent', async () => {
    const onEvent = vi.fn();
    const url = await listen(createNodeWebhookHandler({ secret, onEvent, onError: quiet }));
    expect(await post(url, body(), await signWebhook({ payload: body(), secret: 'whsec_wrong' }))).toEqual({
      status: 400,
      json: { error: 'signature_mismatch' },
    });
    expect(await post(url, body(), null)).toEqual({ status: 400, json: { error: 'missing_header' } });
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('verifies bytes exactly as sent, even when they arrive in many small chunks', async () => {
    const payload = body().replace('acme', 'Zoë 🚀 株式');
    const url = await listen(createNodeWebhookHandler({ secret, onEvent: quiet, onError: quiet }));
    const header = await signWebhook({ payload, secret });
    const bytes = Buffer.from(payload);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        url,
        { method: 'POST', headers: { 'zest-signature': header, 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      // Split inside multi-byte characters on purpose.
      for (let i = 0; i < bytes.length; i += 3) req.write(bytes.subarray(i, i + 3));
      req.end();
    });
    expect(status).toBe(200);
  });

  it('survives a sender that hangs up mid-body, and answers the next delivery', async () => {
    const onEvent = vi.fn();
    const url = new URL(await listen(createNodeWebhookHandler({ secret, onEvent, onError: quiet })));
    for (const framing of ['content-length: 100', 'transfer-encoding: chunked']) {
      const socket = connect(Number(url.port), url.hostname);
      await new Promise((resolve) => socket.once('connect', resolve));
      const partial = framing.startsWith('transfer') ? '5\r\n{"eve' : '{"eventId":';
      socket.write(`POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\n${framing}\r\n\r\n${partial}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The process is still here (an unhandled rejection would have failed this test run) and still answering.
    expect((await post(url.href, body())).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it('answers 413 to a body over maxBodyBytes and 405 to other methods', async () => {
    const url = await listen(createNodeWebhookHandler({ secret, onEvent: quiet, maxBodyBytes: 32, onError: quiet }));
    expect((await post(url, body())).status).toBe(413);
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('createExpressWebhookHandler (Express-shaped (req, res, next) middleware, no Express dependency)', () => {
  /** What express.raw() / express.json() leave behind: the stream consumed, `req.body` set. */
  function withBodyParser(
    parse: (raw: Buffer) => unknown,
    middleware: ReturnType<typeof createExpressWebhookHandler>,
    next = vi.fn(),
  ) {
    return (req: NodeWebhookRequest, res: Parameters<ReturnType<typeof createExpressWebhookHandler>>[1]) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        req.body = parse(Buffer.concat(chunks));
        middleware(req, res, next);
      });
    };
  }

  it('works after express.raw() (req.body is the raw Buffer)', async () => {
    const events: WebhookEvent[] = [];
    const url = await listen(
      withBodyParser(
        (raw) => raw,
        createExpressWebhookHandler({ secret, onEvent: (e) => void events.push(e), onError: quiet }),
      ),
    );
    expect(await post(url, body())).toEqual({ status: 200, json: { received: true } });
    await vi.waitFor(() => expect(events).toHaveLength(1));
  });

  it('works with no body parser on the route (reads the stream itself)', async () => {
    const url = await listen((req, res) =>
      createExpressWebhookHandler({ secret, onEvent: quiet, onError: quiet })(req, res, vi.fn()),
    );
    expect((await post(url, body())).status).toBe(200);
  });

  it('refuses with payload_not_raw after express.json(), and says why', async () => {
    const errors: Error[] = [];
    const url = await listen(
      withBodyParser(
        (raw) => JSON.parse(raw.toString()),
        createExpressWebhookHandler({ secret, onEvent: quiet, onError: (e) => void errors.push(e as Error) }),
      ),
    );
    expect(await post(url, body())).toEqual({ status: 400, json: { error: 'payload_not_raw' } });
    expect(errors[0]!.message).toMatch(/express\.raw/);
  });

  it('passes unexpected failures to next()', async () => {
    const next = vi.fn();
    const boom = new Error('socket exploded');
    const req = Object.assign(Object.create(null), {
      method: 'POST',
      headers: {},
      readableEnded: false,
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(boom) }),
    }) as NodeWebhookRequest;
    createExpressWebhookHandler({ secret, onEvent: quiet, onError: quiet })(req, {} as never, next);
    await vi.waitFor(() => expect(next).toHaveBeenCalledWith(boom));
  });
});
