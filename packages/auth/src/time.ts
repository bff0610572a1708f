/**
 * A point in time given by the caller: a Date, or milliseconds since the epoch (what `Date.now()` returns).
 * Absent means the current time. Used so tests and servers with their own clock can pin "now".
 */
export type Instant = Date | number;

export function instantMillis(now: Instant | undefined): number {
  if (now === undefined) return Date.now();
  // Checked before use: a string or null from untyped code would otherwise fail as "now.getTime is not a function".
  const ms = typeof now === 'number' ? now : now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(ms))
    throw new TypeError('`now` must be a valid Date or a number of milliseconds since the epoch.');
  return ms;
}
