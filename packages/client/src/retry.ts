/** What the retry predicate sees after a failed attempt. */
export interface RetryContext {
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  request: Request;
  /** Present when the server answered. */
  response?: Response;
  /**
   * Present when no response arrived (network error or per-attempt timeout), or when the token exchange before the
   * attempt failed: then it is the `TokenExchangeError`, and a `retryOn` list is matched against its `status`.
   */
  error?: unknown;
}

export interface RetryOptions {
  /** Total attempts including the first. 1 disables retries. Default 3. */
  maxAttempts?: number | undefined;
  /** Backoff base: the n-th retry waits random(0, min(maxDelayMs, baseDelayMs * 2^n)). Default 250. */
  baseDelayMs?: number | undefined;
  /** Ceiling of the jittered backoff. Default 8000. */
  maxDelayMs?: number | undefined;
  /** Longest Retry-After the SDK will wait; a longer one ends retrying and returns the response. Default 60000. */
  maxRetryAfterMs?: number | undefined;
  /** Statuses to retry, or a predicate. Default: network errors, timeouts, 408, 429 and 5xx. */
  retryOn?: (readonly number[] | ((context: RetryContext) => boolean)) | undefined;
  /** Source of randomness in [0, 1) for the jitter; injectable so tests can assert its bounds. */
  random?: (() => number) | undefined;
  /** How to wait; injectable so tests run without real time. Must reject when `signal` aborts. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
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
  const o: RetryOptions = options === false ? { maxAttempts: 1 } : checkRetry(options ?? {});
  const policy: RetryPolicy = {
    maxAttempts: check('retry.maxAttempts', o.maxAttempts ?? 3, 1, Number.POSITIVE_INFINITY, true),
    baseDelayMs: check('retry.baseDelayMs', o.baseDelayMs ?? 250, 0, MAX_WAIT_MS),
    maxDelayMs: check('retry.maxDelayMs', o.maxDelayMs ?? 8000, 0, MAX_WAIT_MS),
    maxRetryAfterMs: check('retry.maxRetryAfterMs', o.maxRetryAfterMs ?? 60_000, 0, MAX_WAIT_MS),
    shouldRetry: retryPredicate(o.retryOn),
    random: checkFunction(o.random, 'random') ?? Math.random,
    sleep: checkFunction(o.sleep, 'sleep') ?? sleep,
  };
  return policy;
}

/**
 * `value` when it is a number from `min` to `max` (a whole one when `whole`); otherwise a TypeError (not a number) or
 * a RangeError (NaN, Infinity, out of range) that names the option.
 */
export function check(name: string, value: unknown, min: number, max: number, whole = false): number {
  if (!(typeof value === 'number' && value >= min && value <= max && (!whole || Number.isInteger(value)))) {
    const range = max === Number.POSITIVE_INFINITY ? `of at least ${min}` : `from ${min} to ${max}`;
    refuse(
      name,
      value,
      `a ${whole ? 'whole ' : ''}number ${range}`,
      typeof value === 'number' ? RangeError : TypeError,
    );
  }
  return value;
}

/** A string fetch accepts as a header value (no CR, LF or NUL, Latin-1 only); undici throws a bare TypeError otherwise. */
export const isHeaderValue = (value: unknown): value is string =>
  typeof value === 'string' && !/[\0\r\n\u0100-\uffff]/.test(value);

/** Shown in place of a secret value. */
export const NOT_SHOWN = Symbol();

/**
 * Throws the error for an option that is not `what`: a TypeError, or `Kind` (RangeError for a number out of range).
 * The value is shown with its type visible: a string in JSON (`"100"`, not `100`), `null`, `an array`, `an object`.
 */
export function refuse(name: string, value: unknown, what: string, Kind = TypeError): never {
  const shown =
    value === NOT_SHOWN
      ? 'a string (not shown, a secret)'
      : typeof value === 'string'
        ? JSON.stringify(value)
        : typeof value === 'object' && value !== null
          ? `an ${Array.isArray(value) ? 'array' : 'object'}`
          : typeof value === 'function'
            ? 'a function'
            : String(value);
  throw new Kind(`${name} must be ${what}, got ${shown}.`);
}

/** An object argument; an optional one may also be left out (undefined or null). */
export function checkObject(name: string, value: unknown, optional?: boolean): void {
  if (!(optional && value == null) && (typeof value !== 'object' || value === null)) refuse(name, value, 'an object');
}

/** An optional object argument, `{}` when left out. */
export function objectOr<T extends object>(name: string, value: T | null | undefined): T | Partial<T> {
  checkObject(name, value, true);
  return value ?? {};
}

function checkRetry(options: unknown): RetryOptions {
  if (typeof options !== 'object' || options === null) refuse('retry', options, 'an object or false');
  return options as RetryOptions;
}

function checkFunction<F>(value: F | undefined, name: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') refuse(`retry.${name}`, value, 'a function');
  return value;
}

function retryPredicate(retryOn: RetryOptions['retryOn']): (context: RetryContext) => boolean {
  if (retryOn === undefined) return defaultShouldRetry;
  if (typeof retryOn === 'function') return retryOn;
  if (!Array.isArray(retryOn) || !retryOn.every(Number.isInteger)) {
    refuse('retry.retryOn', retryOn, 'statuses or a function');
  }
  const statuses = new Set(retryOn);
  return (c) => {
    const status = c.response?.status ?? (c.error as { status?: unknown } | undefined)?.status;
    return typeof status === 'number' ? statuses.has(status) : true;
  };
}

/**
 * A call's own retry options over the client's: `false` on either side sends once unless the call sets limits. An
 * option the call sets to undefined is not set: the client's value (or the default) applies, as when it is left out.
 */
export function mergeRetryOptions(
  client: RetryOptions | false | undefined,
  call: RetryOptions | false,
): RetryOptions | false {
  if (call === false) return false;
  const merged: Record<string, unknown> = { ...(client === false ? { maxAttempts: 1 } : client) };
  for (const [name, value] of Object.entries(checkRetry(call))) if (value !== undefined) merged[name] = value;
  return merged;
}

/** Full jitter (AWS architecture blog): spreads retries of many clients evenly instead of in waves. */
/**
 * The wait before repeating attempt `attempt`: what the server asked for (`askedMs`, its Retry-After), else the
 * jittered backoff; undefined when it asked for longer than the policy accepts (retrying ends there).
 */
export function waitBeforeRetry(policy: RetryPolicy, attempt: number, askedMs: number | undefined): number | undefined {
  if (askedMs === undefined) return backoffDelay(policy, attempt - 1);
  return askedMs > policy.maxRetryAfterMs ? undefined : askedMs;
}

export function backoffDelay(policy: RetryPolicy, retryIndex: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  // An injected random outside [0, 1] (NaN counts as 0) must not push the wait past its ceiling or make it NaN.
  return Math.floor((Math.min(1, Math.max(0, policy.random())) || 0) * ceiling);
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
