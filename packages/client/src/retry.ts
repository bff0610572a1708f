/** What the retry predicate sees after a failed attempt. */
export interface RetryContext {
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  request: Request;
  /** Present when the server answered. */
  response?: Response;
  /** Present when no response arrived (network error or per-attempt timeout). */
  error?: unknown;
}

export interface RetryOptions {
  /** Total attempts including the first. 1 disables retries. Default 3. */
  maxAttempts?: number;
  /** Backoff base: the n-th retry waits random(0, min(maxDelayMs, baseDelayMs * 2^n)). Default 250. */
  baseDelayMs?: number;
  /** Ceiling of the jittered backoff. Default 8000. */
  maxDelayMs?: number;
  /** Longest Retry-After the SDK will wait; a longer one ends retrying and returns the response. Default 60000. */
  maxRetryAfterMs?: number;
  /** Statuses to retry, or a predicate. Default: network errors, timeouts, 408, 429 and 5xx. */
  retryOn?: readonly number[] | ((context: RetryContext) => boolean);
  /** Source of randomness in [0, 1) for the jitter; injectable so tests can assert its bounds. */
  random?: () => number;
  /** How to wait; injectable so tests run without real time. Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  shouldRetry: (context: RetryContext) => boolean;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Statuses that say "try again later" rather than "this request is wrong". */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function defaultShouldRetry(context: RetryContext): boolean {
  return context.response ? isTransientStatus(context.response.status) : true;
}

/** The longest wait a timer honours (about 24.8 days); a longer one fires at once, so no wait may exceed it. */
export const MAX_WAIT_MS = 2 ** 31 - 1;

/**
 * The policy for `options`, each option checked first: a bad one (NaN, Infinity, a string) would otherwise retry
 * without limit, skip every wait or overflow the timer, so it is refused with an error that names it.
 */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options !== undefined && options !== false && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`retry must be an object of retry options or false, got ${describe(options)}.`);
  }
  const o: RetryOptions = options === false ? { maxAttempts: 1 } : (options ?? {});
  const policy: RetryPolicy = {
    maxAttempts: checkMaxAttempts(o.maxAttempts ?? 3),
    baseDelayMs: checkWait(o.baseDelayMs ?? 250, 'baseDelayMs'),
    maxDelayMs: checkWait(o.maxDelayMs ?? 8000, 'maxDelayMs'),
    maxRetryAfterMs: checkWait(o.maxRetryAfterMs ?? 60_000, 'maxRetryAfterMs'),
    shouldRetry: retryPredicate(o.retryOn),
    random: checkFunction(o.random, 'random') ?? Math.random,
    sleep: checkFunction(o.sleep, 'sleep') ?? sleep,
  };
  return policy;
}

function checkMaxAttempts(value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`retry.maxAttempts must be a number, got ${describe(value)}.`);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`retry.maxAttempts must be a whole number of at least 1 (1 sends once), got ${value}.`);
  }
  return value;
}

function checkWait(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`retry.${name} must be a number, got ${describe(value)}.`);
  if (!Number.isFinite(value) || value < 0 || value > MAX_WAIT_MS) {
    throw new RangeError(`retry.${name} must be a number of milliseconds from 0 to ${MAX_WAIT_MS}, got ${value}.`);
  }
  return value;
}

function checkFunction<F>(value: F | undefined, name: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`retry.${name} must be a function, got ${describe(value)}.`);
  }
  return value;
}

function retryPredicate(retryOn: RetryOptions['retryOn']): (context: RetryContext) => boolean {
  if (retryOn === undefined) return defaultShouldRetry;
  if (typeof retryOn === 'function') return retryOn;
  if (!Array.isArray(retryOn) || !retryOn.every((s) => Number.isInteger(s) && s >= 100 && s <= 599)) {
    throw new TypeError(`retry.retryOn must be an array of HTTP statuses or a function, got ${describe(retryOn)}.`);
  }
  const statuses = new Set(retryOn);
  return (c) => (c.response ? statuses.has(c.response.status) : true);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return typeof value === 'object' && value !== null ? 'an object' : String(value);
}

/** A call's own retry options over the client's: `false` on either side sends once unless the call sets limits. */
export function mergeRetryOptions(
  client: RetryOptions | false | undefined,
  call: RetryOptions | false,
): RetryOptions | false {
  if (call === false) return false;
  if (typeof call !== 'object' || call === null) {
    throw new TypeError(`retry must be an object of retry options or false, got ${describe(call)}.`);
  }
  return { ...(client === false ? { maxAttempts: 1 } : client), ...call };
}

/** Full jitter (AWS architecture blog): spreads retries of many clients evenly instead of in waves. */
export function backoffDelay(policy: RetryPolicy, retryIndex: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  // An injected random outside [0, 1) (NaN included) must not make the wait vanish or pass the ceiling.
  const r = policy.random();
  const fraction = r >= 0 && r < 1 ? r : r < 0 ? 0 : 1;
  return Math.floor(fraction * ceiling);
}

/** An HTTP-date as servers send it (IMF-fixdate, or the obsolete RFC 850 form), always in GMT. */
const HTTP_DATE = /^[A-Za-z]{3,9}, \d{2}[ -][A-Za-z]{3}[ -]\d{2}(?:\d{2})? \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Retry-After as delta-seconds (digits only) or an HTTP-date, in ms from `now`; undefined when absent or anything
 * else. Date.parse alone would read "-5", "1.5" or "1, 1" as dates in 2001 and skip the backoff, so a date must
 * look like one first.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
