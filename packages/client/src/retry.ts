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

export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  const o = options === false ? { maxAttempts: 1 } : (options ?? {});
  const retryOn = o.retryOn;
  let shouldRetry = defaultShouldRetry;
  if (typeof retryOn === 'function') shouldRetry = retryOn;
  else if (retryOn) {
    const statuses = new Set(retryOn);
    shouldRetry = (c) => (c.response ? statuses.has(c.response.status) : true);
  }
  const policy: RetryPolicy = {
    maxAttempts: Math.max(1, Math.floor(o.maxAttempts ?? 3)),
    baseDelayMs: Math.max(0, o.baseDelayMs ?? 250),
    maxDelayMs: Math.max(0, o.maxDelayMs ?? 8000),
    maxRetryAfterMs: Math.max(0, o.maxRetryAfterMs ?? 60_000),
    shouldRetry,
    random: o.random ?? Math.random,
    sleep: o.sleep ?? sleep,
  };
  return policy;
}

/** A call's own retry options over the client's: `false` on either side sends once unless the call sets limits. */
export function mergeRetryOptions(
  client: RetryOptions | false | undefined,
  call: RetryOptions | false,
): RetryOptions | false {
  if (call === false) return false;
  return { ...(client === false ? { maxAttempts: 1 } : client), ...call };
}

/** Full jitter (AWS architecture blog): spreads retries of many clients evenly instead of in waves. */
export function backoffDelay(policy: RetryPolicy, retryIndex: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(policy.random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP-date, in ms from `now`; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
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
