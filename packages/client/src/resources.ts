import type { components, paths } from '@zestequity/partner-api-types';
import { HEADER_SAFE } from './auth.js';
import { type BulkCreateOptions, type BulkCreateResult, bulkCreateInvestors } from './bulk.js';
import type { CallFn } from './client.js';
import { IDEMPOTENCY_HEADER } from './generated/spec-facts.js';
import { isUsableKey } from './idempotency.js';
import { type ListOptions, type ListQuery, paginate } from './pagination.js';
import { checkObject, isHeaderValue, objectOr, refuse } from './retry.js';
import type {
  HelperOptions,
  IdempotentHelperOptions,
  OperationResult,
  OrUndefined,
  Outcome,
  RequestBody,
  ThrowSetting,
} from './types.js';
import { prepareUpload, type UploadInput } from './uploads.js';

type SpvRequest = components['schemas']['SpvRequestResponse'];
type FundingFields = Omit<components['schemas']['FundingReceiptUpload'], 'file'>;

/** A helper's resolved result type for `method path`, honouring per-call and client-wide throwOnError. */
type Res<
  P extends keyof paths,
  M extends 'get' | 'post' | 'delete',
  C extends boolean | undefined,
  T extends boolean,
> = Promise<Outcome<OperationResult<P, M>, ThrowSetting<C, T>>>;

/** `Res` of an operation that takes an Idempotency-Key: the helper always sends one (given or generated). */
type Keyed<R> = Promise<Awaited<R> & { idempotencyKey: string }>;

export interface Resources<T extends boolean> {
  spvRequests: {
    /** POST /v1/spv-requests. The Idempotency-Key is generated when not given and returned as `idempotencyKey`. */
    create<C extends boolean | undefined = undefined>(
      body: RequestBody<'/v1/spv-requests', 'post'>,
      options?: IdempotentHelperOptions<C>,
    ): Keyed<Res<'/v1/spv-requests', 'post', C, T>>;
    get<C extends boolean | undefined = undefined>(
      slug: string,
      options?: HelperOptions<C>,
    ): Res<'/v1/spv-requests/{slug}', 'get', C, T>;
    cancel<C extends boolean | undefined = undefined>(
      slug: string,
      options?: HelperOptions<C>,
    ): Res<'/v1/spv-requests/{slug}', 'delete', C, T>;
    /** Every SPV request matching the query, page after page: `for await (const r of zest.spvRequests.list())`. */
    list(query?: ListQuery, options?: ListOptions): AsyncGenerator<SpvRequest, void, undefined>;
    /** One page of GET /v1/spv-requests, as the API returns it. */
    listPage<C extends boolean | undefined = undefined>(
      query?: OrUndefined<NonNullable<paths['/v1/spv-requests']['get']['parameters']['query']>>,
      options?: HelperOptions<C>,
    ): Res<'/v1/spv-requests', 'get', C, T>;
  };
  investors: {
    /** Any number of rows, sent in chunks with bounded concurrency; results in input order, no row lost. */
    bulkCreate(
      rows: ReadonlyArray<components['schemas']['InvestorCreateRow']>,
      options?: BulkCreateOptions,
    ): Promise<BulkCreateResult>;
  };
  subscriptions: {
    create<C extends boolean | undefined = undefined>(
      spvSlug: string,
      body: RequestBody<'/v1/spvs/{spvSlug}/subscriptions', 'post'>,
      options?: IdempotentHelperOptions<C>,
    ): Keyed<Res<'/v1/spvs/{spvSlug}/subscriptions', 'post', C, T>>;
    /** Checked locally (size, type, magic bytes) before a byte is sent; throws ZestUploadError when refused. */
    uploadForm<C extends boolean | undefined = undefined>(
      target: { spvSlug: string; personId: string; file: UploadInput },
      options?: HelperOptions<C>,
    ): Res<'/v1/spvs/{spvSlug}/subscription/{personId}/forms', 'post', C, T>;
    uploadFundingReceipt<C extends boolean | undefined = undefined>(
      target: { spvSlug: string; personId: string; file: UploadInput } & FundingFields,
      options?: HelperOptions<C>,
    ): Res<'/v1/spvs/{spvSlug}/subscription/{personId}/fundings', 'post', C, T>;
  };
  contracts: {
    listVersions<C extends boolean | undefined = undefined>(
      options?: HelperOptions<C>,
    ): Res<'/v1/contracts', 'get', C, T>;
    listTemplates<C extends boolean | undefined = undefined>(
      version: string,
      options?: HelperOptions<C>,
    ): Res<'/v1/contracts/templates/{version}', 'get', C, T>;
    getTemplate<C extends boolean | undefined = undefined>(
      version: string,
      templateName: string,
      options?: HelperOptions<C>,
    ): Res<'/v1/contracts/templates/{version}/{templateName}', 'get', C, T>;
    listCatalogs<C extends boolean | undefined = undefined>(
      version: string,
      options?: HelperOptions<C>,
    ): Res<'/v1/contracts/catalogs/{version}', 'get', C, T>;
    getCatalog<C extends boolean | undefined = undefined>(
      version: string,
      catalogName: string,
      options?: HelperOptions<C>,
    ): Res<'/v1/contracts/catalogs/{version}/{catalogName}', 'get', C, T>;
    listPrimitives<C extends boolean | undefined = undefined>(
      version: string,
      options?: HelperOptions<C>,
    ): Res<'/v1/contracts/primitives/{version}', 'get', C, T>;
    getPrimitive<C extends boolean | undefined = undefined>(
      version: string,
      primitiveName: string,
      options?: HelperOptions<C>,
    ): Res<'/v1/contracts/primitives/{version}/{primitiveName}', 'get', C, T>;
    listSamples<C extends boolean | undefined = undefined>(
      version: string,
      options?: HelperOptions<C>,
    ): Res<'/v1/contracts/samples/{version}', 'get', C, T>;
    getSample<C extends boolean | undefined = undefined>(
      version: string,
      sampleName: string,
      options?: HelperOptions<C>,
    ): Res<'/v1/contracts/samples/{version}/{sampleName}', 'get', C, T>;
  };
  auth: {
    /** GET /v1/oauth2/info: which partner application the current token belongs to. */
    info<C extends boolean | undefined = undefined>(options?: HelperOptions<C>): Res<'/v1/oauth2/info', 'get', C, T>;
  };
  system: {
    health<C extends boolean | undefined = undefined>(options?: HelperOptions<C>): Res<'/public/hc', 'get', C, T>;
  };
}

