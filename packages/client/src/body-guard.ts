import { describeFailure } from '@zestequity/partner-auth/internal';
import { timedOut, ZestApiError, ZestNetworkError } from './errors.js';

/**
 * Reading an answer's body is still part of its attempt: a body that breaks off is a ZestNetworkError, one that
 * outlasts the attempt's time a ZestTimeoutError, and a success that is not JSON (a proxy's HTML page) a ZestApiError
 * `unexpected_response` carrying the text, rather than a bare stream error, a SyntaxError or a hang.
 *
 * openapi-fetch reads the body itself, after the transport has handed the answer over: with `json()` when it has a
 * Content-Length, with `text()` (and its own JSON.parse) otherwise. Two ways keep that read typed:
 * - **the call's own read**, for a call whose JSON nobody but openapi-fetch reads (no middleware, `parseAs` JSON):
 *   `json()` gives openapi-fetch the text by fetch's own promise, and the call parses it (`finishOwnRead`) or types
 *   its failure (`ownReadFailure`) once openapi-fetch is done. Nothing is added to the read's chain of promises.
 * - **the guard** otherwise: `json()` and `text()` read with fetch's `text()` and type the outcome in a `.then`
 *   (one more step per read: the price of middleware, which may read the answer first, and of raw `parseAs` reads).
 */

/** One attempt's answer, its body still to be read; `release` ends the attempt's timer once it has been. */
export interface Attempt {
  response: Response;
  timeoutMs: number;
  release: () => void;
  /** True once the attempt's time ran out (its body, if still being read, then fails). */
  expired: () => boolean;
}

/** A call reading its own JSON answer: the answer once the transport hands it over, and whether `json()` was read. */
export interface OwnRead {
  response: Guarded | undefined;
  read: boolean;
}

/** What the guard needs to end the attempt and type a failed read. */
interface BodyGuard {
  text: () => Promise<string>;
  attempt: Attempt | undefined;
  attempts: number;
  request: Request;
  callerSignal: AbortSignal | undefined;
  /** The call's own read, until the call is over; after it, the body reads through the guard. */
  own: OwnRead | undefined;
}

const GUARD = Symbol('zest.bodyGuard');

type Guarded = Response & { [GUARD]: BodyGuard };

/**
 * How a call hands its OwnRead to the transport, with no per-call option (each key openapi-fetch copies costs on
 * every call): `call` sets it, and clears it, around the synchronous start of openapi-fetch's request, which, with no
 * middleware, enters the transport before anything is awaited; the transport takes it first thing. Set only for that
 * synchronous stretch, so no other call's transport can take it; a transport entered later finds nothing and guards.
 */
let nextOwnRead: OwnRead | undefined;

export function expectOwnRead(own: OwnRead | undefined): void {
  nextOwnRead = own;
}

export function takeOwnRead(): OwnRead | undefined {
  const own = nextOwnRead;
  nextOwnRead = undefined;
  return own;
}

/** Call done: the text openapi-fetch read through `json()` (if it did) parsed in its place, or a ZestApiError. */
export function finishOwnRead(own: OwnRead, result: { data?: unknown }): void {
  const read = endOwnRead(own);
  if (read !== undefined) result.data = parseOrThrow(read, result.data as string);
}

/** The call failed: if it was in its own read, the failure typed as the guard types it. */
export function ownReadFailure(own: OwnRead, error: unknown): unknown {
  const read = endOwnRead(own);
  return read === undefined ? error : bodyFailure(read[GUARD], error);
}

/**
 * Ends the call's own read, once (a failure after it, such as the parse, is not the read's): later reads of the
 * answer go through the guard. Hands back the answer when openapi-fetch read it through `json()`, its attempt ended.
 */
function endOwnRead(own: OwnRead): Guarded | undefined {
  const response = own.response;
  if (response === undefined) return undefined;
  own.response = undefined;
  const guard = response[GUARD];
  guard.own = undefined;
  if (!own.read) return undefined;
  guard.attempt?.release();
  return response;
}

