import { createHash } from 'node:crypto';
import { COLLECTIONS, type Collection, type Sandbox } from '@zestequity/partner-sandbox';

export type StateSnapshot = Record<Collection, { count: number; digest: string }>;

/**
 * A fingerprint of everything the sandbox stores (row counts plus a digest of the rows). Two equal snapshots mean
 * no request in between created, changed or deleted anything: tokens, idempotency records and webhook outbox rows
 * included.
 */
export function snapshotState(sandbox: Sandbox): StateSnapshot {
  const snapshot = {} as StateSnapshot;
  for (const name of COLLECTIONS) {
    const hash = createHash('sha256');
    let count = 0;
    for (const value of sandbox.store.values<unknown>(name)) {
      hash.update(JSON.stringify(value) ?? 'undefined').update('\n');
      count += 1;
    }
    snapshot[name] = { count, digest: hash.digest('hex').slice(0, 16) };
  }
  return snapshot;
}

/** Names of the collections that differ between two snapshots. */
export function changedCollections(before: StateSnapshot, after: StateSnapshot): string[] {
  return COLLECTIONS.filter((name) => before[name].digest !== after[name].digest || before[name].count !== after[name].count);
}

/** Rows of one collection, typed by the caller (the sandbox's record shapes are internal). */
export function rows<T>(sandbox: Sandbox, collection: Collection): T[] {
  return [...sandbox.store.values<T>(collection)];
}
