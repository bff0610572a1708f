import type { Store } from './store/store.js';

/**
 * How far the clock may be moved: 9999-01-01T00:00:00Z. RFC 3339 timestamps have four-digit years, so past the end
 * of 9999 every record, token expiry and event the sandbox stamps would be unreadable to clients (and past year
 * 275760 JavaScript cannot represent the instant at all); the year's margin keeps what is derived from "now" (a
 * day's idempotency retention, an hour's token) inside it too.
 */
export const LATEST_CLOCK_MS = Date.UTC(9999, 0, 1);

/** Where the clock offset is kept in the store ('meta' collection), so a restart on a store file keeps it. */
export const CLOCK_OFFSET_KEY = 'clockOffsetMs';

/**
 * The sandbox's notion of "now" for things that expire on the server (access tokens, idempotency records, signed
 * file URLs). Tests move it forward through `POST /sandbox/clock` instead of waiting an hour or a day. Assertion
 * freshness is still judged on the real clock: it is about the partner's clock, not the sandbox's.
 */
export class Clock {
  private offsetMs = 0;

  /**
   * With a store, the offset is read from it and every advance is written to it. Kept in memory only, a restart on
   * a store file moved the clock back by every advance made: tokens that had expired were accepted again and
   * idempotency records past their 24 hours were replayed, although the clock "moves only forward"
   * (docs/sandbox.md).
   */
  constructor(private readonly store?: Pick<Store, 'get' | 'set'>) {
    const saved = store?.get<unknown>('meta', CLOCK_OFFSET_KEY);
    if (typeof saved === 'number' && Number.isFinite(saved) && saved > 0) this.offsetMs = saved;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** How many seconds the clock can still move forward (to `LATEST_CLOCK_MS`). */
  get remainingSeconds(): number {
    return Math.max(0, Math.floor((LATEST_CLOCK_MS - this.now()) / 1000));
  }

  /** Moves the clock forward; a RangeError for a negative, non-finite or too large a step (the clock is unchanged). */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > this.remainingSeconds)
      throw new RangeError(
        `advanceSeconds must be a number from 0 to ${this.remainingSeconds} (the sandbox clock stops at ${new Date(LATEST_CLOCK_MS).toISOString()}).`,
      );
    const offsetMs = this.offsetMs + seconds * 1000;
    // Stored first: a store that refuses the write leaves the clock where it was.
    this.store?.set('meta', CLOCK_OFFSET_KEY, offsetMs);
    this.offsetMs = offsetMs;
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}
