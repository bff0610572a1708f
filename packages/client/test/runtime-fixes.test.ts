// Defects a fourth probe found, each checked through createZestClient against a real server on 127.0.0.1: per-call
// settings behind replacing middleware, the call's timeout over its token wait, a throwing token provider, bulk rows
// without an id, dot-segment path parameters, and what a timeout or an unreadable file reports.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPartner } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
import { createZestClient, ZestError, ZestNetworkError, ZestTimeoutError, ZestUploadError } from '../src/index.js';
import { fileFromPath } from '../src/node.js';
import { answer, investorRows, type Loopback, spvCreate, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();
const TOKEN_PATH = '/v1/oauth2/tokens';
const instant = { sleep: async () => {} };

/** A middleware that hands openapi-fetch a new Request (a tracing header), as `zest.use` allows. */
const replacing = {
  onRequest({ request }: { request: Request }) {
    const headers = new Headers(request.headers);
    headers.set('x-trace', '1');
    return new Request(request, { headers });
  },
};

const unavailable = (res: import('node:http').ServerResponse) =>
  answer(res, 503, { code: 'service_unavailable', detail: 'down' }, { 'Retry-After': '0' });

/** Elapsed ms of `run`, and what it rejected with. */
async function timed(run: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const start = Date.now();
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ms: Date.now() - start, error };
}

describe('a call behind middleware that returns a new Request', () => {
  it("keeps the call's own retry: false sends once, maxAttempts sends that many, for bulkCreate and list too", async () => {
    const server = await loopback(unavailable);
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' }, retry: instant });
    zest.use(replacing);

    await zest.GET('/public/hc', { retry: false });
    expect(server.hits).toHaveLength(1);
    expect(server.hits[0]!.headers['x-trace']).toBe('1');

    await zest.spvRequests.create(spvCreate, { retry: { maxAttempts: 5 } });
    expect(server.hits).toHaveLength(6);

    await zest.investors.bulkCreate(investorRows(1), { retry: false });
    expect(server.hits).toHaveLength(7);

    await expect(
      (async () => {
        for await (const _ of zest.spvRequests.list({}, { retry: false })) void _;
      })(),
    ).rejects.toBeInstanceOf(ZestError);
    expect(server.hits).toHaveLength(8);
  });

  it("keeps the call's own timeoutMs", async () => {
    const server = await loopback(() => {}); // never answers
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' }, timeoutMs: 5000, retry: false });
    zest.use(replacing);
    const { ms, error } = await timed(() => zest.GET('/public/hc', { timeoutMs: 100 }));
    expect(error).toBeInstanceOf(ZestTimeoutError);
    expect((error as ZestTimeoutError).timeoutMs).toBe(100);
    expect(ms).toBeLessThan(2000);
  });
});

describe("a call's own timeoutMs and its token exchange", () => {
  it('bounds the wait for a token; the shared exchange goes on for the other callers', async () => {
    let server: Loopback | undefined;
    server = await loopback((res, index) => {
      if (server!.hits[index]!.url !== TOKEN_PATH) return answer(res, 200, { clientId: 'x' });
      // The token comes late: after the short call's limit, within the client's.
      setTimeout(() => answer(res, 201, { accessToken: 'T', tokenType: 'Bearer', expiresIn: 3600 }), 600);
    });
    const zest = createZestClient({ baseUrl: server.url, auth: makeTestPartner().credentials, timeoutMs: 5000 });
    const patient = zest.auth.info();
    const { ms, error } = await timed(() => zest.auth.info({ timeoutMs: 150, retry: false }));
    expect(error).toBeInstanceOf(ZestTimeoutError);
    expect((error as ZestTimeoutError).timeoutMs).toBe(150);
    expect((error as Error).message).toMatch(
      /^Request to GET http:\/\/127\.0\.0\.1:\d+\/v1\/oauth2\/info failed: no token within 150 ms \(attempt 1\)$/,
    );
    expect(ms).toBeLessThan(500);

    expect((await patient).response.status).toBe(200);
    expect(server.hits.filter((hit) => hit.url === TOKEN_PATH)).toHaveLength(1);
  });
});

describe('a custom TokenProvider that throws something other than a ZestError', () => {
  it('fails a plain call with a ZestNetworkError naming the provider, the original as cause', async () => {
    const server = await loopback((res) => answer(res, 200, { clientId: 'x' }));
    const vault = new Error('vault unreachable');
    const zest = createZestClient({
      baseUrl: server.url,
      auth: {
        getToken: async () => {
          throw vault;
        },
      },
      retry: false,
    });
    const error = await zest.auth.info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZestNetworkError);
    expect((error as Error).message).toBe('Token provider failed: vault unreachable');
    expect((error as Error).cause).toBe(vault);
    expect(server.hits).toHaveLength(0);
  });

  it('fails only the rows of the chunks it could not get a token for in bulkCreate', async () => {
    const server = await loopback((res, _index, body) => {
      const sent = (JSON.parse(body) as { investors: Array<{ partnerInvestorId: string }> }).investors;
      answer(res, 200, {
        results: sent.map((r) => ({
          partnerInvestorId: r.partnerInvestorId,
          status: 'created',
          zestPersonId: 'psn_1',
        })),
      });
    });
    let calls = 0;
    const zest = createZestClient({
      baseUrl: server.url,
      auth: {
        getToken: async () => {
          calls += 1;
          if (calls > 1) throw new Error('vault unreachable');
          return 'tok';
        },
      },
      retry: false,
    });
    const { results, chunks, retryableRows } = await zest.investors.bulkCreate(investorRows(3), {
      chunkSize: 1,
      concurrency: 1,
    });
    expect(results.map((r) => r.status)).toEqual(['created', 'failed', 'failed']);
    expect(results[1]!.error).toMatchObject({ code: 'network_error', retryable: true });
    expect(chunks[1]!.error).toBeInstanceOf(ZestNetworkError);
    expect(retryableRows.map((r) => r.partnerInvestorId)).toEqual(['inv-1', 'inv-2']);
  });
});

