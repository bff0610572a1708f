// How a raw call's answer is read, whichever `parseAs` it chose, and how a failed read comes back: JSON asked for or
// left to the SDK is checked alike, a stream is handed over unread, and a body that breaks off is a ZestNetworkError
// whichever way it was being read, with or without a per-attempt timer. From a real local server.
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

function cutOff(status: number) {
  return (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"code":');
    setTimeout(() => res.socket?.destroy(), 10);
  };
}

describe.each([0, 30_000])('a raw call (timeoutMs %d)', (timeoutMs) => {
  const client = async (handler: (res: ServerResponse) => void) => {
    const server = await loopback((res) => handler(res));
    return createZestClient({ baseUrl: server.url, auth: { accessToken: 't' }, timeoutMs, retry: false });
  };

  it('parses the body for `parseAs: "json"` as when it is left out, and types a body that is not JSON alike', async () => {
    const zest = await client((res) => answer(res, 200, { spvRequestSlug: 'svr_1' }));
    for (const init of [{ params }, { params, parseAs: 'json' as const }]) {
      expect((await zest.GET(PATH, init)).data).toEqual({ spvRequestSlug: 'svr_1' });
    }
    const broken = await client(chunkedHtml);
    for (const init of [{ params }, { params, parseAs: 'json' as const }]) {
      const { data, error } = await broken.GET(PATH, init);
      expect(data).toBeUndefined();
      expect(error).toBeInstanceOf(ZestApiError);
      expect(error).toMatchObject({ status: 200, code: 'unexpected_response', body: html });
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
