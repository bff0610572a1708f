import { TokenExchangeError, ZestError } from '@zestequity/partner-auth';
import { describeFailure, parseRetryAfter } from '@zestequity/partner-auth/internal';
import type { TokenSource } from './auth.js';
import { type Attempt, guardBody, takeOwnRead } from './body-guard.js';
import { isTransientError, timedOut, ZestNetworkError, ZestTimeoutError } from './errors.js';
import { GENERATED_KEY, IDEMPOTENCY_LOWER, isIdempotentRequest } from './idempotency.js';
import { backoffDelay, type RetryOptions, type RetryPolicy, resolveRetryPolicy, waitBeforeRetry } from './retry.js';

/**
 * The standard fetch signature. API calls arrive as `(request, { signal })`; the token exchange made by the auth
 * package calls it as `(url, { method: 'POST', headers, body, signal })`.
 */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchLike;
  tokens: TokenSource | undefined;
  /** The client's retry options, checked when the client is created; a call's own `retry` is merged over them. */
  retry: RetryOptions | false | undefined;
  /** Per attempt; 0 disables. A call's own `timeoutMs` wins. */
  timeoutMs: number;
  userAgent: string | undefined;
  /** The base URL's own path (no trailing slash), stripped before a request's path is matched to an operation. */
  basePath: string;
}

/** What one call may set for itself, on top of the client's options. */
export interface CallSettings {
  timeoutMs?: number | undefined;
  /** The call's own retry options merged over the client's, already checked when the call was made. */
  retry?: RetryPolicy | undefined;
}

// Methods whose repetition cannot create a second effect (DELETE: a repeated cancel answers 409, never cancels twice).
const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

const TIMED_OUT = Symbol('timed out');

const BODY_SOURCE = Symbol('zest.bodySource');
const CALLER_SIGNAL = Symbol('zest.callerSignal');

// Spelled through RequestInit and Request rather than the DOM-only globals BodyInit and RequestInfo, so the published
// declarations also compile in a Node app whose lib has no DOM (@types/node declares RequestInit and Request).
type BodyInit = Exclude<RequestInit['body'], null | undefined>;
type RequestInput = ConstructorParameters<typeof Request>[0];

/**
 * The Request class handed to openapi-fetch: it remembers the body it was built from, so a retry or a resend after a
 * 401 can rebuild the request cheaply instead of tee-ing every body up front with Request.clone().
 *
 * It also sets the redirect mode nobody asked for. Followed, a redirect turns a POST or DELETE into a GET elsewhere
 * (301-303) whose 200 would read as this call's success (an http base URL redirected to https makes a create list
 * requests), or resends its body to another operation (307, 308); so anything but a GET gets `manual`, and the
 * redirect is an error answer. The client is created with `redirect: undefined`, which overrides openapi-fetch's own
 * `follow`: undefined here means the caller did not ask (an explicit `redirect` is kept). Decided here rather than
 * on each call's options, where one more key made every call through openapi-fetch dearer.
 */
export class ReplayableRequest extends Request {
  readonly [BODY_SOURCE]: BodyInit | undefined;
  readonly [CALLER_SIGNAL]: AbortSignal | undefined;
  constructor(input: RequestInput, init?: RequestInit & { [GENERATED_KEY]?: string }) {
    // openapi-fetch builds `init` (and its Headers) afresh for each request and reads nothing of it afterwards.
    if (init !== undefined) {
      if (init.redirect === undefined && init.method !== 'GET') init.redirect = 'manual';
      const key = init[GENERATED_KEY];
      if (key !== undefined) {
        if (!(init.headers instanceof Headers)) init.headers = new Headers(init.headers);
        init.headers.set(IDEMPOTENCY_LOWER, key);
      }
    }
    super(input, init);
    this[CALLER_SIGNAL] = init?.signal ?? undefined;
    const body = init?.body;
    // Strings, FormData, Blobs, buffers and URLSearchParams can be read again; a stream cannot.
    this[BODY_SOURCE] =
      body == null || (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) ? undefined : body;
  }
}

/**
 * The fetch handed to openapi-fetch. Everything that needs to send a request again lives here, because openapi-fetch
 * middleware cannot resend: bearer auth with one refresh on 401, per-attempt timeouts, and retries with backoff.
 * Bodies are replayed from an untouched original (`Request.clone()` per attempt), so JSON and multipart bodies
 * built by the SDK are always replayable.
 *
 * The caller's signal is checked before every step that could reach the network (the token exchange, each attempt)
 * and raced against every wait (the token, each attempt, each backoff): once it is aborted nothing more is sent and
 * the call rejects with its reason, whatever the injected fetch or sleep does with the signal.
 */