describe('bulkCreate rows without a string partnerInvestorId', () => {
  /** Answers as the API does: one result per row, in request order, `""` as the id of a row that has none. */
  const server = () =>
    loopback((res, _index, body) => {
      const sent = (JSON.parse(body) as { investors: Array<{ partnerInvestorId?: unknown }> }).investors;
      answer(res, 200, {
        results: sent.map((r) =>
          typeof r.partnerInvestorId === 'string'
            ? { partnerInvestorId: r.partnerInvestorId, status: 'created', zestPersonId: 'psn_1' }
            : {
                partnerInvestorId: '',
                status: 'failed',
                error: { code: 'required', field: 'partnerInvestorId', message: 'is required', retryable: false },
              },
        ),
      });
    });

  it("report the server's own failure for the row, which is not in retryableRows", async () => {
    const { url } = await server();
    const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' }, retry: false });
    const [a, b] = investorRows(2);
    const { partnerInvestorId: _, ...noId } = a!;
    const rows = [a!, noId, { ...b!, partnerInvestorId: 42 }, b!] as never;
    const { results, retryableRows } = await zest.investors.bulkCreate(rows);
    expect(results.map((r) => r.status)).toEqual(['created', 'failed', 'failed', 'created']);
    expect(results[1]!.error).toMatchObject({ code: 'required', retryable: false });
    expect(results[2]!.error).toMatchObject({ code: 'required', retryable: false });
    expect(retryableRows).toEqual([]);
  });

  it('are not retryable missing_result rows when the answer cannot be matched by position', async () => {
    const { url } = await loopback((res) =>
      answer(res, 200, { results: [{ partnerInvestorId: 'inv-0', status: 'created', zestPersonId: 'psn_1' }] }),
    );
    const zest = createZestClient({ baseUrl: url, auth: { accessToken: 't' }, retry: false });
    const { partnerInvestorId: _, ...noId } = investorRows(1)[0]!;
    const { results, retryableRows } = await zest.investors.bulkCreate([investorRows(1)[0]!, noId] as never);
    expect(results[0]!.status).toBe('created');
    expect(results[1]!.error).toMatchObject({ code: 'missing_result', retryable: false });
    expect(retryableRows).toEqual([]);
  });
});

describe('dot-segment path parameters', () => {
  it('are refused with a TypeError before anything is sent', async () => {
    const server = await loopback((res) => answer(res, 404, { code: 'not_found', detail: 'x' }));
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' } });
    const runs: Array<() => Promise<unknown>> = [
      () => zest.spvRequests.get('..'),
      () => zest.spvRequests.cancel('.'),
      () => zest.contracts.getTemplate('..', '1.0.0'),
      () => zest.GET('/v1/spv-requests/{slug}', { params: { path: { slug: '.' } } }),
    ];
    for (const run of runs) {
      const error = await Promise.resolve()
        .then(run)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(
        /^Path parameter `\w+` of [A-Z]+ \S+ must be a non-empty string other than \. or \.\., got "\.\.?"\.$/,
      );
    }
    expect(server.hits).toHaveLength(0);
  });
});

describe('what the errors say', () => {
  it('an attempt timeout names the request and has a TimeoutError as cause', async () => {
    const server = await loopback(() => {}); // never answers
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' }, retry: false });
    const error = (await zest.GET('/public/hc', { timeoutMs: 100 }).catch((e: unknown) => e)) as ZestTimeoutError;
    expect(error).toBeInstanceOf(ZestTimeoutError);
    expect(error.message).toBe(`Request to GET ${server.url}/public/hc failed: no response within 100 ms (attempt 1)`);
    expect(error.cause).toBeInstanceOf(DOMException);
    expect((error.cause as DOMException).name).toBe('TimeoutError');
  });

  it('fileFromPath on a missing file or a directory is a ZestUploadError `unreadable` with the system error as cause', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zest-upload-'));
    for (const [path, code] of [
      [join(dir, 'missing.pdf'), 'ENOENT'],
      [dir, 'EISDIR'],
    ] as const) {
      const error = (await fileFromPath(path).catch((e: unknown) => e)) as ZestUploadError;
      expect(error).toBeInstanceOf(ZestUploadError);
      expect(error.code).toBe('unreadable');
      expect(error.message).toContain(path);
      expect((error.cause as NodeJS.ErrnoException).code).toBe(code);
    }
  });
});
