// Zest delivers at least once, so the same eventId can arrive again (retries run for up to ~14.6 hours). Receivers
// remember what they processed for 24 hours (docs/design-decisions.md#webhook-retries) and acknowledge repeats without
// processing them.

/** How long an eventId is remembered: the retry schedule spans just under 15 hours, so a day covers it. */
export const DEFAULT_DEDUP_TTL_SECONDS = 86_400;

/**
 * Where processed event ids are remembered. Implement it over a shared store when several processes receive
 * webhooks, e.g. Redis: `claim: async (id, ttl) => (await redis.set(`zest:webhook:${id}`, '1', 'EX', ttl, 'NX')) === 'OK'`.
 */
export interface DedupStore {
  /**
   * Atomically records `eventId` for `ttlSeconds` if it is not already recorded. Resolves true when this caller
   * claimed it (first delivery: process it), false when it was already there (a repeat: skip it).
   */
  claim(eventId: string, ttlSeconds: number): boolean | Promise<boolean>;
  /** Forgets `eventId`, so a redelivery is processed again (called when processing failed). Optional. */
  release?(eventId: string): void | Promise<void>;
}

export interface MemoryDedupStoreOptions {
  /** Used when `claim` is called without a TTL; default 86400 (24 hours). */
  ttlSeconds?: number;
  /** Memory bound: the oldest ids are forgotten first beyond it; default 100000. */
  maxEntries?: number;
  /** Clock in epoch milliseconds; default `Date.now`. */
  now?: () => number;
}

export interface MemoryDedupStore extends DedupStore {
  claim(eventId: string, ttlSeconds?: number): boolean;
  release(eventId: string): void;
  /** Whether `eventId` is currently remembered. */
  has(eventId: string): boolean;
  readonly size: number;
}

/**
 * An in-process DedupStore. Right for a single long-lived process; with several instances (or serverless) each
 * remembers only what it saw, so use a shared store there.
 */
export function createMemoryDedupStore(options: MemoryDedupStoreOptions = {}): MemoryDedupStore {
  const defaultTtl = options.ttlSeconds ?? DEFAULT_DEDUP_TTL_SECONDS;
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  if (!(defaultTtl > 0)) throw new TypeError('`ttlSeconds` must be positive.');
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('`maxEntries` must be a positive integer.');
  // eventId -> expiry (epoch ms). Map keeps insertion order, which is expiry order while the TTL is constant, so
  // expired ids are swept from the front.
  const expiries = new Map<string, number>();

  function sweep(at: number): void {
    for (const [id, expiry] of expiries) {
      if (expiry > at) break;
      expiries.delete(id);
    }
  }

  function live(eventId: string, at: number): boolean {
    const expiry = expiries.get(eventId);
    return expiry !== undefined && expiry > at;
  }

  return {
    claim(eventId, ttlSeconds = defaultTtl) {
      // A zero, negative or NaN TTL would forget the id at once: every repeat processed again.
      if (!(Number.isFinite(ttlSeconds) && ttlSeconds > 0)) throw new TypeError('`ttlSeconds` must be positive.');
      const at = now();
      sweep(at);
      if (live(eventId, at)) return false;
      expiries.delete(eventId);
      expiries.set(eventId, at + ttlSeconds * 1000);
      if (expiries.size > maxEntries) expiries.delete(expiries.keys().next().value!);
      return true;
    },
    release(eventId) {
      expiries.delete(eventId);
    },
    has(eventId) {
      return live(eventId, now());
    },
    get size() {
      sweep(now());
      return expiries.size;
    },
  };
}
