// Found by an adversarial pass against real loopback servers: inputs and answers that reached the wire, or an error,
// in a form other than the documented one.
import { describe, expect, it } from 'vitest';
import { createZestClient, ZestTimeoutError, ZestUploadError } from '../src/index.js';
import { answer, PDF, spvCreate, UPLOAD_TARGET, UUID_V4, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();
const instant = { maxAttempts: 3, sleep: async () => {} };
const BLANK_KEYS = [' ', '   ', '\t', ' \t '];

describe('a blank Idempotency-Key (spaces or tabs, which fetch strips to an empty header)', () => {
  it('is refused by every helper that takes one, like an empty key, before anything is sent', async () => {
    const target = await loopback((res) => answer(res, 201, {}));
    const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' } });
    for (const idempotencyKey of BLANK_KEYS) {
      for (const run of [
        () => zest.spvRequests.create(spvCreate, { idempotencyKey }),
        () => zest.subscriptions.create('veh_1', { subscriptions: [] } as never, { idempotencyKey }),
      ]) {
        const error = await run().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toMatch(/^idempotencyKey must be a non-empty string valid in an HTTP header/);
      }
    }
    expect(target.hits).toHaveLength(0);
  });

  it('on the raw POST counts as no key: one is generated, sent, reused by the retries and reported', async () => {
    for (const blank of BLANK_KEYS) {
      for (const init of [
        { headers: { 'Idempotency-Key': blank } },
        { headers: new Headers({ 'idempotency-key': blank }) },
        { params: { header: { 'Idempotency-Key': blank } } },
      ]) {
        const target = await loopback((res) => answer(res, 503, { code: 'service_unavailable', detail: 'busy' }));
        const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' }, retry: instant });
        const result = await zest.POST('/v1/spv-requests', { body: spvCreate, ...init } as never);
        const sent = target.hits.map((hit) => hit.headers['idempotency-key']);
        expect(sent).toHaveLength(3);
        expect(new Set(sent).size).toBe(1);
        expect(sent[0]).toMatch(UUID_V4);
        expect(result.idempotencyKey).toBe(sent[0]);
        expect(result.error?.idempotencyKey).toBe(sent[0]);
      }
    }
  });

  it('still sends a key with spaces inside it, and retries with it', async () => {
    const target = await loopback((res) => answer(res, 503, { code: 'service_unavailable', detail: 'busy' }));
    const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' }, retry: instant });
    await zest.spvRequests.create(spvCreate, { idempotencyKey: 'order 42' });
    expect(target.hits.map((hit) => hit.headers['idempotency-key'])).toEqual(['order 42', 'order 42', 'order 42']);
  });
});

describe('upload fields that are not strings', () => {
  for (const [name, value] of [
    ['amount', 5],
    ['amount', { value: '1.00' }],
    ['currency', ['USD']],
    ['wireReference', true],
  ] as const) {
    it(`refuses ${name} = ${JSON.stringify(value)} with a TypeError naming it, instead of sending its text`, async () => {
      const target = await loopback((res) => answer(res, 201, {}));
      const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' } });
      const fields = { amount: '50000.00', currency: 'USD', wireReference: 'W-1', [name]: value };
      const error = await zest.subscriptions
        .uploadFundingReceipt({ ...UPLOAD_TARGET, ...fields, file: { data: PDF } } as never)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(new RegExp(`^${name} must be a string, got `));
      expect(target.hits).toHaveLength(0);
    });
  }

  for (const [option, value] of [
    ['filename', 42],
    ['filename', { name: 'a.pdf' }],
    ['contentType', 42],
    ['contentType', ['application/pdf']],
  ] as const) {
    it(`refuses file.${option} = ${JSON.stringify(value)} with a TypeError naming it`, async () => {
      const target = await loopback((res) => answer(res, 201, {}));
      const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' } });
      for (const upload of [
        (file: never) => zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file }),
        (file: never) =>
          zest.subscriptions.uploadFundingReceipt({
            ...UPLOAD_TARGET,
            amount: '1.00',
            currency: 'USD',
            wireReference: 'W-1',
            file,
          }),
      ]) {
        const error = await upload({ data: PDF, [option]: value } as never).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TypeError);
        expect(error).not.toBeInstanceOf(ZestUploadError);
        expect((error as Error).message).toMatch(new RegExp(`^file\\.${option} must be a string, got `));
      }
      expect(target.hits).toHaveLength(0);
    });
  }

  it('still leaves a file name or type given as undefined or null to the defaults', async () => {
    const target = await loopback((res) => answer(res, 201, {}));
    const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' } });
    const result = await zest.subscriptions.uploadForm({
      ...UPLOAD_TARGET,
      file: { data: PDF, filename: null, contentType: undefined } as never,
    });
    expect(result.response.status).toBe(201);
    expect(target.hits[0]!.body).toContain('filename="upload.pdf"');
  });
});

describe('an answer whose body outlasts the attempt', () => {
  for (const method of ['GET', 'POST'] as const) {
    it(`times out with the request named and a TimeoutError as cause, as before the answer (${method})`, async () => {
      const target = await loopback((res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"spvRequestSlug":');
      });
      const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 't' }, timeoutMs: 200, retry: false });
      const run = method === 'GET' ? zest.spvRequests.get('svr_1') : zest.spvRequests.create(spvCreate);
      const thrown = await run.catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(ZestTimeoutError);
      expect(thrown).toMatchObject({ code: 'timeout', timeoutMs: 200, attempts: 1 });
      const url = method === 'GET' ? `${target.url}/v1/spv-requests/svr_1` : `${target.url}/v1/spv-requests`;
      expect((thrown as Error).message).toBe(
        `Request to ${method} ${url} failed: no complete body within 200 ms (attempt 1)`,
      );
      const cause = (thrown as Error).cause;
      expect(cause).toBeInstanceOf(DOMException);
      expect((cause as DOMException).name).toBe('TimeoutError');
    });
  }
});
