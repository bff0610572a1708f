import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore, inTransaction, MemoryStore, type Store } from '../src/index.js';
import { useTempDir } from './helpers.js';

// The store's own transaction semantics, through its public API, on both stores: what a rollback puts back and
// what a commit keeps, whatever the order and repetition of the transaction's reads and writes.

const dir = useTempDir('zest-sandbox-tx-');

let files = 0;
const stores: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  ['file', async () => new FileStore(join(dir, `store-${files++}.zest`))],
];

const snapshot = (store: Store) => ({
  people: [...store.values('people')].map((v) => JSON.parse(JSON.stringify(v))),
  spvs: [...store.values('spvs')].map((v) => JSON.parse(JSON.stringify(v))),
});

describe.each(stores)('%s store transactions', (_name, open) => {
  it('a rollback puts back every key as it was, after repeated writes, deletes and in-place changes', async () => {
    const store = await open();
    store.set('people', 'a', { name: 'A', tags: ['x'] });
    store.set('people', 'b', { name: 'B' });
    store.set('spvs', 'frozen', Object.freeze(['c1', 'p1']));
    const before = snapshot(store);
    await inTransaction(store, (tx) => {
      const a = store.get<{ name: string; tags: string[] }>('people', 'a')!;
      a.name = 'changed in place';
      a.tags.push('y');
      store.set('people', 'a', a);
      store.set('people', 'a', { name: 'second write' });
      store.get('people', 'a');
      store.delete('people', 'b');
      store.set('people', 'b', { name: 'recreated' });
      store.set('people', 'new', { name: 'N' });
      store.delete('people', 'new');
      store.set('people', 'new', { name: 'N again' });
      store.set('spvs', 'frozen', Object.freeze([...store.get<string[]>('spvs', 'frozen')!, 'c2', 'p2']));
      tx.abort();
    });
    expect(snapshot(store)).toEqual(before);
    expect(store.get('people', 'new')).toBeUndefined();
    await store.close();
  });

  it('a throw inside the transaction rolls back too, and a commit keeps the last value of each key', async () => {
    const store = await open();
    store.set('people', 'a', { name: 'A' });
    await expect(
      inTransaction(store, () => {
        store.set('people', 'a', { name: 'lost' });
        store.set('people', 'z', { name: 'lost' });
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(snapshot(store).people).toEqual([{ name: 'A' }]);
    await inTransaction(store, () => {
      store.set('people', 'a', { name: 'first' });
      store.set('people', 'a', { name: 'kept' });
      store.set('people', 'c', { name: 'C' });
      store.delete('people', 'c');
      store.set('people', 'd', { name: 'D' });
    });
    expect(snapshot(store).people).toEqual([{ name: 'kept' }, { name: 'D' }]);
    await store.close();
  });

  // The memory store switches its async-context tracking off whenever no transaction is open and on again with the
  // next one; these interleavings cross both edges, with writes made after awaits.
  it('concurrent transactions keep their own writes across awaits, however they overlap and end', async () => {
    const store = await open();
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const a = inTransaction(store, async () => {
      await pause(5);
      store.set('people', 'a', { by: 'A' });
    });
    const b = inTransaction(store, async (tx) => {
      await pause(30); // A has ended (committed) by now; B is still open
      for (let hop = 0; hop < 5; hop++) await Promise.resolve();
      store.set('people', 'b', { by: 'B' });
      tx.abort();
    });
    await Promise.all([a, b]);
    expect(snapshot(store).people).toEqual([{ by: 'A' }]);

    // Nothing open now. A write from a timer a finished transaction started commits on its own, and the next
    // transaction (tracking on again) still rolls back a write it makes several awaits deep.
    let fromTimer: Promise<void> | undefined;
    await inTransaction(store, () => {
      fromTimer = pause(10).then(() => store.set('people', 'timer', { by: 'timer of C' }));
    });
    const d = inTransaction(store, async (tx) => {
      await pause(20);
      await Promise.resolve();
      store.set('people', 'd', { by: 'D' });
      tx.abort();
    });
    await Promise.all([fromTimer, d]);
    expect(snapshot(store).people).toEqual([{ by: 'A' }, { by: 'timer of C' }]);
    await store.close();
  });

  it('transactions after a long run of reads outside any (tracking switched off) still keep their writes apart', async () => {
    const store = await open();
    store.set('people', 'seed', { by: 'seed' });
    await inTransaction(store, () => store.set('people', 'first', { by: 'first' }));
    // Far more accesses than it takes to switch the async context tracking off, as a stream of GETs would make.
    for (let i = 0; i < 5_000; i++) store.get('people', 'seed');
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const kept = inTransaction(store, async () => {
      await pause(5);
      store.set('people', 'kept', { by: 'kept' });
    });
    const aborted = inTransaction(store, async (tx) => {
      await pause(15);
      store.set('people', 'aborted', { by: 'aborted' });
      tx.abort();
    });
    // Reads between and after, outside both, see committed values only and count toward switching off again.
    for (let i = 0; i < 5_000; i++) store.get('people', 'seed');
    await Promise.all([kept, aborted]);
    for (let i = 0; i < 5_000; i++) store.get('people', 'seed');
    const again = inTransaction(store, async (tx) => {
      await Promise.resolve();
      store.set('people', 'again', { by: 'again' });
      tx.abort();
    });
    await again;
    expect(snapshot(store).people).toEqual([{ by: 'seed' }, { by: 'first' }, { by: 'kept' }]);
    await store.close();
  });

  it('a rollback leaves alone what another transaction committed meanwhile to the keys it had read or written', async () => {
    const store = await open();
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    store.set('people', 'read', { v: 0 });
    store.set('people', 'written', { v: 0 });
    store.set('people', 'deleted', { v: 0 });
    store.set('people', 'untouched by others', { v: 0 });
    const slow = inTransaction(store, async (tx) => {
      store.get('people', 'read');
      store.set('people', 'written', { v: 'slow' });
      store.delete('people', 'deleted');
      store.set('people', 'created', { v: 'slow' });
      store.set('people', 'untouched by others', { v: 'slow' });
      await pause(20); // the quick transaction below commits while this one waits
      tx.abort();
    });
    await pause(5);
    await inTransaction(store, () => {
      store.set('people', 'read', { v: 'quick' });
      store.set('people', 'written', { v: 'quick' });
      store.set('people', 'deleted', { v: 'quick' });
      store.set('people', 'created', { v: 'quick' });
    });
    await slow;
    const kept = Object.fromEntries(
      ['read', 'written', 'deleted', 'created', 'untouched by others'].map((id) => [id, store.get('people', id)]),
    );
    expect(kept).toEqual({
      read: { v: 'quick' },
      written: { v: 'quick' },
      deleted: { v: 'quick' },
      created: { v: 'quick' },
      'untouched by others': { v: 0 },
    });
    await store.close();
  });
});

describe('file store transactions', () => {
  it('journals only the final value of each key a commit wrote, and a reopened store reads exactly that', async () => {
    const path = join(dir, 'journal.zest');
    const store = new FileStore(path);
    await inTransaction(store, () => {
      store.set('people', 'a', { name: 'first' });
      store.set('people', 'a', { name: 'last' });
      store.set('people', 'gone', { name: 'G' });
      store.delete('people', 'gone');
    });
    await inTransaction(store, (tx) => {
      store.set('people', 'a', { name: 'aborted' });
      tx.abort();
    });
    await store.close();
    const reopened = new FileStore(path);
    expect([...reopened.values('people')]).toEqual([{ name: 'last' }]);
    await reopened.close();
  });
});
