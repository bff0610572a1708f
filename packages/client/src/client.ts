import type { paths } from '@zestequity/partner-api-types';
import createClient, { type Middleware } from 'openapi-fetch';
import { refuseToken, resolveTokenSource, type ZestAuth } from './auth.js';
import { expectOwnRead, finishOwnRead, type OwnRead, ownReadFailure } from './body-guard.js';
import { ZestApiError, ZestNetworkError } from './errors.js';
import { SERVERS } from './generated/spec-facts.js';
import { GENERATED_KEY, IDEMPOTENCY_LOWER, idempotencyModeOf, isUsableKey, newIdempotencyKey } from './idempotency.js';
import { createResources, type Resources } from './resources.js';
import {
  isHeaderValue,
  MAX_WAIT_MS,
  mergeRetryOptions,
  type RetryOptions,
  refuse,
  resolveRetryPolicy,
} from './retry.js';
import { createTransport, type FetchLike, ReplayableRequest } from './transport.js';
import type { ZestMethod } from './types.js';

export type Environment = keyof typeof SERVERS;

/** The base URL of each environment, read from the spec's `servers` at build time (docs/design-decisions.md#servers). */
export const environments: Readonly<Record<Environment, string>> = SERVERS;

export interface ZestClientOptions<Throw extends boolean = false> {
  /** Any base URL (e.g. a sandbox started in a test, or a proxy in front of an environment). Wins over `environment`. */
  baseUrl?: string | undefined;
  /** One of the spec's servers (see `environments`); ignored when `baseUrl` is given. */
  environment?: Environment | undefined;
  /** Client credentials, a token provider, or `{ accessToken }`. Omit only for public endpoints (health, contracts). */
  auth?: ZestAuth | undefined;
  /**
   * Defaults to the runtime's global fetch. API calls invoke it as `(request, { signal })` once per attempt. With
   * client credentials it also performs the token exchange, invoked as `(url, { method: 'POST', headers, body,
   * signal })` with a form-encoded body: a fetch that only handles Request objects must handle that call too.
   */
  fetch?: FetchLike | undefined;
  /** Retry limits; `false` sends every request once. A call's own `retry` is merged over these. */
  retry?: RetryOptions | false | undefined;
  /** Per attempt (and per token exchange), in ms. Default 30000; 0 disables (the exchange then keeps 10000). */
  timeoutMs?: number | undefined;
  userAgent?: string | undefined;
  /** Throw ZestApiError on non-2xx answers instead of returning them in `error`. Default false. */
  throwOnError?: Throw | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
}

export type ZestClient<Throw extends boolean = false> = {
  readonly baseUrl: string;
  GET: ZestMethod<paths, 'get'>;
  POST: ZestMethod<paths, 'post'>;
  DELETE: ZestMethod<paths, 'delete'>;
  /** Add openapi-fetch middleware (logging, tracing). It runs before the transport and cannot resend. */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
} & Resources<Throw>;

type Init = Record<string, unknown> & {
  params?: { header?: Record<string, unknown> } & Record<string, unknown>;
  headers?: Record<string, unknown>;
  throwOnError?: boolean;
  timeoutMs?: number;
  retry?: RetryOptions | false;
};
type RawResult = { data?: unknown; error?: unknown; response: Response; idempotencyKey?: string };
export type CallFn = (method: 'GET' | 'POST' | 'DELETE', path: string, init?: Init) => Promise<RawResult>;

