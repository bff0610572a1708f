import { describe, expect, it } from 'vitest';
import { createZestClient, ZestApiError } from '../src/index.js';
import { BASE, json, scriptedFetch, sequence, spvCreate } from './helpers.js';

const partnerValidation = {
  code: 'validation_error',
  detail: 'Contract validation failed',
  errorId: '1f1a4b3e-7c0e-4ed3-9abe-3cbef1f17c1f',
  validationErrors: [
    // docs shape (`field` + `value`) and service shape (`attribute`), docs/design-decisions.md#validation-items
    {
      field: 'attributes.shareClasses[0].carryPercent',
      code: 'min_value',
      message: 'carryPercent must be >= 0',
      value: '-1.0',
    },
    { attribute: 'deal_name', code: 'required', message: 'deal_name is required' },
  ],
};

const frameworkValidation = {
  detail: [
    { loc: ['body', 'investors', 0, 'email'], msg: 'Field required', type: 'missing', input: {} },
    { loc: ['header', 'Idempotency-Key'], msg: 'Field required', type: 'missing' },
  ],
};

describe('ZestApiError', () => {
  it('normalises the partner envelope, whichever key names the field', async () => {
    const fetch = scriptedFetch(sequence(json(400, partnerValidation)));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    const failure = await zest.spvRequests.create(spvCreate, { throwOnError: true }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ZestApiError);
    const error = failure as ZestApiError;
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_error',
      detail: 'Contract validation failed',
      errorId: partnerValidation.errorId,
    });
    expect(error.validationErrors).toEqual([
      {
        path: 'attributes.shareClasses[0].carryPercent',
        code: 'min_value',
        message: 'carryPercent must be >= 0',
        value: '-1.0',
      },
      { path: 'deal_name', code: 'required', message: 'deal_name is required' },
    ]);
    expect(error.message).toContain(partnerValidation.errorId);
  });

  it("normalises the framework's 422 into the same shape", async () => {
    const fetch = scriptedFetch(sequence(json(422, frameworkValidation)));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch, throwOnError: true });
    const error = (await zest.investors
      .bulkCreate([])
      .then(() => zest.POST('/v1/investors', { body: { investors: [] } }))
      .catch((e: unknown) => e)) as ZestApiError;
    expect(error).toBeInstanceOf(ZestApiError);
    expect(error.status).toBe(422);
    expect(error.code).toBe('validation_error');
    expect(error.errorId).toBeUndefined();
    expect(error.validationErrors).toEqual([
      { path: 'investors[0].email', code: 'missing', message: 'Field required', value: {} },
      { path: 'header.Idempotency-Key', code: 'missing', message: 'Field required' },
    ]);
  });

  it('returns the normalised error in result.error when not throwing, the raw body in error.body', async () => {
    const body = { code: 'not_found', detail: 'SPV request not found', errorId: 'e1' };
    const fetch = scriptedFetch(sequence(json(404, body)));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    const result = await zest.spvRequests.get('svr_missing');
    expect(result.data).toBeUndefined();
    expect(result.error).toBeInstanceOf(ZestApiError);
    expect(result.error).toMatchObject({
      status: 404,
      code: 'not_found',
      detail: 'SPV request not found',
      errorId: 'e1',
    });
    expect(result.error?.body).toEqual(body);
    expect(ZestApiError.from(result.response.status, result.error)).toBe(result.error);
  });

  it("reads the framework's 422 in result.error exactly like the envelope", async () => {
    const fetch = scriptedFetch(sequence(json(422, frameworkValidation)));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    const result = await zest.POST('/v1/investors', { body: { investors: [] } });
    expect(result.error).toMatchObject({ status: 422, code: 'validation_error', errorId: undefined });
    expect(result.error?.validationErrors.map((issue) => issue.path)).toEqual([
      'investors[0].email',
      'header.Idempotency-Key',
    ]);
    expect(result.error?.detail).toContain('investors[0].email: Field required');
    // The key the SDK generated is on the error too, to resend the same body under it.
    expect(result.error?.idempotencyKey).toBe(result.idempotencyKey);
  });

  it('describes an answer that is not an envelope (e.g. a proxy page)', async () => {
    const fetch = scriptedFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const zest = createZestClient({ baseUrl: BASE, fetch, retry: false, throwOnError: true });
    const error = (await zest.system.health().catch((e: unknown) => e)) as ZestApiError;
    expect(error).toMatchObject({ status: 502, code: 'unexpected_response', detail: '<html>Bad gateway</html>' });
  });

  it('throws on an error answer with an empty body too', async () => {
    const fetch = scriptedFetch(() => new Response(null, { status: 403, headers: { 'Content-Length': '0' } }));
    const zest = createZestClient({ baseUrl: BASE, fetch, throwOnError: true });
    await expect(zest.contracts.listVersions()).rejects.toMatchObject({ status: 403, code: 'unexpected_response' });
  });

  it('lets a call override the client-wide throwOnError', async () => {
    const fetch = scriptedFetch(sequence(json(409, { code: 'conflict', detail: 'terminal', errorId: 'e2' })));
    const throwing = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch, throwOnError: true });
    const quiet = await throwing.spvRequests.cancel('svr_a1b2c3', { throwOnError: false });
    expect(quiet.error).toMatchObject({ code: 'conflict' });
    await expect(throwing.spvRequests.cancel('svr_a1b2c3')).rejects.toBeInstanceOf(ZestApiError);
    await expect(
      throwing.DELETE('/v1/spv-requests/{slug}', { params: { path: { slug: 'x' } }, throwOnError: false }),
    ).resolves.toMatchObject({ error: { code: 'conflict' } });
  });
});