export function createTransport(
  options: TransportOptions,
): (request: Request, settings?: CallSettings) => Promise<Response> {
  const { fetch: send, tokens, userAgent, basePath } = options;
  const clientPolicy = resolveRetryPolicy(options.retry);
  // Header names are given lower-case here and below: Headers lower-cases every name it is handed, and one already
  // lower-case costs no new string.
  const bearer = bearerValues();

  // A call's own settings come as an argument, not on the Request: `call` hands openapi-fetch a per-call fetch that
  // adds them, and openapi-fetch calls it with whatever Request its middleware left, so replacing it drops nothing.
  return async function transport(original: Request, settings?: CallSettings): Promise<Response> {
    // Taken before anything is awaited: set only by a call whose openapi-fetch request entered here at once.
    const own = takeOwnRead();
    const retry = settings?.retry ?? clientPolicy;
    const timeoutMs = settings?.timeoutMs ?? options.timeoutMs;
    const hasBody = original.body !== null;
    const source = hasBody ? bodySourceOf(original) : undefined;
    if (userAgent !== undefined) original.headers.set('user-agent', userAgent);
    const callerSignal = callerSignalOf(original);
    // No closure is made per call (each is an allocation on every request): the steps below are plain functions.

    let attempt = 0;
    let refreshed = false;
    for (;;) {
      throwIfAborted(callerSignal);
      attempt += 1;
      let token: string | undefined;
      if (tokens) {
        try {
          const pending = tokenFor(tokens, timeoutMs, original, attempt, callerSignal);
          // A static token is a plain string: skip the extra microtask of awaiting it.
          token = typeof pending === 'string' ? pending : await pending;
        } catch (error) {
          await pause(
            retry,
            tokenRetryDelay(error, attempt, retry, original, callerSignal, tokens.timeoutMs),
            callerSignal,
          );
          continue;
        }
        throwIfAborted(callerSignal);
        original.headers.set('authorization', bearer(token));
      }
      const request = hasBody ? requestWithBody(original, source, attempt > 1 || refreshed) : original;

      let response: Response | undefined;
      let timed: Attempt | undefined;
      let failure: unknown;
      try {
        if (timeoutMs > 0) ({ response } = timed = await attemptOnce(send, request, callerSignal, timeoutMs));
        else response = await send(request);
      } catch (error) {
        throwIfAborted(callerSignal);
        failure = error === TIMED_OUT ? timedOut(original, timeoutMs, attempt) : error;
      }

      if (response) {
        throwIfAbandoned(callerSignal, response, timed);
        if (response.status === 401 && tokens?.renewable && !refreshed && token !== undefined) {
          // One renewal per call: a second 401 is a real authorisation problem, not an expired token.
          refreshed = true;
          tokens.invalidate(token);
          attempt -= 1;
          drop(response, timed);
          continue;
        }
        const wait = retryWait(response, attempt, retry, basePath, original);
        if (wait === undefined) return guardBody(response, original, timed, attempt, callerSignal, own);
        drop(response, timed);
        await pause(retry, wait, callerSignal);
        continue;
      }

      throwUnlessFailureRetryable(failure, attempt, retry, basePath, original);
      await pause(retry, backoffDelay(retry, attempt - 1), callerSignal);
    }
  };
}

/** `Bearer <token>` for each token in turn: built once per token, not for every request. */
function bearerValues(): (token: string) => string {
  let lastToken: string | undefined;
  let value = '';
  return (token) => {
    if (token !== lastToken) {
      lastToken = token;
      value = `Bearer ${token}`;
    }
    return value;
  };
}

/**
 * Whether the request may be sent again. A key lets the server deduplicate only on an operation the spec declares
 * idempotent, and only when it has a value: an empty header, or one sent with every request (uploads included), must
 * not make a POST look safe to repeat. Asked only when an attempt failed or got a retryable answer: it costs a
 * Headers lookup and a URL match, and a call that succeeds at once never needs it.
 */
function isRepeatable(original: Request, basePath: string): boolean {
  if (REPEATABLE_METHODS.has(original.method)) return true;
  const key = original.headers.get(IDEMPOTENCY_LOWER);
  return key !== null && key !== '' && isIdempotentRequest(original.method, original.url, basePath);
}

