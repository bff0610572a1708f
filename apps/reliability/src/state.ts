import { createHash, type Hash } from 'node:crypto';
import { COLLECTIONS, type Collection, type Sandbox, storedPeople } from '@zestequity/partner-sandbox';

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
      digestInto(hash, value);
      hash.update('\n');
      count += 1;
    }
    snapshot[name] = { count, digest: hash.digest('hex').slice(0, 16) };
  }
  return snapshot;
}

/**
 * Feeds a stored value into the hash: JSON for plain data, raw bytes for Buffers (stored files, idempotent reply
 * bodies). `JSON.stringify` turns a Buffer into an array of numbers, which made every snapshot of a store holding a
 * few large replies cost more than the request it guards.
 */
function digestInto(hash: Hash, value: unknown): void {
  if (value instanceof Uint8Array) {
    hash.update(`<${value.length} bytes>`).update(value);
  } else if (Array.isArray(value)) {
    hash.update('[');
    for (const item of value) {
      digestInto(hash, item);
      hash.update(',');
    }
    hash.update(']');
  } else if (value !== null && typeof value === 'object') {
    hash.update('{');
    for (const [key, member] of Object.entries(value)) {
      hash.update(JSON.stringify(key)).update(':');
      digestInto(hash, member);
      hash.update(',');
    }
    hash.update('}');
  } else {
    hash.update(JSON.stringify(value) ?? 'undefined');
  }
}

/** Names of the collections that differ between two snapshots. */
export function changedCollections(before: StateSnapshot, after: StateSnapshot): string[] {
  return COLLECTIONS.filter(
    (name) => before[name].digest !== after[name].digest || before[name].count !== after[name].count,
  );
}

/**
 * Rows of one collection, typed by the caller (the sandbox's record shapes are internal). `people` and `deliveries`
 * mean every person and every outbox row, however the store keeps them (a bulk create keeps its people, and the
 * untried events of a partner without a webhook URL, as one batch record each).
 */
export function rows<T>(sandbox: Sandbox, collection: Collection): T[] {
  if (collection === 'people') return [...storedPeople(sandbox.store)] as T[];
  if (collection === 'deliveries') return sandbox.admin.deliveries() as T[];
  return [...sandbox.store.values<T>(collection)];
}
