// Which POSTs an Idempotency-Key makes safe to repeat, against a real local server that keeps answering 503: only an
// operation the spec declares idempotent, and only with a non-empty key. Uploads are never repeated.
import { describe, expect, it } from 'vitest';
import { createZestClient } from '../src/index.js';
import { answer, type Loopback, PDF, spvCreate, UPLOAD_TARGET, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();
/** The server the current test started, for the helpers below. */
let server: Loopback | undefined;

const retry = { maxAttempts: 3, sleep: async () => {} };
const unavailable = (res: import('node:http').ServerResponse) =>
  answer(res, 503, { code: 'service_unavailable', detail: 'down' });

function client(headers?: Record<string, string>, path = '') {
  const base = { baseUrl: `${server!.url}${path}`, auth: { accessToken: 't' }, retry };
  return createZestClient(headers ? { ...base, headers } : base);
}

function form(): FormData {
  const body = new FormData();
  body.append('file', new Blob([PDF], { type: 'application/pdf' }), 'form.pdf');
  return body;
}

describe('an Idempotency-Key on an upload', () => {
  it('set client-wide for every request does not make an upload retryable', async () => {
    server = await loopback(unavailable);
    const result = await client({ 'Idempotency-Key': 'fixed' }).subscriptions.uploadForm({
      ...UPLOAD_TARGET,
      file: { data: PDF },
    });
    expect(result.response.status).toBe(503);
    expect(server.hits).toHaveLength(1);
  });

  for (const key of ['', 'a-key-of-my-own']) {
    it(`given on the raw POST (${JSON.stringify(key)}) does not make it retryable`, async () => {
      server = await loopback(unavailable);
      const result = await client().POST('/v1/spvs/{spvSlug}/subscription/{personId}/forms', {
        params: { path: UPLOAD_TARGET },
        body: form() as never,
        headers: { 'Idempotency-Key': key },
      });
      expect(result.response.status).toBe(503);
      expect(server.hits).toHaveLength(1);
    });
  }
});

describe('an Idempotency-Key on an operation the spec declares idempotent', () => {
  it('still makes it retryable, behind a base URL with a path of its own', async () => {
    server = await loopback(unavailable);
    const result = await client({ 'Idempotency-Key': 'fixed' }, '/api').subscriptions.create('veh_klm456', {
      subscriptions: [],
    } as never);
    expect(result.response.status).toBe(503);
    expect(server.hits).toHaveLength(3);
    expect(server.hits[0]!.url).toBe('/api/v1/spvs/veh_klm456/subscriptions');
  });

  it('an empty key given by the caller is replaced by a generated one that is retried', async () => {
    server = await loopback(unavailable);
    const result = await client().POST('/v1/spv-requests', {
      body: spvCreate,
      params: { header: { 'Idempotency-Key': '' } },
    });
    expect(server.hits).toHaveLength(3);
    const keys = new Set(server.hits.map((h) => h.headers['idempotency-key']));
    expect([...keys]).toEqual([result.idempotencyKey]);
    expect(result.idempotencyKey).not.toBe('');
  });
});
