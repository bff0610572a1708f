import { describe, expect, it } from 'vitest';
import { AUTH_CONSTANTS, createMemoryDedupStore } from '../../src/index.js';

describe('createMemoryDedupStore', () => {
  it('refuses a claim whose TTL would forget the id at once', () => {
    const store = createMemoryDedupStore();
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => store.claim('wde_t', ttl)).toThrow(TypeError);
    expect(store.claim('wde_t', 60)).toBe(true);
    expect(store.claim('wde_t', 60)).toBe(false);
  });

  it('claims an eventId once and remembers it for 24 hours by default', () => {
    let clock = 1_000_000;
    const store = createMemoryDedupStore({ now: () => clock });
    expect(AUTH_CONSTANTS.defaultDedupTtlSeconds).toBe(86_400);
    expect(store.claim('wde_a')).toBe(true);
    expect(store.claim('wde_a')).toBe(false);
    expect(store.claim('wde_b')).toBe(true);
    clock += 86_400_000 - 1;
    expect(store.claim('wde_a')).toBe(false);
    expect(store.has('wde_a')).toBe(true);
    clock += 1;
    expect(store.has('wde_a')).toBe(false);
    expect(store.claim('wde_a')).toBe(true);
  });

  it('uses the TTL given to claim and forgets expired ids', () => {
    let clock = 0;
    const store = createMemoryDedupStore({ now: () => clock });
    store.claim('short', 10);
    store.claim('long', 100);
    clock = 10_000;
    expect(store.has('short')).toBe(false);
    expect(store.has('long')).toBe(true);
    expect(store.size).toBe(1);
  });

  it('release lets a redelivery be processed again', () => {
    const store = createMemoryDedupStore();
    expect(store.claim('wde_x')).toBe(true);
    store.release('wde_x');
    expect(store.claim('wde_x')).toBe(true);
  });

  it('stays within maxEntries by forgetting the oldest ids first', () => {
    const store = createMemoryDedupStore({ maxEntries: 3 });
    for (const id of ['1', '2', '3', '4']) store.claim(id);
    expect(store.size).toBe(3);
    expect(store.has('1')).toBe(false);
    expect(store.has('4')).toBe(true);
  });

  it('refuses nonsense options', () => {
    expect(() => createMemoryDedupStore({ ttlSeconds: 0 })).toThrow(TypeError);
    expect(() => createMemoryDedupStore({ maxEntries: 0 })).toThrow(TypeError);
  });
});
