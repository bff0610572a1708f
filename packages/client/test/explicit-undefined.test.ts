// An option set to undefined is an option left out: a call with explicit undefineds sends exactly what the same call
// without those keys sends, and ends the same way. (The types say so too, for callers compiling with
// exactOptionalPropertyTypes: test/exact-optional.test-d.ts.) Before, a call's `retry: { maxAttempts: undefined }`
// replaced the client's maxAttempts with the default, and a raw POST's `redirect: undefined` followed redirects.

import { describe, expect, it } from 'vitest';
import { createZestClient, type ZestClientOptions, ZestTimeoutError } from '../src/index.js';
import {
  answer,
  BASE,
  envelope,
  investorRows,
  json,
  PDF,
  type Seen,
  scriptedFetch,
  sequence,
  spvCreate,
  spvRequest,
  UPLOAD_TARGET,
  UUID_V4,
  useLoopbacks,
} from './helpers.js';

const loopback = useLoopbacks();
const noWait = async () => {};
const unavailable = () => envelope(503, 'service_unavailable');
const page = json(200, { documents: [spvRequest], count: 1, skip: 0, limit: 100 });

/** What a request carried that the test can compare: a generated key and a multipart boundary are masked. */
function sent({ method, url, headers, body }: Seen) {
  const shown = Object.fromEntries([...headers].filter(([name]) => name !== 'content-type'));
  if (shown['idempotency-key'] && UUID_V4.test(shown['idempotency-key'])) shown['idempotency-key'] = 'generated';
  const boundary = headers.get('content-type')?.match(/boundary=(.+)$/)?.[1];
  return { method, url: url.href, headers: shown, body: boundary ? body.replaceAll(boundary, 'BOUNDARY') : body };
}

type Options = Omit<ZestClientOptions, 'baseUrl' | 'fetch'>;

/**
 * Runs each case on a fresh client (with `options`, or the first of a pair for the case with undefineds) and scripted
 * server; resolves to what each sent and how each ended.
 */
async function both<T>(
  handler: Parameters<typeof scriptedFetch>[0],
  options: Options | [given: Options, omitted: Options],
  withUndefined: (zest: ReturnType<typeof createZestClient>) => Promise<T>,
  without: (zest: ReturnType<typeof createZestClient>) => Promise<T>,
) {
  const [givenOptions, omittedOptions] = Array.isArray(options) ? options : [options, options];
  const run = async (use: typeof without, clientOptions: Options) => {
    const fetch = scriptedFetch(handler);
    const zest = createZestClient({ baseUrl: BASE, fetch, ...clientOptions });
    const outcome = await use(zest).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    return { requests: fetch.calls.map(sent), outcome };
  };
  return { given: await run(withUndefined, givenOptions), omitted: await run(without, omittedOptions) };
}

/** The parts of a result that say how a call ended (not the Response object itself). */
const ended = (r: { data?: unknown; error?: { code: string }; response: Response; idempotencyKey?: string }) => ({
  data: r.data,
  code: r.error?.code,
  status: r.response.status,
  key: r.idempotencyKey && UUID_V4.test(r.idempotencyKey) ? 'generated' : r.idempotencyKey,
});

