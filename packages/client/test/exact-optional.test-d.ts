// A partner's strictest compiler settings: `strict`, `noUncheckedIndexedAccess` and `exactOptionalPropertyTypes`
// (tsconfig.json; the first block below fails if one is switched off). Every option the caller passes in takes an
// explicit `undefined`, which the SDK reads as "not set" (test/explicit-undefined.test.ts checks that at run time), so
// a maybe-value can be passed as it is. What the SDK returns keeps `?:` without `| undefined`: a key there is absent,
// never present and undefined.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type BulkCreateOptions,
  type CallExtras,
  type ChunkReport,
  type ClientCredentials,
  createZestClient,
  type FetchLike,
  type HelperOptions,
  type IdempotentHelperOptions,
  type ListOptions,
  type ListQuery,
  type RetryContext,
  type RetryOptions,
  type TokenProvider,
  type UploadInput,
  type ZestAuth,
  type ZestClientOptions,
  type ZestError,
} from '../src/index.js';
import { fileFromPath } from '../src/node.js';
import { spvCreate } from './helpers.js';

// What a partner's code holds: values that may be missing.
declare const maybeSignal: AbortSignal | undefined;
declare const maybeNumber: number | undefined;
declare const maybeString: string | undefined;
declare const maybeBoolean: boolean | undefined;
declare const maybeHeaders: Record<string, string> | undefined;
declare const maybeRetry: RetryOptions | false | undefined;
declare const maybeFetch: FetchLike | undefined;
declare const maybeAuth: ZestAuth | undefined;

describe('the compiler settings of this file', () => {
  it('are the strictest a partner may use', () => {
    // exactOptionalPropertyTypes: an optional property without `| undefined` refuses an explicit undefined.
    // @ts-expect-error
    const exact: { a?: string } = { a: undefined };
    // noUncheckedIndexedAccess: an element read by index may be missing.
    expectTypeOf(([] as string[])[0]).toEqualTypeOf<string | undefined>();
    // strict (strictNullChecks).
    // @ts-expect-error
    const strict: string = null;
    void [exact, strict];
  });
});

