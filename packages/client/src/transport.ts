import type { TokenSource } from './auth.js';
import { ZestNetworkError, ZestTimeoutError } from './errors.js';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from './retry.js';

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
    if (userAgent !== undefined) original.headers.set('User-Agent', userAgent);
    const callerSignal = original.signal;

    let attempt = 0;
    let refreshed = false;
    for (;;) {
      attempt += 1;
      let token: string | undefined;
      if (tokens) {
        token = await tokens.get();
        original.headers.set('Authorization', `Bearer ${token}`);
      }
      // The original stays unread so that a later attempt can clone it again.
      const request = hasBody ? original.clone() : original;

      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await attemptOnce(send, request, callerSignal, timeoutMs);
      } catch (error) {
        if (callerSignal.aborted) throw callerSignal.reason ?? error;
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
  callerSignal: AbortSignal,
  timeoutMs: number,
): Promise<Response> {
  if (timeoutMs <= 0) return send(request);
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(callerSignal.reason);
  callerSignal.addEventListener('abort', onCallerAbort, { once: true });
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
    callerSignal.removeEventListener('abort', onCallerAbort);
  }
}

/** Frees a response that will not be read. Not awaited: cancelling one branch of a tee'd body waits for the other. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