type Init = Parameters<CallFn>[2] & {};
type UploadTarget = { spvSlug: string; personId: string; file: UploadInput } & Partial<FundingFields>;

/** Maps helper options onto an openapi-fetch init: `extra`, which each helper builds afresh for the call. */
function initOf(path: string, options: IdempotentHelperOptions | undefined, extra: Init = {}): Init {
  const init = extra;
  if (options == null) return init;
  checkObject(`options of ${path}`, options);
  if (options.signal !== undefined) init.signal = options.signal;
  if (options.headers !== undefined) init.headers = options.headers;
  if (options.throwOnError !== undefined) init.throwOnError = options.throwOnError;
  if (options.timeoutMs !== undefined) init.timeoutMs = options.timeoutMs;
  if (options.retry !== undefined) init.retry = options.retry;
  const key = options.idempotencyKey;
  if (key !== undefined) {
    // A key the caller kept is never swapped for a new one: what the call cannot send is refused.
    // Blank (spaces only) counts as empty: fetch strips it, and the server would get an empty key.
    if (!isUsableKey(key) || !isHeaderValue(key)) refuse('idempotencyKey', key, HEADER_SAFE);
    init.params = { ...init.params, header: { ...init.params?.header, [IDEMPOTENCY_HEADER]: key } };
  }
  return init;
}