export function createZestClient<Throw extends boolean = false>(options: ZestClientOptions<Throw>): ZestClient<Throw> {
  const baseUrl = resolveBaseUrl(options);
  checkOptions(options);
  const send: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = checkTimeout(options.timeoutMs ?? 30_000);
  const transport = createTransport({
    fetch: send,
    tokens: resolveTokenSource(options.auth, { baseUrl, fetch: send as typeof fetch, timeoutMs }),
    retry: options.retry,
    timeoutMs,
    userAgent: options.userAgent,
    basePath: new URL(baseUrl).pathname.replace(/\/+$/, ''),
  });
  const base = createBase(baseUrl, transport, options.headers);
  // Once any middleware is added, calls read their answers through the body guard (see body-guard.ts).
  const middleware = { added: false };
  const call = createCall(base, transport, options, middleware);

  const client = {
    baseUrl,
    GET: ((path: string, init?: Init) => call('GET', path, init)) as ZestMethod<paths, 'get'>,
    POST: ((path: string, init?: Init) => call('POST', path, init)) as ZestMethod<paths, 'post'>,
    DELETE: ((path: string, init?: Init) => call('DELETE', path, init)) as ZestMethod<paths, 'delete'>,
    use: (...m: Middleware[]) => {
      middleware.added = true;
      base.use(...m);
    },
    eject: (...m: Middleware[]) => base.eject(...m),
    ...createResources<Throw>(call),
  };
  return client as ZestClient<Throw>;
}

/**
 * One call: its own options taken off, its idempotency key set, sent through openapi-fetch, and its answer made into
 * the SDK's result (or error).
 */
function createCall(
  base: ReturnType<typeof createBase>,
  transport: ReturnType<typeof createTransport>,
  options: ZestClientOptions<boolean>,
  middleware: { added: boolean },
): CallFn {
  const clientThrows = options.throwOnError === true;
  return async (method, path, init) => {
    let opts: Init | undefined = init;
    let throwOnError = clientThrows;
    if (opts !== undefined) {
      // An aborted signal ends the call here, before middleware, serialisation or the token exchange run.
      const signal = opts.signal as AbortSignal | undefined | null;
      if (signal?.aborted) throw signal.reason;
      if ('throwOnError' in opts || 'timeoutMs' in opts || 'retry' in opts) {
        const { throwOnError: perCall, timeoutMs, retry, ...rest } = opts;
        if (perCall !== undefined) throwOnError = perCall === true;
        opts = rest;
        if (timeoutMs !== undefined || retry !== undefined) {
          // Handed to the transport by a fetch of this call's own (openapi-fetch takes `fetch` per call), not on the
          // Request: middleware that returns a new Request cannot drop them. Checked here, before anything is sent.
          const settings = {
            timeoutMs: timeoutMs === undefined ? undefined : checkTimeout(timeoutMs),
            retry: retry === undefined ? undefined : resolveRetryPolicy(mergeRetryOptions(options.retry, retry)),
          };
          opts = { fetch: (request: Request) => transport(request, settings), ...rest };
        }
      }
    }
    checkPathParams(method, path, opts);
    let key: string | undefined;
    ({ key, opts } = prepareSend(method, path, opts));
    let result: RawResult;
    const own = middleware.added || !readsOwnJson(opts) ? undefined : { response: undefined, read: false };
    try {
      result = await start(base, method, path, opts, own);
      if (own !== undefined) finishOwnRead(own, result);
    } catch (caught) {
      const error = own === undefined ? caught : ownReadFailure(own, caught);
      if (key !== undefined && (error instanceof ZestNetworkError || error instanceof ZestApiError))
        error.idempotencyKey = key;
      // A successful status whose body is not JSON (see body-guard.ts): as unusable as a failed status.
      if (error instanceof ZestApiError && !throwOnError) return { error, response: error.response! };
      throw error;
    }
    if (key !== undefined) result.idempotencyKey = key;
    if (!result.response.ok) {
      // One shape for every failed answer, envelope or framework 422: `result.error.code` always reads.
      const error = ZestApiError.from(result.response.status, result.error, result.response);
      error.idempotencyKey = key;
      if (throwOnError) throw error;
      result.error = error;
    }
    return result;
  };
}

/**
 * Starts the request through openapi-fetch, which (with no middleware) enters the transport before it awaits
 * anything: the call's OwnRead is there for the transport to take, and for nothing after (see body-guard.ts).
 */
