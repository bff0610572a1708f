import type { FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { paths } from '@zestequity/partner-api-types';
import type {
  HttpMethod,
  MediaType,
  OperationRequestBodyContent,
  PathsWithMethod,
  RequiredKeysOf,
} from 'openapi-typescript-helpers';

/** Options every SDK call accepts on top of openapi-fetch's own. */
export interface CallExtras<Throw extends boolean | undefined = boolean | undefined> {
  /** Throw ZestApiError on a non-2xx answer instead of returning it in `error`. Overrides the client setting. */
  throwOnError?: Throw;
}

type InitParam<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & CallExtras & { [key: string]: unknown })?]
    : [Init & CallExtras & { [key: string]: unknown }];

/** openapi-fetch's result plus the Idempotency-Key the SDK sent (generated or the caller's). */
export type ZestFetchResponse<Op extends Record<string | number, any>, Init = {}> = FetchResponse<Op, Init, MediaType> & {
  idempotencyKey?: string;
};

/** An openapi-fetch method, typed from the generated `paths`: wrong paths, params, bodies and headers do not compile. */
export type ZestMethod<Paths extends Record<string, any>, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<ZestFetchResponse<Paths[Path][Method], Init>>;

/** The operation object of `method path` in the generated types. */
export type Operation<Path extends keyof paths, Method extends HttpMethod> = paths[Path][Method & keyof paths[Path]] &
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
export type ThrowSetting<Call extends boolean | undefined, Client extends boolean> = Call extends boolean ? Call : Client;

/** Options of a resource helper call. */
export interface HelperOptions<Throw extends boolean | undefined = boolean | undefined> extends CallExtras<Throw> {
  signal?: AbortSignal;
  /** Extra request headers (e.g. a correlation id). */
  headers?: Record<string, string>;
}

/** Options of a helper whose operation accepts an Idempotency-Key. */
export interface IdempotentHelperOptions<Throw extends boolean | undefined = boolean | undefined>
  extends HelperOptions<Throw> {
  /** Reuse a key you persisted with your own record of the request; generated (UUID v4) when omitted. */
  idempotencyKey?: string;
}
