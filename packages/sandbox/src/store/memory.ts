import { AsyncLocalStorage } from 'node:async_hooks';
import { COLLECTIONS, type Collection, type Op, type Store, type Transaction } from './store.js';

const ABSENT = Symbol('absent');
/** Store accesses outside any transaction after which async context tracking is switched off (see `active`). */
const CONTEXT_IDLE_READS = 256;
/** Entries per undo record: collection, id, what the key held before, what this transaction left there. */
const UNDO_STRIDE = 4;

/**
 * One open transaction. Its undo log holds, for every write and every read of an object, the collection, the id,
 * what the key held just before (ABSENT: nothing) and what this transaction left there (the value it wrote or read),
 * as flat quadruples; a rollback replays them newest first, which puts back what each key held before the
 * transaction whatever the order of its writes. A key that holds something else by then was changed by a transaction
 * that committed meanwhile (a transaction that awaits, like an upload's, lets others run): that change stays. No
 * per-key bookkeeping: a bulk create writes 300 new keys, and a map of them per transaction cost more than the
 * writes it guarded.
 */
class Tx implements Transaction {
  open = true;
  aborted = false;
  readonly undo: unknown[] = [];
  /**
   * Per collection, id -> the value written last (ABSENT for a delete): what a commit journals. Kept only for a
   * store that journals, and kept as values so the commit needs no second lookup in a collection of a million rows.
   */
  readonly written = new Map<Collection, Map<string, unknown>>();
  abort(): void {
    this.aborted = true;
  }

  /** Per id of `collection`, what it held before this transaction (the oldest entry of the undo log for it). */
  before(collection: Collection): Map<string, unknown> {
    const first = new Map<string, unknown>();
    for (let i = 0; i < this.undo.length; i += UNDO_STRIDE) {
      const id = this.undo[i + 1] as string;
      if (this.undo[i] === collection && !first.has(id)) first.set(id, this.undo[i + 2]);
    }
    return first;
  }
}

/**
 * A copy of a stored value as it is now, for a rollback. Handlers change records they read in place before they
 * `set` them again, so what a transaction reads is copied as it is read (frozen values excepted). Byte buffers
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
 * store) picks up each commit's final values. Stored values are never `undefined`, so a lookup that returns it means
 * the key is absent (one lookup instead of `has` and `get` in maps that hold a million rows).
 */
export class MemoryStore implements Store {
  protected readonly maps = new Map<Collection, Map<string, unknown>>();
  private readonly context = new AsyncLocalStorage<Tx>();
  private readonly openTxs = new Set<Tx>();
  /** Whether `context` may be tracking (a `run` switches it on; `active` switches it off). */
  private contextOn = false;
  /** Store accesses since the last transaction ended, while `contextOn`. */
  private idleReads = 0;

  constructor() {
    for (const name of COLLECTIONS) this.maps.set(name, new Map());
  }

  protected map(collection: Collection): Map<string, unknown> {
    const found = this.maps.get(collection);
    if (!found) throw new Error(`unknown collection ${collection}`);
    return found;
  }

  /**
   * The transaction open in the caller's async context (a finished one, e.g. seen from a timer it started, is none).
   *
   * With none open anywhere there is nothing to look up, and after CONTEXT_IDLE_READS such accesses the async context
   * tracking is switched off (the next transaction's `run` switches it on again). On Node 20 an enabled
   * AsyncLocalStorage runs a hook for every promise the process makes, about a fifth of the CPU of a GET, so reads
   * served away from writes must not pay for it; switching it off and on around every transaction cost more than the
   * hooks it saved (about a tenth of the CPU of a 100-row bulk create), so it stays on while writes keep coming.
   * Counted in reads, not time: a timer made the switch depend on how fast the machine was (a paused or loaded
   * process saw "idle" between two writes of the same burst), where the reads say what the process is doing.
   */
  private active(): Tx | undefined {
    if (this.openTxs.size === 0) {
      if (this.contextOn && ++this.idleReads >= CONTEXT_IDLE_READS) {
        this.contextOn = false;
        this.context.disable();
      }
      return undefined;
    }
    const tx = this.context.getStore();
    return tx?.open ? tx : undefined;
  }