function start(
  base: ReturnType<typeof createBase>,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  opts: Init | undefined,
  own: OwnRead | undefined,
): Promise<RawResult> {
  expectOwnRead(own);
  try {
    return (base[method] as (p: string, i?: Init) => Promise<RawResult>)(path, opts);
  } finally {
    expectOwnRead(undefined);
  }
}

/** The openapi-fetch client every call goes through: the SDK's transport as its fetch, and its Request class. */
function createBase(baseUrl: string, transport: ReturnType<typeof createTransport>, headers?: Record<string, string>) {
  return createClient<paths>({
    baseUrl,
    // openapi-fetch calls it as fetch(request, requestInitExt), the latter undefined here: no call settings.
    fetch: transport,
    Request: ReplayableRequest,
    // Overrides openapi-fetch's default `follow`, so ReplayableRequest sees which calls did not ask for a mode
    // (openapi-fetch's type does not allow undefined, which fetch reads as not given).
    redirect: undefined as unknown as RequestRedirect,
    ...(headers ? { headers } : {}),
  });
}

function resolveBaseUrl(options: ZestClientOptions<boolean> | undefined): string {
  // `?? {}`: without options, the error below names the ones needed, not "Cannot destructure property 'baseUrl'".
  const { baseUrl, environment } = options ?? {};
  if (baseUrl !== undefined) {
    // Paths are appended to the base URL as text: a query or fragment in it would swallow them.
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {}
    if (!url || !/^https?:$/.test(url.protocol) || /[?#]/.test(baseUrl)) {
      refuse('baseUrl', baseUrl, 'an http(s) URL without query or fragment');
    }
    // Built from the parsed URL: `HTTP://LOCALHOST:80/` and `http://localhost` are one base URL, and one token `aud`.
    return url.href.replace(/\/+$/, '');
  }
  if (environment !== undefined) {
    // Own keys only: `toString` or `__proto__` are not environments.
    if (!Object.hasOwn(SERVERS, environment)) {
      throw new TypeError(`Unknown environment "${environment}"; use one of ${Object.keys(SERVERS)} or pass baseUrl.`);
    }
    return SERVERS[environment];
  }
  throw new TypeError('createZestClient needs options with `baseUrl` or `environment`.');
}

/** The options that would otherwise fail later, on the first call, with an error that does not name them. */
function checkOptions({ fetch, auth, throwOnError, headers, userAgent }: ZestClientOptions<boolean>): void {
  if (fetch !== undefined && typeof fetch !== 'function') refuse('fetch', fetch, 'a function');
  if (throwOnError !== undefined && typeof throwOnError !== 'boolean') {
    refuse('throwOnError', throwOnError, 'true or false');
  }
  if (auth !== undefined && (typeof auth !== 'object' || auth === null)) refuse('auth', auth, 'an object');
  const token = (auth as { accessToken?: unknown } | undefined)?.accessToken;
  if (auth && 'accessToken' in auth && (token === '' || !isHeaderValue(token))) {
    refuseToken('auth.accessToken', token);
  }
  if (userAgent !== undefined && !isHeaderValue(userAgent)) {
    refuse('userAgent', userAgent, 'a string valid in an HTTP header');
  }
  if (headers !== undefined && (typeof headers !== 'object' || headers === null))
    refuse('headers', headers, 'an object');
  keyIn(headers, 'headers');
}

/** Per attempt: 0 disables; otherwise from 1 ms to the longest wait a timer honours (a longer one fires at once). */
function checkTimeout(ms: unknown): number {
  if (typeof ms !== 'number' || !(ms === 0 || (ms >= 1 && ms <= MAX_WAIT_MS))) {
    refuse('timeoutMs', ms, `0 (off) or from 1 to ${MAX_WAIT_MS} ms`, typeof ms === 'number' ? RangeError : TypeError);
  }
  return ms;
}

/**
 * Every `{name}` in the path template has a non-empty string other than a dot segment in `params.path`. openapi-fetch
 * would otherwise leave the placeholder in the URL (`GET /v1/spv-requests/%7Bslug%7D`) or send `undefined` as an id,
 * and the call would reach the server, or a different operation, instead of failing here.
 */
function checkPathParams(method: string, path: string, opts: Init | undefined): void {
  const given = opts?.params?.path as Record<string, unknown> | null | undefined;
  for (const name of parameterNames(path)) {
    const value = given?.[name];
    // `.` and `..` are dot segments: the URL would resolve them to another path (`/v1/spv-requests/..` is `/v1/`).
    if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
      refuse(`Path parameter \`${name}\` of ${method} ${path}`, value, 'a non-empty string other than . or ..');
    }
  }
}

