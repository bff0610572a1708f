// Answers the SDK cannot use, from a real local server: a success whose body is not JSON, a body that breaks off, a
// body that never ends. Each must come back as a typed ZestError, never as a bare
// SyntaxError or stream error, and never as a hang.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createZestClient, ZestApiError, ZestError, ZestNetworkError, ZestTimeoutError } from '../src/index.js';
import { spvCreate, UUID_V4, useLoopbacks } from './helpers.js';

type Handler = (res: ServerResponse, attempt: number) => void;
const loopback = useLoopbacks();

/** A loopback server answering with `handler` (attempts counted from 1), closed after the test. */
async function serve(handler: Handler): Promise<{ url: string; attempts: () => number }> {
  const server = await loopback((res, index) => handler(res, index + 1));
  return { url: server.url, attempts: () => server.hits.length };
}

const instant = { maxAttempts: 3, sleep: async () => {} };

describe('a success whose body is not JSON', () => {
  for (const [what, body] of [
    ['an HTML page (a proxy or captive portal)', '<html><body>Please sign in</body></html>'],
    ['a truncated document', '{"spvRequestSlug": "svr_1", "sta'],
  ] as const) {
    it(`is a ZestApiError unexpected_response: ${what}`, async () => {
      const { url } = await serve((res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
      const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' } });
      const result = await zest.spvRequests.get('svr_1');
      expect(result.data).toBeUndefined();
      expect(result.error).toBeInstanceOf(ZestApiError);
      expect(result.error).toMatchObject({ status: 200, code: 'unexpected_response', body });
      expect(result.error!.message).toContain('HTTP 200 answer is not JSON');
      const thrown = await zest.spvRequests.get('svr_1', { throwOnError: true }).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(ZestApiError);
    });
  }

  it('is a ZestApiError too when the answer is chunked (no Content-Length), which openapi-fetch parses itself', async () => {
    const { url } = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('<html><body>Please ');
      res.end('sign in</body></html>');
    });
    const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' } });
    const result = await zest.spvRequests.get('svr_1');
    expect(result.response.headers.get('content-length')).toBeNull();
    expect(result.error).toMatchObject({ status: 200, code: 'unexpected_response' });
    expect(result.response.status).toBe(200);
  });

  it('carries the Idempotency-Key of a create, so the partner can resend it safely', async () => {
    const { url } = await serve((res) => res.writeHead(201, { 'content-type': 'application/json' }).end('<html>'));
    const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' } });
    const thrown = await zest.spvRequests.create(spvCreate, { throwOnError: true }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ZestApiError);
    expect(thrown).toMatchObject({ status: 201, code: 'unexpected_response' });
    expect((thrown as ZestApiError).idempotencyKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('still reads an empty body as no data and JSON null as null', async () => {
    const { url } = await serve((res, n) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(n === 1 ? '' : 'null'),
    );
    const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' } });
    const empty = await zest.spvRequests.get('svr_1');
    expect([empty.data, empty.error]).toEqual([undefined, undefined]);
    const nothing = await zest.spvRequests.get('svr_1');
    expect([nothing.data, nothing.error]).toEqual([null, undefined]);
  });
});

describe('a body that breaks off', () => {
  const halfThenReset: Handler = (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"spvRequestSlug":');
    setTimeout(() => res.socket?.destroy(), 10);
  };

  for (const timeoutMs of [30_000, 0]) {
    it(`is a ZestNetworkError naming the cut, not a bare stream error (timeoutMs ${timeoutMs})`, async () => {
      const { url, attempts } = await serve(halfThenReset);
      const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' }, retry: instant, timeoutMs });
      const thrown = await zest.spvRequests.get('svr_1').catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(ZestNetworkError);
      expect(thrown).not.toBeInstanceOf(ZestTimeoutError);
      expect(thrown).toMatchObject({ code: 'network_error', attempts: 1 });
      expect((thrown as Error).message).toMatch(/broke off before its body was complete/);
      // The answer had already been handed over when its body broke off: the transport cannot send it again.
      expect(attempts()).toBe(1);
    });
  }

  it('carries the Idempotency-Key of a create', async () => {
    const { url } = await serve(halfThenReset);
    const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' } });
    const thrown = await zest.spvRequests.create(spvCreate).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ZestNetworkError);
    expect((thrown as ZestNetworkError).idempotencyKey).toMatch(UUID_V4);
  });
});

describe('a body that never ends', () => {
  it('times out like an answer that never starts (ZestTimeoutError), instead of hanging', async () => {
    const { url } = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"spvRequestSlug":');
    });
    const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' }, timeoutMs: 200, retry: false });
    const thrown = await zest.spvRequests.get('svr_1').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ZestTimeoutError);
    expect(thrown).toMatchObject({ code: 'timeout', timeoutMs: 200 });
  });
});

describe('an empty success openapi-fetch does not read (Content-Length: 0)', () => {
  it('is handed back as it came, with or without a per-attempt timeout', async () => {
    const { url } = await serve((res) => res.writeHead(200, { 'content-length': '0' }).end());
    const errors = [];
    for (const timeoutMs of [0, 30_000]) {
      const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' }, timeoutMs });
      const result = await zest.spvRequests.get('svr_1');
      expect(result.error).toBeUndefined();
      // Left for the caller to read: its own json() fails the way fetch's does, not as a ZestApiError.
      errors.push(await result.response.json().catch((e: unknown) => e));
    }
    expect(errors.map((e) => [e instanceof SyntaxError, e instanceof ZestApiError])).toEqual([
      [true, false],
      [true, false],
    ]);
  });

  it('reads as fetch would when the caller reads it: text, then a second read failing with fetch TypeError', async () => {
    const { url } = await serve((res) => res.writeHead(200, { 'content-length': '0' }).end());
    const plain = await fetch(url);
    const reads = [[await plain.text(), await plain.text().catch((e: unknown) => e)]];
    for (const timeoutMs of [0, 30_000]) {
      const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' }, timeoutMs });
      const { response } = await zest.spvRequests.get('svr_1');
      reads.push([await response.text(), await response.text().catch((e: unknown) => e)]);
    }
    expect(reads.map(([text, again]) => [text, (again as Error).constructor, again instanceof ZestError])).toEqual([
      ['', TypeError, false],
      ['', TypeError, false],
      ['', TypeError, false],
    ]);
  });
});