describe('explicit undefined is the same as leaving the option out', () => {
  it('client options: every one but the base URL and fetch', async () => {
    const get = async (zest: ReturnType<typeof createZestClient>) => ended(await zest.spvRequests.get('svr_1'));
    const { given, omitted } = await both(
      sequence(unavailable(), unavailable(), json(200, spvRequest)),
      [
        {
          environment: undefined,
          auth: undefined,
          retry: {
            sleep: noWait,
            maxAttempts: undefined,
            baseDelayMs: undefined,
            retryOn: undefined,
            random: undefined,
          },
          timeoutMs: undefined,
          userAgent: undefined,
          throwOnError: undefined,
          headers: undefined,
        },
        { retry: { sleep: noWait } },
      ],
      get,
      get,
    );
    expect(given).toEqual(omitted);
    expect(omitted.requests).toHaveLength(3);
    expect(omitted.outcome).toEqual({ value: expect.objectContaining({ status: 200 }) });
  });

  it('helper options: signal, timeoutMs, retry, headers, throwOnError, idempotencyKey', async () => {
    const { given, omitted } = await both(
      sequence(unavailable(), json(201, spvRequest)),
      { auth: { accessToken: 't' }, retry: { maxAttempts: 2, sleep: noWait } },
      async (zest) =>
        ended(
          await zest.spvRequests.create(spvCreate, {
            signal: undefined,
            timeoutMs: undefined,
            retry: undefined,
            headers: undefined,
            throwOnError: undefined,
            idempotencyKey: undefined,
          }),
        ),
      async (zest) => ended(await zest.spvRequests.create(spvCreate, {})),
    );
    expect(given).toEqual(omitted);
    // The key was generated, and both attempts carried the same one.
    expect(omitted.outcome).toEqual({ value: expect.objectContaining({ status: 201, key: 'generated' }) });
    expect(omitted.requests.map((r) => r.headers['idempotency-key'])).toEqual(['generated', 'generated']);
  });

  it("a call's retry option set to undefined keeps the client's value, not the default", async () => {
    const cases = [
      [{ maxAttempts: 2, sleep: noWait }, 2],
      [false, 1],
    ] as const;
    for (const [clientRetry, attempts] of cases) {
      const { given, omitted } = await both(
        unavailable,
        { retry: clientRetry },
        async (zest) => ended(await zest.GET('/public/hc', { retry: { maxAttempts: undefined, sleep: undefined } })),
        async (zest) => ended(await zest.GET('/public/hc', { retry: {} })),
      );
      expect(given).toEqual(omitted);
      expect(omitted.requests).toHaveLength(attempts);
    }
  });

  it("a call's timeoutMs set to undefined keeps the client's", async () => {
    const hang = (seen: Seen) =>
      new Promise<Response>((_, reject) => seen.signal?.addEventListener('abort', () => reject(seen.signal?.reason)));
    const { given, omitted } = await both(
      hang,
      { timeoutMs: 20, retry: false },
      (zest) => zest.spvRequests.get('svr_1', { timeoutMs: undefined, signal: undefined }),
      (zest) => zest.spvRequests.get('svr_1'),
    );
    for (const { outcome } of [given, omitted]) {
      expect((outcome as { error: unknown }).error).toBeInstanceOf(ZestTimeoutError);
      expect((outcome as { error: ZestTimeoutError }).error.timeoutMs).toBe(20);
    }
    expect(given.requests).toEqual(omitted.requests);
  });

  it('list query and options, and the query of listPage', async () => {
    const walk = async (iterator: AsyncIterable<unknown>) => {
      const documents: unknown[] = [];
      for await (const document of iterator) documents.push(document);
      return documents;
    };
    const { given, omitted } = await both(
      () => page.clone(),
      { auth: { accessToken: 't' } },
      async (zest) => [
        await walk(
          zest.spvRequests.list(
            { perPage: undefined, status: undefined },
            { signal: undefined, timeoutMs: undefined, retry: undefined },
          ),
        ),
        ended(await zest.spvRequests.listPage({ page: undefined, perPage: undefined, status: undefined })),
      ],
      async (zest) => [await walk(zest.spvRequests.list()), ended(await zest.spvRequests.listPage())],
    );
    expect(given).toEqual(omitted);
    expect(omitted.requests.map((r) => r.url)).toEqual([
      `${BASE}/v1/spv-requests?perPage=100&page=1`,
      `${BASE}/v1/spv-requests`,
    ]);
  });

  it('bulkCreate options', async () => {
    const created = (seen: Seen) => {
      const rows = (JSON.parse(seen.body) as { investors: Array<{ partnerInvestorId: string }> }).investors;
      return json(200, {
        results: rows.map((row) => ({ partnerInvestorId: row.partnerInvestorId, status: 'created', investorId: 'i' })),
      });
    };
    const rows = investorRows(3);
    const { given, omitted } = await both(
      created,
      { auth: { accessToken: 't' } },
      async (zest) => {
        const result = await zest.investors.bulkCreate(rows, {
          chunkSize: undefined,
          concurrency: undefined,
          signal: undefined,
          timeoutMs: undefined,
          retry: undefined,
          onChunk: undefined,
        });
        return result.chunks.map(({ start, end, ok }) => ({ start, end, ok }));
      },
      async (zest) => (await zest.investors.bulkCreate(rows)).chunks.map(({ start, end, ok }) => ({ start, end, ok })),
    );
    expect(given).toEqual(omitted);
    expect(omitted.outcome).toEqual({ value: [{ start: 0, end: 3, ok: true }] });
  });

  it('upload input: filename and contentType', async () => {
    const { given, omitted } = await both(
      () => json(201, {}),
      { auth: { accessToken: 't' } },
      async (zest) =>
        ended(
          await zest.subscriptions.uploadForm({
            ...UPLOAD_TARGET,
            file: { data: PDF, filename: undefined, contentType: undefined },
          }),
        ),
      async (zest) => ended(await zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file: { data: PDF } })),
    );
    expect(given).toEqual(omitted);
    expect(omitted.requests[0]!.body).toContain('filename="upload.pdf"');
  });

  it('a token provider with invalidate: undefined still gets a new token after a 401', async () => {
    const run = async (withUndefined: boolean) => {
      let tokens = 0;
      const getToken = async () => `t${++tokens}`;
      const fetch = scriptedFetch((seen) =>
        seen.headers.get('authorization') === 'Bearer t1' ? envelope(401, 'unauthorized') : json(200, {}),
      );
      const auth = withUndefined ? { getToken, invalidate: undefined } : { getToken };
      const zest = createZestClient({ baseUrl: BASE, fetch, auth });
      return { result: ended(await zest.auth.info()), requests: fetch.calls.map(sent) };
    };
    const omitted = await run(false);
    expect(await run(true)).toEqual(omitted);
    expect(omitted.requests.map((r) => r.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('a raw POST with redirect: undefined does not follow a redirect, like one without', async () => {
    const server = await loopback((res) => answer(res, 303, {}, { Location: '/v1/spv-requests' }));
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' }, retry: false });
    const body = { investors: [] };
    const given = await zest.POST('/v1/investors', { body, redirect: undefined, signal: undefined });
    const omitted = await zest.POST('/v1/investors', { body });
    expect([given.response.status, omitted.response.status]).toEqual([303, 303]);
    expect(server.hits.map((hit) => `${hit.method} ${hit.url}`)).toEqual(['POST /v1/investors', 'POST /v1/investors']);
  });
});
