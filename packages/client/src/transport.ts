import { TokenExchangeError } from '@zestequity/partner-auth';
import type { TokenSource } from './auth.js';
import { ZestNetworkError, ZestTimeoutError } from './errors.js';
import { backoffDelay, isTransientStatus, parseRetryAfter, type RetryPolicy } from './retry.js';

/**
 * The standard fetch signature. API calls arrive as `(request, { signal })`; the token exchange made by the auth
 * package may call it as `(url, init)`.
 */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchLike;
  tokens: TokenSource | undefined;
  retry: RetryPolicy;
  /** Per attempt; 0 disables. */
  timeoutMs: number;
  userAgent: string | undefined;
  /** Lower-case header name whose presence makes a POST safe to repeat. */
  idempotencyHeader: string;
}

// Methods whose repetition cannot create a second effect (DELETE: a repeated cancel answers 409, never cancels twice).
const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

const TIMED_OUT = Symbol('timed out');

const BODY_SOURCE = Symbol('zest.bodySource');
const CALLER_SIGNAL = Symbol('zest.callerSignal');

/**
 * The Request class handed to openapi-fetch: it remembers the body it was built from, so a retry or a resend after a
 * 401 can rebuild the request cheaply instead of tee-ing every body up front with Request.clone().
 */
export class ReplayableRequest extends Request {
  readonly [BODY_SOURCE]: BodyInit | undefined;
  readonly [CALLER_SIGNAL]: AbortSignal | undefined;
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this[CALLER_SIGNAL] = init?.signal ?? undefined;
    const body = init?.body;
    // Strings, FormData, Blobs, buffers and URLSearchParams can be read again; a stream cannot.
    this[BODY_SOURCE] = body == null || (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) ? undefined : body;
  }
}

/**
 * The fetch handed to openapi-fetch. Everything that needs to send a request again lives here, because openapi-fetch
 * middleware cannot resend: bearer auth with one refresh on 401, per-attempt timeouts, and retries with backoff.
 * Bodies are replayed from an untouched original (`Request.clone()` per attempt), so JSON and multipart bodies
 * built by the SDK are always replayable.
 */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const { fetch: send, tokens, retry, timeoutMs, userAgent, idempotencyHeader } = options;

  return async function transport(original: Request): Promise<Response> {
    const repeatable = REPEATABLE_METHODS.has(original.method) || original.headers.has(idempotencyHeader);
    const hasBody = original.body !== null;
    // The serialised body openapi-fetch built (string, FormData...), recorded by ReplayableRequest. With it, a resend
    // is rebuilt from the source and the first attempt sends the original untouched, with no copy at all.
    const source = hasBody ? (original as Partial<ReplayableRequest>)[BODY_SOURCE] : undefined;
    if (userAgent !== undefined) original.headers.set('User-Agent', userAgent);
    // Only a signal the caller gave needs watching (every Request has one; listening to it costs on each call).
    const callerSignal = CALLER_SIGNAL in original ? (original as ReplayableRequest)[CALLER_SIGNAL] : original.signal;

    let attempt = 0;
    let refreshed = false;
    for (;;) {
      attempt += 1;
      let token: string | undefined;
      if (tokens) {
        try {
          const pending = tokens.get();
          // A static token is a plain string: skip the extra microtask of awaiting it.
          token = typeof pending === 'string' ? pending : await pending;
        } catch (error) {
          // No token because the exchange itself hit a transient failure: nothing was sent yet, so this is a failed
          // attempt like any other (safe to repeat for every method), retried under the same policy.
          if (callerSignal?.aborted) throw callerSignal.reason ?? error;
          if (!isTransientTokenFailure(error) || attempt >= retry.maxAttempts) throw error;
          await retry.sleep(backoffDelay(retry, attempt - 1), callerSignal);
          continue;
        }
        original.headers.set('Authorization', `Bearer ${token}`);
      }
      let request = original;
      if (hasBody) {
        if (source !== undefined) {
          if (attempt > 1 || refreshed) request = rebuild(original, source);
        } else {
          // A body from elsewhere (e.g. a middleware's own Request): keep the original unread, send copies.
          request = original.clone();
        }
      }

      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await (timeoutMs > 0 ? attemptOnce(send, request, callerSignal, timeoutMs) : send(request));
      } catch (error) {
        if (callerSignal?.aborted) throw callerSignal.reason ?? error;
        failure = error === TIMED_OUT ? new ZestTimeoutError(timeoutMs, attempt) : error;
      }

      if (response) {
        if (response.status === 401 && tokens?.renewable && !refreshed && token !== undefined) {
          // One renewal per call: a second 401 is a real authorisation problem, not an expired token.
          refreshed = true;
          tokens.invalidate(token);
          attempt -= 1;
          discard(response);
          continue;
        }
        if (response.ok || !repeatable || attempt >= retry.maxAttempts) return response;
        if (!retry.shouldRetry({ attempt, request: original, response })) return response;
        const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
        if (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs) return response;
        discard(response);
        await retry.sleep(retryAfter ?? backoffDelay(retry, attempt - 1), callerSignal);
        continue;
      }

      const exhausted = !repeatable || attempt >= retry.maxAttempts;
      if (exhausted || !retry.shouldRetry({ attempt, request: original, error: failure })) {
        if (failure instanceof ZestNetworkError) throw failure;
        throw new ZestNetworkError(`Request to ${original.url} failed: ${describe(failure)}`, {
          cause: failure,
          attempts: attempt,
        });
      }
      await retry.sleep(backoffDelay(retry, attempt - 1), callerSignal);
    }
  };
}

async function attemptOnce(
  send: FetchLike,
  request: Request,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<Response> {
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(callerSignal!.reason);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // Racing as well as aborting: a fetch that ignores its signal still cannot hang the caller.
    return await new Promise<Response>((resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort(TIMED_OUT);
        reject(TIMED_OUT);
      }, timeoutMs);
      send(request, { signal: controller.signal }).then(resolve, reject);
    });
  } catch (error) {
    if (controller.signal.reason === TIMED_OUT) throw TIMED_OUT;
    throw error;
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
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

/** A token exchange that failed on the way (network, timeout) or with 408, 429 or 5xx: worth asking again. */
export function isTransientTokenFailure(error: unknown): boolean {
  if (!(error instanceof TokenExchangeError)) return false;
  if (error.code === 'network_error' || error.code === 'timeout') return true;
  return error.status !== undefined && isTransientStatus(error.status);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
