// Found by the third adversarial probe of the public API: error bodies whose issue lists are malformed, an
// Idempotency-Key the caller gave in a form other than a plain record, and an upload given an empty filename.
import { describe, expect, it } from 'vitest';
import { createZestClient, ZestApiError } from '../src/index.js';
import {
  answer,
  investorRows,
  json,
  type Loopback,
  PDF,
  scriptedFetch,
  sequence,
  spvCreate,
  spvRequest,
  UPLOAD_TARGET,
  useLoopbacks,
} from './helpers.js';

describe('an error body whose issue list is malformed', () => {
  for (const body of [
    { code: 'validation_error', detail: 'bad', validationErrors: {} },
    { code: 'validation_error', detail: 'bad', validationErrors: 'nope' },
    {
      code: 'validation_error',
      detail: 'bad',
      validationErrors: [null, { field: 'email', code: 'format', message: 'm' }],
    },
    { detail: [null] },
    { detail: [{ msg: 'no loc', type: 'missing' }] },
    { detail: [{ loc: 'body', msg: 'loc is text', type: 'missing' }] },
  ]) {
    it(`is a ZestApiError, not a TypeError: ${JSON.stringify(body)}`, async () => {
      const fetch = scriptedFetch(sequence(json(400, body)));
      const zest = createZestClient({ baseUrl: 'https://zest.test', fetch, retry: false });
      const { error } = await zest.system.health();
      expect(error).toBeInstanceOf(ZestApiError);
      expect(error!.status).toBe(400);
      // Only the items that are issues are kept; a path that cannot be read is empty.
      for (const issue of error!.validationErrors) expect(typeof issue.path).toBe('string');
    });
  }

  it('keeps the usable issues next to the unusable ones', async () => {
    const fetch = scriptedFetch(
      sequence(
        json(400, {
          code: 'validation_error',
          detail: 'bad',
          validationErrors: [null, { field: 'email', code: 'format', message: 'm' }],
        }),
      ),
    );
    const zest = createZestClient({ baseUrl: 'https://zest.test', fetch, retry: false });
    const { error } = await zest.system.health();
    expect(error!.validationErrors).toEqual([{ path: 'email', code: 'format', message: 'm' }]);
  });
});

describe("the caller's Idempotency-Key in any header form openapi-fetch sends", () => {
  for (const [form, init] of [
    ['a Headers', { headers: new Headers({ 'Idempotency-Key': 'kept-key' }) }],
    ['a lower-case header parameter', { params: { header: { 'idempotency-key': 'kept-key' } } }],
  ] as const) {
    it(`is sent and reported, not replaced by a generated one: ${form}`, async () => {
      const fetch = scriptedFetch(
        sequence(json(503, { code: 'service_unavailable', detail: 'x' }), json(201, { results: [] })),
      );
      const zest = createZestClient({
        baseUrl: 'https://zest.test',
        fetch,
        auth: { accessToken: 't' },
        retry: { sleep: async () => {} },
      });
      const result = await zest.POST('/v1/investors', { body: { investors: [] }, ...(init as object) });
      expect(result.idempotencyKey).toBe('kept-key');
      // Every attempt carries the caller's key, so a resend the caller makes later with it stays deduplicated.
      expect(fetch.calls.map((c) => c.headers.get('Idempotency-Key'))).toEqual(['kept-key', 'kept-key']);
    });
  }
});

describe('an upload given an empty filename', () => {
  const loopback = useLoopbacks();
  it('names the part after its detected type, so the server reads it as a file', async () => {
    const server: Loopback = await loopback((res) => answer(res, 201, {}));
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' } });
    await zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file: { data: PDF, filename: '' } });
    expect(server.hits[0]!.body).toContain('name="file"; filename="upload.pdf"');
  });
});

describe('a success whose body is not JSON and whose Content-Type does not say JSON', () => {
  const loopback = useLoopbacks();
  it('is a ZestApiError unexpected_response, not a bare SyntaxError (a proxy page sent in chunks)', async () => {
    const server = await loopback((res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.write('<html>');
      res.end('proxy</html>');
    });
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' } });
    const { error } = await zest.spvRequests.get('svr_1');
    expect(error).toBeInstanceOf(ZestApiError);
    expect(error!.code).toBe('unexpected_response');
    const { results, chunks } = await zest.investors.bulkCreate(investorRows(1));
    expect(results[0]!.status).toBe('failed');
    expect(chunks).toHaveLength(1);
  });
});

describe('a redirect answered to a POST or DELETE', () => {
  const loopback = useLoopbacks();
  for (const status of [301, 302, 303, 307, 308]) {
    it(`is an error answer, not followed to a success elsewhere: ${status}`, async () => {
      // Every answer is the redirect: the test fails if the SDK follows it, whatever method it follows it with.
      const server = await loopback((res) => answer(res, status, undefined, { Location: '/v1/spv-requests' }));
      const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' } });
      const created = await zest.spvRequests.create(spvCreate);
      expect(created.error).toBeInstanceOf(ZestApiError);
      expect(created.error!.status).toBe(status);
      const cancelled = await zest.spvRequests.cancel('svr_1');
      expect(cancelled.error!.status).toBe(status);
      expect(server.hits.map((h) => `${h.method} ${h.url}`)).toEqual([
        'POST /v1/spv-requests',
        'DELETE /v1/spv-requests/svr_1',
      ]);
    });
  }

  it('is followed when the call asks for it with redirect: follow', async () => {
    const server = await loopback((res, index) =>
      index === 0 ? answer(res, 307, undefined, { Location: '/v1/elsewhere' }) : answer(res, 201, spvRequest),
    );
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' } });
    const { data } = await zest.POST('/v1/spv-requests', {
      params: { header: { 'Idempotency-Key': 'k1' } },
      body: spvCreate,
      redirect: 'follow',
    });
    expect(data).toEqual(spvRequest);
    expect(server.hits.map((h) => `${h.method} ${h.url}`)).toEqual(['POST /v1/spv-requests', 'POST /v1/elsewhere']);
  });

  it('is still followed for a GET', async () => {
    const server = await loopback((res, index) =>
      index === 0 ? answer(res, 302, undefined, { Location: '/v1/spv-requests/svr_2' }) : answer(res, 200, spvRequest),
    );
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' } });
    const { data } = await zest.spvRequests.get('svr_1');
    expect(data).toEqual(spvRequest);
  });
});

describe('a bulk chunk answered with a success whose body is not JSON', () => {
  it('is reported as a failed chunk with the unexpected_response error, its rows left without a result', async () => {
    const page = () => new Response('<html>proxy</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    const fetch = scriptedFetch(sequence(page));
    const zest = createZestClient({ baseUrl: 'https://zest.test', fetch, auth: { accessToken: 't' } });
    const reports: Array<{ ok: boolean; code: string | undefined }> = [];
    const { results, chunks } = await zest.investors.bulkCreate(investorRows(2), {
      onChunk: (c) => reports.push({ ok: c.ok, code: c.error?.code }),
    });
    expect(chunks[0]!.ok).toBe(false);
    expect(chunks[0]!.error).toBeInstanceOf(ZestApiError);
    expect(reports).toEqual([{ ok: false, code: 'unexpected_response' }]);
    expect(results.map((r) => r.error?.code)).toEqual(['missing_result', 'missing_result']);
  });
});
