import type { paths } from '@zestequity/partner-api-types';
import type { FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type {
  HttpMethod,
  MediaType,
  OperationRequestBodyContent,
  PathsWithMethod,
  RequiredKeysOf,
} from 'openapi-typescript-helpers';
import type { ZestApiError } from './errors.js';
import type { RetryOptions } from './retry.js';

/**
 * `T` with `| undefined` added to each of its own optional properties (not to nested ones): the SDK reads an option
 * set to undefined as one left out, so a caller compiling with `exactOptionalPropertyTypes` may pass a maybe-value.
 * Required properties stay required. Used for inputs typed after openapi-fetch's or the generated types.
 */
export type OrUndefined<T> = T extends object
  ? { [K in keyof T]: T[K] | (Partial<Pick<T, K>> extends Pick<T, K> ? undefined : never) }
  : T;

/**
 * Options every SDK call accepts on top of openapi-fetch's own. Every option the caller passes in takes `undefined`
 * as "not set" (for `exactOptionalPropertyTypes`), here and in every other options type of the SDK.
 */
export interface CallExtras<Throw extends boolean | undefined = boolean | undefined> {
  /** Throw ZestApiError on a non-2xx answer instead of returning it in `error`. Overrides the client setting. */
  throwOnError?: Throw | undefined;
  /** Per attempt for this call, in ms; 0 disables. Overrides the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /** Retry limits for this call, merged over the client's; `false` sends it once. */
  retry?: RetryOptions | false | undefined;
}

// openapi-fetch's own InitParam adds `{ [key: string]: unknown }`, which makes any misspelt option compile and be
// ignored; without it, an option that is neither openapi-fetch's, RequestInit's nor the SDK's is a compile error.
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & CallExtras)?] : [Init & CallExtras];

/**
 * openapi-fetch's result, with every failed answer normalised into a ZestApiError (the envelope and the framework's
 * 422 alike, so `result.error.code` always reads), plus the Idempotency-Key the SDK sent (generated or the caller's).
 */
// biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint; the generated operation interfaces have no index signature, so they satisfy `Record<..., any>` but not `Record<..., unknown>`.
export type ZestFetchResponse<Op extends Record<string | number, any>, Init = object> = (
  | { data: Exclude<FetchResponse<Op, Init, MediaType>['data'], undefined>; error?: never; response: Response }
  | { data?: never; error: ZestApiError; response: Response }
) & {
  idempotencyKey?: string;
};

/** An openapi-fetch method, typed from the generated `paths`: wrong paths, params, bodies and headers do not compile. */
// biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint; the generated operation interfaces have no index signature, so they satisfy `Record<..., any>` but not `Record<..., unknown>`.
export type ZestMethod<Paths extends Record<string, any>, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends OrUndefined<MaybeOptionalInit<Paths[Path], Method>>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<ZestFetchResponse<Paths[Path][Method], Init>>;

/** The operation object of `method path` in the generated types. */
export type Operation<Path extends keyof paths, Method extends HttpMethod> = paths[Path][Method & keyof paths[Path]] &
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint; the generated operation interfaces have no index signature, so they satisfy `Record<..., any>` but not `Record<..., unknown>`.
  Record<string | number, any>;

/** The JSON body an operation takes. */
export type RequestBody<Path extends keyof paths, Method extends HttpMethod> = OperationRequestBodyContent<
  Operation<Path, Method>
>;

/** The result an operation resolves to, before any throwOnError narrowing. */
export type OperationResult<Path extends keyof paths, Method extends HttpMethod> = ZestFetchResponse<
  Operation<Path, Method>
>;

/** With throwOnError the SDK either throws or returns data; the type says so. */
export type Succeeded<R extends { data?: unknown; response: Response }> = {
  data: Exclude<R['data'], undefined>;
  error?: never;
  response: Response;
  idempotencyKey?: string;
};

export type Outcome<R extends { data?: unknown; response: Response }, Throw extends boolean> = Throw extends true
  ? Succeeded<R>
  : R;

/** Per-call throwOnError wins over the client's. */
export type ThrowSetting<Call extends boolean | undefined, Client extends boolean> = Call extends boolean
  ? Call
  : Client;

/** Options of a resource helper call. */
export interface HelperOptions<Throw extends boolean | undefined = boolean | undefined> extends CallExtras<Throw> {
  /** Once aborted, nothing more is sent for the call and it rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Extra request headers (e.g. a correlation id). */
  headers?: Record<string, string> | undefined;
}

/** Options of a helper whose operation accepts an Idempotency-Key. */
export interface IdempotentHelperOptions<Throw extends boolean | undefined = boolean | undefined>
  extends HelperOptions<Throw> {
  /** Reuse a key you persisted with your own record of the request; generated (UUID v4) when omitted. */
  idempotencyKey?: string | undefined;
}
