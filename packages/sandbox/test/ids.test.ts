import { describe, expect, it } from 'vitest';
import { FRESH_ID_ATTEMPTS, freshId, newEventId, newId } from '../src/domain/ids.js';
import { MemoryStore } from '../src/store/memory.js';

describe('ids', () => {
  it('are prefix_ + lowercase hex of the asked length, fresh every time', () => {
    expect(newId('psn')).toMatch(/^psn_[0-9a-f]{12}$/);
    expect(newId('dlv', 16)).toMatch(/^dlv_[0-9a-f]{16}$/);
    expect(newId('x', 7)).toMatch(/^x_[0-9a-f]{7}$/);
    expect(newEventId()).toMatch(/^wde_[0-9a-f]{16}$/);
    // Across several refills of the random pool: no repeats, and every hex digit in every position.
    const ids = Array.from({ length: 5000 }, () => newId('psn'));
    expect(new Set(ids).size).toBe(ids.length);
    for (let position = 4; position < 16; position++) expect(new Set(ids.map((id) => id[position])).size).toBe(16);
  });
});

describe('freshId', () => {
  // One hex digit: 16 possible ids, so a repeat is not improbable but certain to be tried.
  const allIds = Array.from({ length: 16 }, (_, digit) => `x_${digit.toString(16)}`);

  it('never returns an id the collection already holds: with 15 of 16 taken it finds the one left', () => {
    for (const free of ['x_0', 'x_7', 'x_f']) {
      const store = new MemoryStore();
      for (const id of allIds) if (id !== free) store.set('people', id, { taken: id });
      for (let round = 0; round < 20; round++) expect(freshId(store, 'people', 'x', 1)).toBe(free);
      // The records already there are untouched.
      expect(store.get('people', allIds.find((id) => id !== free)!)).toEqual({
        taken: allIds.find((id) => id !== free),
      });
    }
  });

  it('only looks in the collection it is given', () => {
    const store = new MemoryStore();
    for (const id of allIds) store.set('subscriptions', id, {});
    expect(allIds).toContain(freshId(store, 'people', 'x', 1));
  });

  it(`gives up with an error, not a hang, when every id is taken (${FRESH_ID_ATTEMPTS} tries)`, () => {
    const store = new MemoryStore();
    for (const id of allIds) store.set('people', id, {});
    expect(() => freshId(store, 'people', 'x', 1)).toThrow(/no free x_ id left in people/);
  });
});
