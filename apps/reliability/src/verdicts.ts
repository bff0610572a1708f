import type { ProcessedEvent } from './chaos-receiver.js';

/**
 * The verdicts the reliability suites reach, as functions: the suites assert they find nothing, and the negative
 * runs (a sandbox that re-executes replays, a receiver without dedup) assert they do find something, which is what
 * shows the suites can fail at all.
 */

/** Events a receiver processed other than exactly once: `<eventId> x<runs>`. */
export function notProcessedOnce(processed: ReadonlyMap<string, readonly ProcessedEvent[]>): string[] {
  return [...processed].filter(([, runs]) => runs.length !== 1).map(([id, runs]) => `${id} x${runs.length}`);
}

/**
 * Intents (each a unique `key`, e.g. a deal name) against what the server stored: every intent stored once, nothing
 * more. Returns `<key> stored <n> times` for every intent stored zero or several times, and stored keys nobody meant.
 */
export function notStoredOnce(intended: readonly string[], stored: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of stored) counts.set(key, (counts.get(key) ?? 0) + 1);
  const problems = intended
    .filter((key) => counts.get(key) !== 1)
    .map((key) => `${key} stored ${counts.get(key) ?? 0} times`);
  const wanted = new Set(intended);
  for (const key of counts.keys()) if (!wanted.has(key)) problems.push(`${key} stored but never intended`);
  return problems;
}
