import { describe, expect, it } from 'vitest';
import { DueHeap } from '../src/webhooks/due-heap.js';

// The webhook scheduler's heap: whatever the order of pushes and pops, every pop hands out the earliest time held.

/** A small deterministic generator (mulberry32), so a failure names its seed and replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('DueHeap', () => {
  it.each([1, 2, 3, 4, 5])('pops in time order under interleaved pushes and pops, ties included (seed %i)', (seed) => {
    const next = random(seed);
    const heap = new DueHeap();
    const reference: { at: number; id: string }[] = [];
    for (let step = 0; step < 5_000; step++) {
      if (reference.length === 0 || next() < 0.6) {
        // Few distinct times, so many entries tie.
        const entry = { at: Math.floor(next() * 50), id: `dlv_${step}` };
        heap.push(entry.at, entry.id);
        reference.push(entry);
      } else {
        const earliest = Math.min(...reference.map((e) => e.at));
        expect(heap.peek()).toBe(earliest);
        const popped = heap.pop();
        expect(popped.at).toBe(earliest);
        const index = reference.findIndex((e) => e.at === popped.at && e.id === popped.id);
        expect(index).toBeGreaterThanOrEqual(0);
        reference.splice(index, 1);
      }
      expect(heap.size).toBe(reference.length);
    }
    const rest: number[] = [];
    while (heap.size > 0) rest.push(heap.pop().at);
    expect(rest).toEqual(reference.map((e) => e.at).sort((a, b) => a - b));
    expect(heap.peek()).toBe(Infinity);
  });
});
