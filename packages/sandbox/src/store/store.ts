/**
 * The one storage seam of the sandbox. Everything stateful (tokens, SPV requests, investors, subscriptions, files,
 * idempotency records, the webhook outbox) goes through this interface, so swapping the embedded store for another
 * one means implementing it and nothing else.
 *
 * Reads and writes are synchronous: a handler validates everything first and then makes all of its writes in one
 * synchronous stretch. What groups those writes is `transaction`: every `set`/`delete` made inside it (across awaits,
 * followed through the async context) commits together when it ends well, or is undone when it throws or is aborted
 * (a failed request leaves nothing behind, not even half of its state, its webhook event or its idempotency record).
 * A write outside any transaction commits on its own. `durable()` resolves once everything committed so far is on
 * disk (at once for the memory store): the server awaits it before answering, so nothing it acknowledged is lost.
 */
export interface Store {
  get<T>(collection: Collection, id: string): T | undefined;
  set<T>(collection: Collection, id: string, value: T): void;
  delete(collection: Collection, id: string): boolean;
  /** Values in insertion order. */
  values<T>(collection: Collection): IterableIterator<T>;
  /*
   * The three calls below are optional so that a Store written for sandbox 1.0 still works: without them every
   * write commits on its own (no rollback) and nothing is awaited before answering. `MemoryStore` and `FileStore`
   * have them; use the helpers `inTransaction`, `settle` and `durable` below rather than calling them directly.
   */
  /**
   * Runs `fn` as one transaction. A nested call joins the transaction already open in its async context. `tx.abort()`
   * marks it to be rolled back instead of committed when `fn` ends.
   */
  transaction?<T>(fn: (tx: Transaction) => T | Promise<T>): Promise<T>;
  /** Ends the transaction open in this async context now (commit when `commit`, else roll back); no-op without one. */
  settle?(commit: boolean): void;
  /** Resolves when every write committed so far is durable; rejects when the store can no longer write. */
  durable?(): Promise<void>;
  /** Make everything durable and release resources. */
  close(): Promise<void>;
}

export interface Transaction {
  abort(): void;
}

/** Every collection the sandbox keeps; the list is the single source of the `Collection` names. */
export const COLLECTIONS = [
  'meta',
  'tokens',
  'spvRequests',
  'spvs',
  'people',
  'personBatches',
  'personByPartnerId',
  'subscriptions',
  'files',
  'idempotency',
  'deliveries',
] as const;

export type Collection = (typeof COLLECTIONS)[number];

/** One committed write: a set (value present) or a delete (value absent). */
export type Op = [collection: Collection, id: string, value?: unknown];

const noRollback: Transaction = { abort() {} };

/** `store.transaction(fn)`, or just `fn` for a store without transactions. */
export function inTransaction<T>(store: Store, fn: (tx: Transaction) => T | Promise<T>): Promise<T> {
  return store.transaction ? store.transaction(fn) : Promise.resolve().then(() => fn(noRollback));
}

/** `store.settle(commit)` where the store has it. */
export function settle(store: Store, commit: boolean): void {
  store.settle?.(commit);
}

/** `store.durable()`, or at once for a store that does not say. */
export function durable(store: Store): Promise<void> {
  return store.durable ? store.durable() : Promise.resolve();
}

/**
 * An intact record (its checksum matches) whose compact form this version cannot rebuild: written by another
 * version, not torn by a crash, so it is not cut off like damage; the store refuses to start instead.
 */
export class UnreadableRecordError extends Error {}