/** Waits `ms` as the retry policy sleeps, or rejects with the caller's reason as soon as the caller aborts. */
function pause(retry: RetryPolicy, ms: number, callerSignal: AbortSignal | undefined): Promise<void> {
  return untilAborted(retry.sleep(ms, callerSignal), callerSignal);
}

/** Ends an attempt whose answer will not be handed over: its timer stopped, its body freed. */
function drop(response: Response, timed: Attempt | undefined): void {
  timed?.release();
  discard(response);
}

/**
 * The serialised body openapi-fetch built (string, FormData...), recorded by ReplayableRequest. With it, a resend is
 * rebuilt from the source and the first attempt sends the original untouched, with no copy at all.
 */
function bodySourceOf(original: Request): BodyInit | undefined {
  return (original as Partial<ReplayableRequest>)[BODY_SOURCE];
}

/** Only a signal the caller gave needs watching (every Request has one; listening to it costs on each call). */
function callerSignalOf(original: Request): AbortSignal | undefined {
  return CALLER_SIGNAL in original ? (original as ReplayableRequest)[CALLER_SIGNAL] : original.signal;
}

/**
 * No token because the exchange itself hit a transient failure: nothing was sent yet, so this is a failed attempt
 * like any other (safe to repeat for every method), retried under the same policy, after the wait the token
 * endpoint asked for (its Retry-After, as for any answer: longer than `maxRetryAfterMs` ends retrying) or else the
 * backoff. Anything else ends the call. A custom provider that throws something other than a ZestError counts as
 * such a failure (a ZestNetworkError with it as `cause`), so every error of a call stays a ZestError.
 */
function tokenRetryDelay(
  error: unknown,
  attempt: number,
  retry: RetryPolicy,
  request: Request,
  callerSignal: AbortSignal | undefined,
  tokenTimeoutMs: number | undefined,
): number {
  throwIfAborted(callerSignal);
  // A custom provider's own failure (its vault unreachable, a bug): no token and nothing sent, like a network error.
  if (!(error instanceof ZestError)) {
    error = new ZestNetworkError(`Token provider failed: ${describeFailure(error)}`, {
      cause: error,
      attempts: attempt,
    });
  }
  const transient = isTransientError(error as ZestError);
  if (!transient || attempt >= retry.maxAttempts || !retry.shouldRetry({ attempt, request, error }))
    throw asCallError(error, attempt, tokenTimeoutMs);
  const asked = (error as { retryAfterMs?: unknown }).retryAfterMs;
  // A provider of the partner's own may set anything there: only a real wait replaces the backoff.
  const wait = waitBeforeRetry(retry, attempt, typeof asked === 'number' && asked >= 0 ? asked : undefined);
  if (wait === undefined) throw asCallError(error, attempt, tokenTimeoutMs);
  return wait;
}

/** The request to send for this attempt when there is a body; `resend` is true once one has been sent. */
function requestWithBody(original: Request, source: BodyInit | undefined, resend: boolean): Request {
  // A body from elsewhere (e.g. a middleware's own Request): keep the original unread, send copies.
  if (source === undefined) return original.clone();
  return resend ? rebuild(original, source) : original;
}

/** A fetch that ignored the signal answered anyway: the caller has given up on this call. */
function throwIfAbandoned(callerSignal: AbortSignal | undefined, response: Response, timed: Attempt | undefined): void {
  if (callerSignal?.aborted) {
    drop(response, timed);
    throw callerSignal.reason;
  }
}

/**
 * How long to wait before repeating the request that got `response`, or undefined when it goes back to the caller as
 * it is: a success, a method that is not safe to repeat, no attempts left, the policy says no, or a Retry-After
 * longer than the policy accepts.
 */
function retryWait(
  response: Response,
  attempt: number,
  retry: RetryPolicy,
  basePath: string,
  original: Request,
): number | undefined {
  if (response.ok || attempt >= retry.maxAttempts || !isRepeatable(original, basePath)) return undefined;
  if (!retry.shouldRetry({ attempt, request: original, response })) return undefined;
  return waitBeforeRetry(retry, attempt, parseRetryAfter(response.headers.get('Retry-After')));
}