describe('options the caller passes in take an explicit undefined', () => {
  it('ZestClientOptions, every option but the base URL', () => {
    const options: ZestClientOptions = {
      baseUrl: 'https://zest.test',
      environment: undefined,
      auth: maybeAuth,
      fetch: maybeFetch,
      retry: maybeRetry,
      timeoutMs: maybeNumber,
      userAgent: maybeString,
      throwOnError: undefined,
      headers: maybeHeaders,
    };
    void createZestClient(options);
    void createZestClient({ baseUrl: undefined, environment: 'sandbox' });
  });

  it('throwOnError: undefined is the default (false), at the client and per call', async () => {
    const zest = createZestClient({ environment: 'sandbox', throwOnError: undefined });
    const health = await zest.system.health({ throwOnError: undefined });
    expectTypeOf(health.error).toEqualTypeOf<import('../src/index.js').ZestApiError | undefined>();
    const throwing = createZestClient({ environment: 'sandbox', throwOnError: true });
    const info = await throwing.auth.info({ throwOnError: maybeBoolean });
    expectTypeOf(info.data).toEqualTypeOf<NonNullable<typeof info.data> | undefined>();
  });

  it('ZestAuth: client credentials and a token provider', () => {
    const credentials: ClientCredentials = {
      clientId: 'c',
      issuer: 'https://partner.test',
      privateKey: 'pem',
      audience: maybeString,
      refreshBeforeSeconds: maybeNumber,
    };
    const provider: ZestAuth = { getToken: async () => 't', invalidate: undefined };
    const ownProvider: TokenProvider = { getToken: async () => 't', invalidate: (token: string) => void token };
    const auths: ZestAuth[] = [credentials, provider, ownProvider, { accessToken: 't' }];
    void auths;
  });

  it('RetryOptions, every option', () => {
    const retry: RetryOptions = {
      maxAttempts: maybeNumber,
      baseDelayMs: maybeNumber,
      maxDelayMs: maybeNumber,
      maxRetryAfterMs: maybeNumber,
      retryOn: undefined,
      random: undefined,
      sleep: undefined,
    };
    void createZestClient({ environment: 'sandbox', retry });
  });

  it('CallExtras, HelperOptions and IdempotentHelperOptions on every helper', async () => {
    const extras: CallExtras = { throwOnError: maybeBoolean, timeoutMs: maybeNumber, retry: maybeRetry };
    const helper: HelperOptions = { ...extras, signal: maybeSignal, headers: maybeHeaders };
    const keyed: IdempotentHelperOptions = { ...helper, idempotencyKey: maybeString };
    const zest = createZestClient({ environment: 'sandbox', auth: { accessToken: 't' } });
    const created = await zest.spvRequests.create(spvCreate, {
      signal: maybeSignal,
      timeoutMs: maybeNumber,
      retry: maybeRetry,
      idempotencyKey: maybeString,
      headers: maybeHeaders,
      throwOnError: undefined,
    });
    expectTypeOf(created.idempotencyKey).toEqualTypeOf<string>();
    void zest.spvRequests.get('svr_1', helper);
    void zest.spvRequests.cancel('svr_1', { signal: maybeSignal, timeoutMs: maybeNumber });
    void zest.subscriptions.create('veh_1', { subscriptions: [] }, keyed);
    void zest.contracts.getTemplate('1.0.0', 'name', { signal: maybeSignal, retry: maybeRetry });
    void zest.auth.info({ signal: maybeSignal });
  });

  it('the raw methods: openapi-fetch and RequestInit options as well as the SDK own', async () => {
    const zest = createZestClient({ environment: 'sandbox', auth: { accessToken: 't' } });
    const result = await zest.GET('/v1/spv-requests/{slug}', {
      params: { path: { slug: 'svr_1' } },
      signal: maybeSignal,
      timeoutMs: maybeNumber,
      retry: maybeRetry,
      throwOnError: undefined,
      headers: maybeHeaders,
      parseAs: undefined,
      redirect: undefined,
    });
    expectTypeOf(result.data).toEqualTypeOf<import('@zestequity/partner-api-types').SpvRequest | undefined>();
    void zest.POST('/v1/investors', { body: { investors: [] }, signal: maybeSignal, timeoutMs: maybeNumber });
    void zest.DELETE('/v1/spv-requests/{slug}', { params: { path: { slug: 'svr_1' } }, signal: maybeSignal });
    // Required stays required: undefined is no path parameter, no body.
    // @ts-expect-error
    void zest.GET('/v1/spv-requests/{slug}', { params: undefined });
    // @ts-expect-error
    void zest.POST('/v1/investors', { body: undefined });
  });

  it('ListQuery and ListOptions, and the query of listPage', () => {
    const zest = createZestClient({ environment: 'sandbox', auth: { accessToken: 't' } });
    const query: ListQuery = { perPage: maybeNumber, status: undefined };
    const options: ListOptions = { signal: maybeSignal, timeoutMs: maybeNumber, retry: maybeRetry };
    void zest.spvRequests.list(query, options);
    void zest.spvRequests.listPage(
      { page: maybeNumber, perPage: maybeNumber, status: undefined },
      { signal: maybeSignal },
    );
  });

  it('BulkCreateOptions, every option', () => {
    const zest = createZestClient({ environment: 'sandbox', auth: { accessToken: 't' } });
    const options: BulkCreateOptions = {
      chunkSize: maybeNumber,
      concurrency: maybeNumber,
      signal: maybeSignal,
      timeoutMs: maybeNumber,
      retry: maybeRetry,
      onChunk: undefined,
    };
    void zest.investors.bulkCreate([], options);
  });

  it('UploadInput and fileFromPath options', async () => {
    const file: UploadInput = { data: new Uint8Array(), filename: maybeString, contentType: maybeString };
    const zest = createZestClient({ environment: 'sandbox', auth: { accessToken: 't' } });
    void zest.subscriptions.uploadForm({ spvSlug: 'veh_1', personId: 'psn_1', file }, { signal: maybeSignal });
    void (await fileFromPath('receipt.pdf', { filename: maybeString, contentType: maybeString }));
    // Required stays required: a file needs its bytes.
    // @ts-expect-error
    const noData: UploadInput = { data: undefined };
    // @ts-expect-error
    const noClientId: ClientCredentials = { clientId: undefined, issuer: 'i', privateKey: 'k' };
    void [noData, noClientId];
  });
});

describe('what the SDK returns keeps `?:` exact', () => {
  it('a chunk report, a retry context', () => {
    const report = { index: 0, start: 0, end: 1, idempotencyKey: 'k', ok: true, error: undefined };
    // @ts-expect-error `error` is absent on a chunk that went through, never undefined
    const chunk: ChunkReport = report;
    // @ts-expect-error `response` is absent when no answer came
    const context: RetryContext = { attempt: 1, request: new Request('https://zest.test'), response: undefined };
    expectTypeOf<ChunkReport['error']>().toEqualTypeOf<ZestError | undefined>();
    void [chunk, context];
  });
});