/** `{name}`s of path templates met so far (a handful: the spec's), so a call does not run a regexp over its path. */
const PARAMETER_NAMES = new Map<string, readonly string[]>();
const NO_PARAMETERS: readonly string[] = [];

function parameterNames(path: string): readonly string[] {
  if (!path.includes('{')) return NO_PARAMETERS;
  let names = PARAMETER_NAMES.get(path);
  if (names === undefined) {
    names = Array.from(path.matchAll(/\{([^}]+)\}/g), (match) => match[1]!);
    // Raw calls may name any template; past a few hundred, stop remembering new ones rather than grow without bound.
    if (PARAMETER_NAMES.size < 256) PARAMETER_NAMES.set(path, names);
  }
  return names;
}

/** Whether openapi-fetch alone reads the call's answer, as JSON: no middleware of the call's own, `parseAs` JSON. */
function readsOwnJson(opts: Init | undefined): boolean {
  return (
    opts === undefined || ((opts.parseAs === undefined || opts.parseAs === 'json') && opts.middleware === undefined)
  );
}

/** The init openapi-fetch is handed for `method path`, and the Idempotency-Key it carries (if the operation takes one). */
function prepareSend(method: string, path: string, opts: Init | undefined): { key?: string; opts: Init | undefined } {
  // Every call: the header values it sets are checked here, before any request is built.
  const given = callerKey(opts);
  return method === 'POST' && idempotencyModeOf(method, path) !== undefined
    ? withIdempotencyKey(opts, given)
    : { opts };
}

/**
 * The caller's Idempotency-Key, or a new one set on the call: one key per logical call, on the Request openapi-fetch
 * builds (so middleware sees it), so every retry the transport makes carries the same key and the server can
 * deduplicate. A new key rides on the options under a symbol, which openapi-fetch passes on to the Request class
 * with the rest of them, and ReplayableRequest sets it on the headers the Request is built from. Not as a
 * `params.header` entry: openapi-fetch would merge those into two Headers objects (one only for the body
 * serialiser), about 600 bytes and 2% of a POST's time.
 */
function withIdempotencyKey(
  opts: Init | undefined,
  given: string | undefined,
): { key: string; opts: Init | undefined } {
  if (given !== undefined) return { key: given, opts };
  const key = newIdempotencyKey();
  return { key, opts: { ...opts, [GENERATED_KEY]: key } };
}

function callerKey(init: Init | undefined): string | undefined {
  const fromHeaders = keyIn(init?.headers, 'headers');
  return keyIn(init?.params?.header, 'params.header') ?? fromHeaders;
}

/**
 * The caller's Idempotency-Key among `headers`, in both forms openapi-fetch sends: a record (the name in any case)
 * or a Headers. A key it misses would be overridden by a generated one, so a resend with the key the caller kept
 * would create a second resource. Every value must be one fetch accepts (undici would throw a bare TypeError).
 */
function keyIn(headers: unknown, label: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const entries = headers instanceof Headers ? headers : Object.entries(headers);
  let key: string | undefined;
  // The last one wins, as when openapi-fetch merges them.
  for (const [name, value] of entries) {
    if (value != null && ![value].flat().every((v) => isHeaderValue(String(v)))) {
      refuse(`${label}.${name}`, value, 'a string valid in an HTTP header');
    }
    // A blank key (empty, or spaces that fetch strips) is no key: one is generated, which overrides it.
    if (String(name).toLowerCase() === IDEMPOTENCY_LOWER && isUsableKey(value)) key = value;
  }
  return key;
}