/** An attempt that got no response is repeated under the same rules; otherwise the call rejects with a network error. */
function throwUnlessFailureRetryable(
  failure: unknown,
  attempt: number,
  retry: RetryPolicy,
  basePath: string,
  original: Request,
): void {
  const exhausted = attempt >= retry.maxAttempts || !isRepeatable(original, basePath);
  if (exhausted || !retry.shouldRetry({ attempt, request: original, error: failure })) {
    throw asNetworkError(failure, original.url, attempt);
  }
}

/** The error a call rejects with once a failed attempt is not retried. */
function asNetworkError(failure: unknown, url: string, attempts: number): ZestNetworkError {
  if (failure instanceof ZestNetworkError) return failure;
  return new ZestNetworkError(`Request to ${url} failed: ${describeFailure(failure)}`, { cause: failure, attempts });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts, whichever comes first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A token exchange that never got an answer is an outage like any other: it surfaces as ZestNetworkError (or
 * ZestTimeoutError) with the TokenExchangeError as `cause`, so one `catch` branch handles the API being unreachable
 * whether the first or the second request of a call could not get through. Refusals keep their TokenExchangeError.
 */
function asCallError(error: unknown, attempts: number, timeoutMs: number | undefined): unknown {
  if (!(error instanceof TokenExchangeError)) return error;
  if (error.code === 'timeout')
    return new ZestTimeoutError(timeoutMs, attempts, { message: error.message, cause: error });
  if (error.code === 'network_error') return new ZestNetworkError(error.message, { cause: error, attempts });
  return error;
}

/**
 * The token for this attempt: a string at once (a static token), or a promise of one. A shared exchange is not
 * cancelled by one caller's abort (others may wait for it); this caller just stops waiting. The wait is this
 * attempt's, bounded by its timeout when that is shorter than the exchange's own limit (which otherwise ends it,
 * reported with its TokenExchangeError) or when the provider is the partner's own.
 */
function tokenFor(
  tokens: TokenSource,
  timeoutMs: number,
  request: Request,
  attempt: number,
  callerSignal: AbortSignal | undefined,
): string | Promise<string> {
  const pending = tokens.get();
  if (typeof pending === 'string') return pending;
  return untilAborted(within(pending, tokens.timeoutMs! <= timeoutMs ? 0 : timeoutMs, request, attempt), callerSignal);
}

/** Settles like `promise`, or rejects with a ZestTimeoutError once `timeoutMs` (when not 0) has passed. */
function within<T>(promise: Promise<T>, timeoutMs: number, request: Request, attempts: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return timeoutMs
    ? Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(timedOut(request, timeoutMs, attempts, 'token')), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer))
    : promise;
}

/**
 * Sends one attempt with its own time limit, which covers the body as well as the headers: the timer runs until
 * `release` (called once the body has been read, or when the answer is dropped), so a body that never ends is
 * aborted like an answer that never starts.
 */
async function attemptOnce(
  send: FetchLike,
  request: Request,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<Attempt> {
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(callerSignal!.reason);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  };
  try {
    // Racing as well as aborting: a fetch that ignores its signal still cannot hang the caller.
    const response = await new Promise<Response>((resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort(TIMED_OUT);
        reject(TIMED_OUT);
      }, timeoutMs);
      send(request, { signal: controller.signal }).then(resolve, reject);
    });
    // While the body is read the timer must not keep a Node process alive on its own.
    (timer as { unref?: () => void } | undefined)?.unref?.();
    return { response, timeoutMs, release, expired: () => controller.signal.reason === TIMED_OUT };
  } catch (error) {
    release();
    if (controller.signal.reason === TIMED_OUT) throw TIMED_OUT;
    throw error;
  }
}

// openapi-fetch checks a middleware's replacement with `instanceof` its configured Request class: any Request must pass.
Object.defineProperty(ReplayableRequest, Symbol.hasInstance, {
  value: (value: unknown) => typeof Request !== 'undefined' && value instanceof Request,
});

function rebuild(original: Request, source: BodyInit): Request {
  if (typeof FormData !== 'undefined' && source instanceof FormData) {
    // Serialising FormData again picks a new multipart boundary: drop the old Content-Type so the new one is set.
    const headers = new Headers(original.headers);
    headers.delete('Content-Type');
    return new Request(original, { body: source, headers });
  }
  return new Request(original, { body: source });
}

/** Frees a response that will not be read. Not awaited: cancelling one branch of a tee'd body waits for the other. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}