  /**
   * Logs what `id` held just before this write or read (`current`, undefined when absent; copied if asked) and what
   * the transaction leaves there (`left`: the value written or read, ABSENT for a delete).
   */
  private remember(tx: Tx, collection: Collection, id: string, current: unknown, copy: boolean, left: unknown): void {
    tx.undo.push(collection, id, current === undefined ? ABSENT : copy ? copyOf(current) : current, left);
  }

  private written(tx: Tx, collection: Collection, id: string, value: unknown): void {
    if (!this.journals) return;
    let values = tx.written.get(collection);
    if (!values) {
      values = new Map();
      tx.written.set(collection, values);
    }
    values.set(id, value);
  }

  get<T>(collection: Collection, id: string): T | undefined {
    const value = this.map(collection).get(id);
    // Frozen values cannot be changed in place, so the value itself is what a rollback puts back: no copy.
    if (value !== undefined && typeof value === 'object') {
      const tx = this.active();
      if (tx) this.remember(tx, collection, id, value, !Object.isFrozen(value), value);
    }
    return value as T | undefined;
  }

  set<T>(collection: Collection, id: string, value: T): void {
    const map = this.map(collection);
    const tx = this.active();
    if (tx) {
      this.remember(tx, collection, id, map.get(id), false, value);
      this.written(tx, collection, id, value);
      map.set(id, value);
      return;
    }
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
    const previous = map.get(id);
    if (previous === undefined) return false;
    const tx = this.active();
    if (tx) {
      this.remember(tx, collection, id, previous, false, ABSENT);
      this.written(tx, collection, id, ABSENT);
      return map.delete(id);
    }
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
    this.contextOn = true;
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
    this.idleReads = 0;
    if (commit && tx.written.size > 0) {
      const ops: Op[] = [];
      for (const [collection, values] of tx.written) {
        for (const [id, value] of values) ops.push(value === ABSENT ? [collection, id] : [collection, id, value]);
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
    const { undo } = tx;
    // What this rollback has put back so far, per key: an older entry of that key finds it there, not what it left.
    const putBack = new Map<string, unknown>();
    for (let i = undo.length - UNDO_STRIDE; i >= 0; i -= UNDO_STRIDE) {
      const collection = undo[i] as Collection;
      const map = this.map(collection);
      const id = undo[i + 1] as string;
      const got = map.get(id);
      const held = got === undefined ? ABSENT : got;
      const key = `${collection}\n${id}`;
      // Anything else there was written by a transaction that committed meanwhile: its change stands.
      if (held !== undo[i + 3] && !(putBack.has(key) && putBack.get(key) === held)) continue;
      const value = undo[i + 2];
      if (value === ABSENT) map.delete(id);
      else map.set(id, value);
      putBack.set(key, value);
    }
  }

  /**
   * Every entry of a collection as last committed: what open transactions changed is shown as it was before them.
   * (A snapshot taken while a request is between its writes and its commit must not contain half of it.)
   */
  protected *committedEntries(collection: Collection): Generator<[string, unknown]> {
    const hidden = new Map<string, unknown>();
    for (const tx of this.openTxs) {
      for (const [id, value] of tx.before(collection)) if (!hidden.has(id)) hidden.set(id, value);
    }
    for (const [id, value] of this.map(collection)) {
      if (!hidden.has(id)) yield [id, value];
      else if (hidden.get(id) !== ABSENT) yield [id, hidden.get(id)];
    }
    // Deleted by an open transaction: still committed.
    for (const [id, value] of hidden) if (value !== ABSENT && !this.map(collection).has(id)) yield [id, value];
  }

  /**
   * Whether `committed` wants each transaction's final values. The memory store has nowhere to put them, so its
   * transactions do not collect them.
   */
  protected readonly journals: boolean = false;

  /** Called with the final values of each commit; a durable store journals them (and throws if it cannot). */
  protected committed(_ops: Op[]): void {}

  durable(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.contextOn = false;
    this.context.disable();
  }
}
