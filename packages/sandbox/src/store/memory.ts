import { AsyncLocalStorage } from 'node:async_hooks';
import { COLLECTIONS, type Collection, type Op, type Store, type Transaction } from './store.js';

const ABSENT = Symbol('absent');
type Before = { collection: Collection; id: string; value: unknown };

/** One open transaction: what each key held before the transaction first touched it (for a rollback). */
class Tx implements Transaction {
  open = true;
  aborted = false;
  /** Per collection, id -> value before this transaction (ABSENT when there was none). */
  readonly before = new Map<Collection, Map<string, unknown>>();
  /** The same keys in first-touch order (a rollback undoes them in reverse). */
  readonly order: Before[] = [];
  /** Per collection, the ids written (set or deleted): the commit writes their final values. */
  readonly written = new Map<Collection, Set<string>>();
  abort(): void {
    this.aborted = true;
  }
}

/**
 * A copy of a stored value as it is now, for a rollback. Handlers change records they read in place before they
 * `set` them again, so the value before a transaction is copied when the transaction first reads it. Byte buffers
 * are never changed in place and are shared; an object with `toJSON` (an outbox row) is copied as its plain record.
 */
function copyOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(copyOf);
  const source =
    typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): object }).toJSON() : value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) out[key] = copyOf((source as Record<string, unknown>)[key]);
  return out;
}

/**
 * Plain Maps, one per collection; state is gone when the process exits. Transactions write in place and keep an
 * undo log: a rollback puts back what each touched key held before. `committed` is where a durable store (the file
 * store) picks up each commit's final values.
 */
export class MemoryStore implements Store {
  protected readonly maps = new Map<Collection, Map<string, unknown>>();
  private readonly context = new AsyncLocalStorage<Tx>();
  private readonly openTxs = new Set<Tx>();

  constructor() {
    for (const name of COLLECTIONS) this.maps.set(name, new Map());
  }

  protected map(collection: Collection): Map<string, unknown> {
    const found = this.maps.get(collection);
    if (!found) throw new Error(`unknown collection ${collection}`);
    return found;
  }

  /** The transaction open in the caller's async context (a finished one, e.g. seen from a timer it started, is none). */
  private active(): Tx | undefined {
    const tx = this.context.getStore();
    return tx?.open ? tx : undefined;
  }

  private remember(tx: Tx, collection: Collection, id: string, copy: boolean): void {
    let seen = tx.before.get(collection);
    if (!seen) {
      seen = new Map();
      tx.before.set(collection, seen);
    }
    if (seen.has(id)) return;
    // One lookup in the (possibly large) collection: stored values are never `undefined`, so that means absent.
    const current = this.map(collection).get(id);
    const value = current === undefined ? ABSENT : copy ? copyOf(current) : current;
    seen.set(id, value);
    tx.order.push({ collection, id, value });
  }

  private written(tx: Tx, collection: Collection, id: string): void {
    let ids = tx.written.get(collection);
    if (!ids) {
      ids = new Set();
      tx.written.set(collection, ids);
    }
    ids.add(id);
  }

  get<T>(collection: Collection, id: string): T | undefined {
    const value = this.map(collection).get(id);
    if (value !== undefined && typeof value === 'object') {
      const tx = this.active();
      if (tx) this.remember(tx, collection, id, true);
    }
    return value as T | undefined;
  }

  set<T>(collection: Collection, id: string, value: T): void {
    const tx = this.active();
    if (tx) {
      this.remember(tx, collection, id, false);
      this.written(tx, collection, id);
      this.map(collection).set(id, value);
      return;
    }
    const map = this.map(collection);
    const had = map.has(id);
    const previous = map.get(id);
    map.set(id, value);
    try {
      this.committed([[collection, id, value]]);
    } catch (error) {
      if (had) map.set(id, previous);
      else map.delete(id);
      throw error;
    }
  }

  delete(collection: Collection, id: string): boolean {
    const map = this.map(collection);
    if (!map.has(id)) return false;
    const tx = this.active();
    if (tx) {
      this.remember(tx, collection, id, false);
      this.written(tx, collection, id);
      return map.delete(id);
    }
    const previous = map.get(id);
    map.delete(id);
    try {
      this.committed([[collection, id]]);
    } catch (error) {
      map.set(id, previous);
      throw error;
    }
    return true;
  }

  values<T>(collection: Collection): IterableIterator<T> {
    return this.map(collection).values() as IterableIterator<T>;
  }

  async transaction<T>(fn: (tx: Transaction) => T | Promise<T>): Promise<T> {
    const outer = this.active();
    if (outer) return fn(outer);
    const tx = new Tx();
    this.openTxs.add(tx);
    let result: T;
    try {
      result = await this.context.run(tx, () => fn(tx));
    } catch (error) {
      this.finish(tx, false);
      throw error;
    }
    this.finish(tx, !tx.aborted);
    return result;
  }

  settle(commit: boolean): void {
    const tx = this.active();
    if (tx) this.finish(tx, commit && !tx.aborted);
  }

  private finish(tx: Tx, commit: boolean): void {
    if (!tx.open) return;
    tx.open = false;
    this.openTxs.delete(tx);
    if (commit && tx.written.size > 0) {
      const ops: Op[] = [];
      for (const [collection, ids] of tx.written) {
        const map = this.map(collection);
        for (const id of ids) ops.push(map.has(id) ? [collection, id, map.get(id)] : [collection, id]);
      }
      try {
        this.committed(ops);
        return;
      } catch (error) {
        this.rollback(tx);
        throw error;
      }
    }
    if (!commit) this.rollback(tx);
  }

  private rollback(tx: Tx): void {
    for (const { collection, id, value } of [...tx.order].reverse()) {
      const map = this.map(collection);
      if (value === ABSENT) map.delete(id);
      else map.set(id, value);
    }
  }

  /**
   * Every entry of a collection as last committed: what open transactions changed is shown as it was before them.
   * (A snapshot taken while a request is between its writes and its commit must not contain half of it.)
   */
  protected *committedEntries(collection: Collection): Generator<[string, unknown]> {
    const hidden = new Map<string, unknown>();
    for (const tx of this.openTxs) {
      for (const [id, value] of tx.before.get(collection) ?? []) if (!hidden.has(id)) hidden.set(id, value);
    }
    for (const [id, value] of this.map(collection)) {
      if (!hidden.has(id)) yield [id, value];
      else if (hidden.get(id) !== ABSENT) yield [id, hidden.get(id)];
    }
    // Deleted by an open transaction: still committed.
    for (const [id, value] of hidden) if (value !== ABSENT && !this.map(collection).has(id)) yield [id, value];
  }

  /** Called with the final values of each commit; a durable store journals them (and throws if it cannot). */
  protected committed(_ops: Op[]): void {}

  durable(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {}
}