/**
 * The answer as openapi-fetch will read it, its `json()` and `text()` replaced (see the top of this file). An answer
 * openapi-fetch will not read (no body, 204, HEAD, Content-Length 0) ends the attempt at once. A failed read is not
 * retried: the transport has already handed the answer over.
 *
 * Without a timer nothing needs ending, and asking for Content-Length would cost a header lookup on every call: a
 * declared-empty answer is guarded too, and the guard hands back its failures as fetch's own (see `declaredEmpty`).
 */
export function guardBody(
  response: Response,
  request: Request,
  attempt: Attempt | undefined,
  attempts: number,
  callerSignal: AbortSignal | undefined,
  own: OwnRead | undefined,
): Response {
  const unread =
    response.body === null ||
    response.status === 204 ||
    request.method === 'HEAD' ||
    (attempt !== undefined && declaredEmpty(response));
  if (unread) {
    attempt?.release();
    return response;
  }
  const guarded = response as Guarded;
  guarded[GUARD] = { text: response.text, attempt, attempts, request, callerSignal, own };
  guarded.text = guardedText;
  guarded.json = guardedJson;
  if (own !== undefined) own.response = guarded;
  return response;
}

/**
 * `response.text()` for a guarded answer: the attempt ends with the read, and a failed read is a ZestError. The
 * JSON body of a success is checked too, when openapi-fetch will parse it itself (no Content-Length): a body that
 * is not JSON is a ZestApiError, not a bare SyntaxError. Whatever its Content-Type says, since openapi-fetch parses
 * it as JSON all the same (every success the spec declares is JSON).
 */
function guardedText(this: Guarded): Promise<string> {
  return readGuarded(this, false) as Promise<string>;
}

/**
 * `response.json()` for a guarded answer. During a call that reads its own answer, the text by fetch's own promise
 * (the call parses it); otherwise, and for any read after the call, the text parsed here.
 */
function guardedJson(this: Guarded): Promise<unknown> {
  const guard = this[GUARD];
  const own = guard.own;
  if (own === undefined || own.read) return readGuarded(this, true);
  own.read = true;
  return guard.text.call(this);
}

/**
 * Reads the whole body with fetch's `text()`, ends the attempt either way, types a failed read, and hands back the
 * text parsed (`json()`) or checked (`text()`), in the same step: no extra promise or closure beyond the two
 * handlers.
 */
function readGuarded(response: Guarded, asJson: boolean): Promise<unknown> {
  const guard = response[GUARD];
  return guard.text.call(response).then(
    (text) => {
      guard.attempt?.release();
      if (asJson) return parseOrThrow(response, text);
      if (text !== '' && response.ok && !response.headers.has('content-length')) parseOrThrow(response, text);
      return text;
    },
    (cause: unknown) => {
      guard.attempt?.release();
      throw declaredEmpty(response) ? cause : bodyFailure(guard, cause);
    },
  );
}

function parseOrThrow(response: Response, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw declaredEmpty(response) ? error : ZestApiError.unparsable(response, text);
  }
}

function bodyFailure({ attempt, attempts, request, callerSignal }: BodyGuard, cause: unknown): unknown {
  if (callerSignal?.aborted) return callerSignal.reason;
  // Named like a timeout before the answer came (the request in the message, a TimeoutError as cause).
  if (attempt?.expired()) return timedOut(request, attempt.timeoutMs, attempts, 'complete body');
  const message = `The answer to ${request.url} broke off before its body was complete: ${describeFailure(cause)}`;
  return new ZestNetworkError(message, { cause, attempts });
}

/**
 * A body declared empty (`Content-Length: 0`, not chunked), which openapi-fetch does not read. It is the caller's
 * to read, and reads as fetch's would: its JSON fails with fetch's SyntaxError and a failed read with fetch's error,
 * not as ZestErrors. Asked only when a timer must be ended or when a read has failed.
 */
function declaredEmpty(response: Response): boolean {
  return (
    response.headers.get('content-length') === '0' && !response.headers.get('transfer-encoding')?.includes('chunked')
  );
}