export function createResources<T extends boolean>(call: CallFn): Resources<T> {
  // The helpers are thin: each is one typed call through the same path as GET/POST/DELETE. The casts only cross
  // from the precise public signatures above to the untyped CallFn.
  // A bad argument (options that are no object) rejects the promise rather than throwing. Not by making this an
  // async function: one returning `call`'s promise costs every call two more turns of the microtask queue.
  const send =
    (method: 'GET' | 'POST' | 'DELETE') =>
    (path: string, options: IdempotentHelperOptions | undefined, extra?: Init) => {
      let init: Init;
      try {
        init = initOf(path, options, extra);
      } catch (error) {
        return Promise.reject(error) as never;
      }
      return call(method, path, init) as never;
    };
  const get = send('GET');
  const post = send('POST');
  const del = send('DELETE');
  const contract = (path: string, pathParams: Record<string, string>, options?: HelperOptions) =>
    get(path, options, { params: { path: pathParams } });
  // Both uploads: the target checked, an abort check, the file checked and read, then the multipart POST.
  const upload = async (path: string, target: UploadTarget, withFields: boolean, options?: HelperOptions) => {
    checkObject(`${withFields ? 'uploadFundingReceipt' : 'uploadForm'} target`, target);
    const { spvSlug, personId, file, ...fields } = target;
    throwIfAborted(options);
    const form = await multipart(file, withFields ? fields : {});
    return post(path, options, { params: { path: { spvSlug, personId } }, body: form });
  };

  return {
    spvRequests: {
      create: (body, options) => post('/v1/spv-requests', options, { body }),
      get: (slug, options) => get('/v1/spv-requests/{slug}', options, { params: { path: { slug } } }),
      cancel: (slug, options) => del('/v1/spv-requests/{slug}', options, { params: { path: { slug } } }),
      list: (query, options) => paginate(call, query, options),
      listPage: async (query, options) =>
        get('/v1/spv-requests', options, { params: { query: objectOr('query', query) } }),
    },
    investors: {
      bulkCreate: (rows, options) => bulkCreateInvestors(call, rows, options),
    },
    subscriptions: {
      create: (spvSlug, body, options) =>
        post('/v1/spvs/{spvSlug}/subscriptions', options, { params: { path: { spvSlug } }, body }),
      uploadForm: (target, options) =>
        upload('/v1/spvs/{spvSlug}/subscription/{personId}/forms', target, false, options),
      uploadFundingReceipt: (target, options) =>
        upload('/v1/spvs/{spvSlug}/subscription/{personId}/fundings', target, true, options),
    },
    contracts: {
      listVersions: (options) => get('/v1/contracts', options),
      listTemplates: (version, options) => contract('/v1/contracts/templates/{version}', { version }, options),
      getTemplate: (version, templateName, options) =>
        contract('/v1/contracts/templates/{version}/{templateName}', { version, templateName }, options),
      listCatalogs: (version, options) => contract('/v1/contracts/catalogs/{version}', { version }, options),
      getCatalog: (version, catalogName, options) =>
        contract('/v1/contracts/catalogs/{version}/{catalogName}', { version, catalogName }, options),
      listPrimitives: (version, options) => contract('/v1/contracts/primitives/{version}', { version }, options),
      getPrimitive: (version, primitiveName, options) =>
        contract('/v1/contracts/primitives/{version}/{primitiveName}', { version, primitiveName }, options),
      listSamples: (version, options) => contract('/v1/contracts/samples/{version}', { version }, options),
      getSample: (version, sampleName, options) =>
        contract('/v1/contracts/samples/{version}/{sampleName}', { version, sampleName }, options),
    },
    auth: {
      info: (options) => get('/v1/oauth2/info', options),
    },
    system: {
      health: (options) => get('/public/hc', options),
    },
  };
}

/** An aborted signal ends a helper before it reads a file; `call` checks again before anything is sent. */
function throwIfAborted(options: HelperOptions | undefined): void {
  if (options?.signal?.aborted) throw options.signal.reason;
}

/** Validates the file first (throws ZestUploadError), then builds the multipart body: text fields, then `file`. */
async function multipart(file: UploadInput, fields: Record<string, unknown>): Promise<FormData> {
  const prepared = await prepareUpload(file);
  const form = new FormData();
  // A field left undefined (or null) is left out, not sent as the text "undefined" or "null"; one that is not a
  // string (a number, an object) is refused rather than sent as "5" or "[object Object]" (the form's text parts are
  // strings in the spec: a decimal string, a currency code, a reference).
  for (const [name, value] of Object.entries(fields)) {
    if (value == null) continue;
    if (typeof value !== 'string') refuse(name, value, 'a string');
    form.append(name, value);
  }
  form.append('file', prepared.blob, prepared.filename);
  return form;
}
