/**
 * The one storage seam of the sandbox. Everything stateful (tokens, SPV requests, investors, subscriptions, files,
 * idempotency records, the webhook outbox) goes through these five calls, so swapping the embedded store for
 * another one means implementing this interface and nothing else.
 *
 * Calls are synchronous on purpose: a handler validates everything first and then commits all of its writes in one
 * synchronous stretch, which on Node's single thread makes each request's commit atomic with respect to every other
 * request (this is what makes bulk subscriptions all-or-nothing and idempotency keys race-free).
 */
export interface Store {
  get<T>(collection: Collection, id: string): T | undefined;
  set<T>(collection: Collection, id: string, value: T): void;
  delete(collection: Collection, id: string): boolean;
  /** Values in insertion order. */
  values<T>(collection: Collection): IterableIterator<T>;
  /** Persist pending writes (no-op for the memory store) and release resources. */
  close(): Promise<void>;
}

/** Every collection the sandbox keeps; the list is the single source of the `Collection` names. */
export const COLLECTIONS = [
  'meta',
  'tokens',
  'spvRequests',
  'spvs',
  'people',
  'personByPartnerId',
  'subscriptions',
  'files',
  'idempotency',
  'deliveries',
] as const;

export type Collection = (typeof COLLECTIONS)[number];
