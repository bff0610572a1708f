// How a raw call's answer is read, whichever `parseAs` it chose, and how a failed read comes back: JSON asked for or
// left to the SDK is checked alike, a stream is handed over unread, and a body that breaks off is a ZestNetworkError
// whichever way it was being read, with or without a per-attempt timer. A middleware that reads the answer first gets
// it as JSON, and many calls at once each get their own answer. From a real local server.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createZestClient, ZestApiError, ZestNetworkError } from '../src/index.js';
import { answer, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();
const PATH = '/v1/spv-requests/{slug}';
const params = { path: { slug: 'svr_1' } };
const html = '<html><body>Please sign in</body></html>';

function chunkedHtml(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(html.slice(0, 10));
  res.end(html.slice(10));
}

function htmlWithLength(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(html.length) });
  res.end(html);
}

function cutOff(status: number) {
  return (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"code":');
    setTimeout(() => res.socket?.destroy(), 10);
  };
}

/** A client, without retries, of a loopback server answering every request with `handler`. */
async function clientOf(timeoutMs: number, handler: (res: ServerResponse) => void) {
  const server = await loopback((res) => handler(res));
  return createZestClient({ baseUrl: server.url, auth: { accessToken: 't' }, timeoutMs, retry: false });
}

describe.each([0, 30_000])('a raw call (timeoutMs %d)', (timeoutMs) => {
  const client = (handler: (res: ServerResponse) => void) => clientOf(timeoutMs, handler);

  it('parses the body for `parseAs: "json"` as when it is left out, and types a body that is not JSON alike', async () => {
    const zest = await client((res) => answer(res, 200, { spvRequestSlug: 'svr_1' }));
    for (const init of [{ params }, { params, parseAs: 'json' as const }]) {
      expect((await zest.GET(PATH, init)).data).toEqual({ spvRequestSlug: 'svr_1' });
    }
    // Read by openapi-fetch with text() (no Content-Length) and with json() (one given).
    for (const broken of [await client(chunkedHtml), await client(htmlWithLength)]) {
      for (const init of [{ params }, { params, parseAs: 'json' as const }]) {
        const { data, error } = await broken.GET(PATH, init);
        expect(data).toBeUndefined();
        expect(error).toBeInstanceOf(ZestApiError);
        expect(error).toMatchObject({ status: 200, code: 'unexpected_response', body: html });
      }
    }
  });

  it('hands back the unread stream for `parseAs: "stream"`, for the caller to read', async () => {
    const zest = await client((res) => answer(res, 200, { spvRequestSlug: 'svr_1' }));
    const { data, response } = await zest.GET(PATH, { params, parseAs: 'stream' });
    expect(data).toBeInstanceOf(ReadableStream);
    expect(response.bodyUsed).toBe(false);
    expect(JSON.parse(await new Response(data as ReadableStream).text())).toEqual({ spvRequestSlug: 'svr_1' });
  });

  for (const [what, status, parseAs] of [
    ['a success read as JSON', 200, undefined],
    ['a success read as text', 200, 'text'],
    ['a failed status (its error body)', 500, undefined],
  ] as const) {
    it(`types a body that breaks off in ${what} as a ZestNetworkError`, async () => {
      const zest = await client(cutOff(status));
      const thrown = await zest.GET(PATH, { params, ...(parseAs ? { parseAs } : {}) }).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(ZestNetworkError);
      expect((thrown as Error).message).toMatch(/broke off before its body was complete/);
    });
  }
});

// A middleware sees the answer before openapi-fetch reads it: a `json()` of its own gets the body parsed, and the
// Response it hands back is what the call reads.
const rewrap = {
  async onResponse({ response }: { response: Response }) {
    const body = (await response.json()) as Record<string, unknown>;
    return new Response(JSON.stringify({ ...body, rewrapped: true }), response);
  },
};

describe.each([0, 30_000])('an answer read behind middleware (timeoutMs %d)', (timeoutMs) => {
  const client = () => clientOf(timeoutMs, (res) => answer(res, 200, { spvRequestSlug: 'svr_1' }));

  it('gives a client-wide middleware the answer as JSON, and the call what the middleware returned', async () => {
    const zest = await client();
    expect((await zest.GET(PATH, { params })).data).toEqual({ spvRequestSlug: 'svr_1' });
    zest.use(rewrap);
    expect((await zest.GET(PATH, { params })).data).toEqual({ spvRequestSlug: 'svr_1', rewrapped: true });
    expect((await zest.spvRequests.get('svr_1')).data).toEqual({ spvRequestSlug: 'svr_1', rewrapped: true });
    zest.eject(rewrap);
    expect((await zest.GET(PATH, { params })).data).toEqual({ spvRequestSlug: 'svr_1' });
  });

  it('gives it JSON even when a call of another client failed, unsent, while this one was in its middleware', async () => {
    const server = await loopback((res) => answer(res, 200, { spvRequestSlug: 'svr_1' }));
    const options = { baseUrl: server.url, auth: { accessToken: 't' }, timeoutMs, retry: false as const };
    const behind = createZestClient(options);
    const slowStart = { onRequest: () => new Promise<undefined>((resolve) => setTimeout(resolve, 5)) };
    behind.use(slowStart, rewrap);
    const pending = behind.GET(PATH, { params });
    // Its body cannot be serialised: openapi-fetch rejects before anything reaches the transport.
    const unsent = createZestClient(options).POST('/v1/spv-requests', { body: { amount: 1n } } as never);
    await expect(unsent).rejects.toThrow(/BigInt/);
    expect((await pending).data).toEqual({ spvRequestSlug: 'svr_1', rewrapped: true });
  });

  it("does the same for a middleware given to one call, and leaves the next call's answer alone", async () => {
    const zest = await client();
    const behind = await zest.GET(PATH, { params, middleware: [rewrap] });
    expect(behind.data).toEqual({ spvRequestSlug: 'svr_1', rewrapped: true });
    expect((await zest.GET(PATH, { params })).data).toEqual({ spvRequestSlug: 'svr_1' });
  });
});

describe.each([0, 30_000])('many calls at once (timeoutMs %d)', (timeoutMs) => {
  it('hands each call its own answer: parsed, typed as not JSON, or typed as broken off', async () => {
    const server = await loopback((res, index) => {
      const slug = new URL(server.hits[index]!.url, 'http://x').pathname.split('/').pop()!;
      const n = Number(slug.slice(4));
      if (n % 3 === 1) htmlWithLength(res);
      else if (n % 3 === 2) cutOff(200)(res);
      // Answered out of order, so reads overlap.
      else setTimeout(() => answer(res, 200, { spvRequestSlug: slug }), (30 - n) % 7);
    });
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' }, timeoutMs, retry: false });
    const slugs = Array.from({ length: 30 }, (_, n) => `svr_${n}`);
    const results = await Promise.allSettled(slugs.map((slug) => zest.spvRequests.get(slug)));
    results.forEach((result, n) => {
      if (n % 3 === 2) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ZestNetworkError);
        return;
      }
      const { data, error } = (result as PromiseFulfilledResult<Awaited<ReturnType<typeof zest.spvRequests.get>>>)
        .value;
      if (n % 3 === 1) expect(error).toMatchObject({ status: 200, code: 'unexpected_response', body: html });
      else expect(data).toEqual({ spvRequestSlug: slugs[n] });
    });
  });
});
