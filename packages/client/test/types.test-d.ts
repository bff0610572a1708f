// Compile-time specification: wrong calls must not compile, results carry the operation's own types.
import type { components, SpvRequest } from '@zestequity/partner-api-types';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type BulkCreateResult,
  createZestClient,
  type ZestApiError,
  type ZestErrorCode,
  type ZestValidationIssue,
} from '../src/index.js';

type Schemas = components['schemas'];
const zest = createZestClient({ environment: 'sandbox', auth: { accessToken: 't' } });
const body: Schemas['SpvRequestCreate'] = {
  templateId: 'syndicate_secondary',
  templateVersion: '1.0.0',
  attributes: {},
};

describe('raw typed methods', () => {
  it('reject unknown paths and methods the path does not have', () => {
    // @ts-expect-error no such path
    void zest.GET('/v1/spv-request');
    // @ts-expect-error /v1/investors has no GET
    void zest.GET('/v1/investors');
    // @ts-expect-error /v1/spv-requests/{slug} has no POST
    void zest.POST('/v1/spv-requests/{slug}', { params: { path: { slug: 'x' } } });
  });

  it('reject wrong or missing path params', () => {
    void zest.GET('/v1/spv-requests/{slug}', { params: { path: { slug: 'svr_a1b2c3' } } });
    // @ts-expect-error the parameter is `slug`
    void zest.GET('/v1/spv-requests/{slug}', { params: { path: { id: 'svr_a1b2c3' } } });
    // @ts-expect-error path params are required
    void zest.GET('/v1/spv-requests/{slug}');
    void zest.POST('/v1/spvs/{spvSlug}/subscriptions', {
      // @ts-expect-error camelCase path params (docs/design-decisions.md#path-parameter-names)
      params: { path: { spv_slug: 'v' } },
      body: { subscriptions: [] },
    });
  });

  it('reject wrong bodies', () => {
    void zest.POST('/v1/spv-requests', {
      params: { header: { 'Idempotency-Key': 'k' } },
      // @ts-expect-error templateVersion is required
      body: { templateId: 'x', attributes: {} },
    });
    void zest.POST('/v1/spv-requests', {
      params: { header: { 'Idempotency-Key': 'k' } },
      // @ts-expect-error templateId is a string
      body: { ...body, templateId: 1 },
    });
    // @ts-expect-error the body of /v1/investors is { investors: [...] }
    void zest.POST('/v1/investors', { body: [{ partnerInvestorId: 'a' }] });
  });

  it('reject a missing required Idempotency-Key header on the raw POST', () => {
    void zest.POST('/v1/spv-requests', { params: { header: { 'Idempotency-Key': 'k' } }, body });
    // @ts-expect-error createSpvRequest requires the Idempotency-Key header
    void zest.POST('/v1/spv-requests', { body });
    // optional on bulkCreateInvestors: may be left out
    void zest.POST('/v1/investors', { body: { investors: [] } });
  });

  it('type data and error per operation', async () => {
    const result = await zest.GET('/v1/spv-requests/{slug}', { params: { path: { slug: 'x' } } });
    expectTypeOf(result.data).toEqualTypeOf<SpvRequest | undefined>();
    if (result.error) expectTypeOf(result.error).toEqualTypeOf<ZestApiError>();
    const created = await zest.POST('/v1/spv-requests', { params: { header: { 'Idempotency-Key': 'k' } }, body });
    expectTypeOf(created.idempotencyKey).toEqualTypeOf<string | undefined>();
  });
});

describe('resource helpers', () => {
  it('type bodies and results from the generated types', async () => {
    // @ts-expect-error attributes is required
    void zest.spvRequests.create({ templateId: 'x', templateVersion: '1' });
    const created = await zest.spvRequests.create(body);
    expectTypeOf(created.data).toEqualTypeOf<SpvRequest | undefined>();
    // The helpers of operations that take an Idempotency-Key always send one, so the result always carries it.
    expectTypeOf(created.idempotencyKey).toEqualTypeOf<string>();
    const opened = await zest.subscriptions.create('veh_1', { subscriptions: [] });
    expectTypeOf(opened.idempotencyKey).toEqualTypeOf<string>();

    // @ts-expect-error rows need email, names and dateOfBirth
    void zest.investors.bulkCreate([{ partnerInvestorId: 'a' }]);
    expectTypeOf(zest.investors.bulkCreate([])).resolves.toEqualTypeOf<BulkCreateResult>();
    expectTypeOf<BulkCreateResult['results'][number]>().toEqualTypeOf<Schemas['InvestorRowResult']>();

    void zest.subscriptions.create('veh_1', {
      // @ts-expect-error lumpSum is a Money object
      subscriptions: [{ zestPersonId: 'p', lumpSum: '100', shareClassSlug: 's' }],
    });
    // @ts-expect-error a funding receipt needs amount, currency and wireReference
    void zest.subscriptions.uploadFundingReceipt({ spvSlug: 'v', personId: 'p', file: new Blob() });
    // @ts-expect-error a file is bytes, not a path (use fileFromPath from ./node)
    void zest.subscriptions.uploadForm({ spvSlug: 'v', personId: 'p', file: './form.pdf' });
  });

  it('narrow to data when throwOnError is on, per call or client-wide', async () => {
    const strict = await zest.spvRequests.get('x', { throwOnError: true });
    expectTypeOf(strict.data).toEqualTypeOf<SpvRequest>();

    const throwing = createZestClient({ baseUrl: 'http://127.0.0.1:1', throwOnError: true });
    expectTypeOf((await throwing.spvRequests.get('x')).data).toEqualTypeOf<SpvRequest>();
    expectTypeOf((await throwing.spvRequests.get('x', { throwOnError: false })).data).toEqualTypeOf<
      SpvRequest | undefined
    >();
  });

  it('iterate SPV requests with a typed status filter', async () => {
    for await (const request of zest.spvRequests.list({ status: 'approved' })) {
      expectTypeOf(request).toEqualTypeOf<SpvRequest>();
    }
    // @ts-expect-error not a SpvRequestStatus
    void zest.spvRequests.list({ status: 'done' });
  });

  it('accept only the three environments', () => {
    // @ts-expect-error no such environment
    void createZestClient({ environment: 'staging' });
  });
});

describe("a result's error", () => {
  it('reads code, detail, errorId and validationErrors without a cast, whatever the operation', async () => {
    // /v1/investors declares both the partner envelope and the framework's 422 among its answers.
    const raw = await zest.POST('/v1/investors', { body: { investors: [] } });
    const helper = await zest.spvRequests.get('x');
    const listed = await zest.spvRequests.listPage();
    for (const result of [raw, helper, listed]) {
      if (result.error) {
        expectTypeOf(result.error.code).toEqualTypeOf<ZestErrorCode>();
        expectTypeOf(result.error.detail).toEqualTypeOf<string>();
        expectTypeOf(result.error.errorId).toEqualTypeOf<string | undefined>();
        expectTypeOf(result.error.validationErrors).toEqualTypeOf<ZestValidationIssue[]>();
        expectTypeOf(result.error.status).toEqualTypeOf<number>();
        expectTypeOf(result.data).toEqualTypeOf<undefined>();
      }
    }
    if (!raw.error) expectTypeOf(raw.data).toEqualTypeOf<Schemas['InvestorBulkResponse']>();
  });
});

describe('per-call options', () => {
  it('take timeoutMs and retry on raw methods, helpers, the iterator and bulk', () => {
    void zest.GET('/public/hc', { timeoutMs: 5_000, retry: { maxAttempts: 5 } });
    void zest.POST('/v1/investors', { body: { investors: [] }, retry: false });
    void zest.spvRequests.get('x', { timeoutMs: 0, retry: { baseDelayMs: 10 } });
    void zest.spvRequests.list({}, { timeoutMs: 1_000, retry: false });
    void zest.investors.bulkCreate([], { timeoutMs: 1_000, retry: { maxAttempts: 2 } });
    // @ts-expect-error timeoutMs is a number of milliseconds
    void zest.GET('/public/hc', { timeoutMs: '5s' });
    // @ts-expect-error retry takes RetryOptions or false
    void zest.GET('/public/hc', { retry: 3 });
  });

  it('refuse options the SDK does not know, instead of ignoring them', () => {
    // @ts-expect-error not an option (timeoutMs is)
    void zest.GET('/public/hc', { timeout: 5_000 });
    // @ts-expect-error not an option (retry is)
    void zest.GET('/public/hc', { retries: 3 });
    // @ts-expect-error not an option
    void zest.spvRequests.get('x', { timeout: 5_000 });
  });
});
