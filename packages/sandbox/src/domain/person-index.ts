import { randomFillSync } from 'node:crypto';

const EMPTY = -1;
const INITIAL_SLOTS = 1 << 12;

/**
 * A random start for every hash of this process: `partnerInvestorId`s are the partner's to choose, and a fixed
 * hash would let a request of ids chosen to collide turn every lookup into a walk of the whole table.
 */
const SEED = randomFillSync(new Int32Array(1))[0]!;

/** FNV-1a over the text's UTF-16 units, from `start`, then murmur3's finaliser so the low bits spread well. */
export function hashText(start: number, text: string): number {
  let h = start;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** The hash every one of a partner's ids starts from: computed once per request, not once per row. */
export const clientSeed = (clientId: string): number => hashText(SEED ^ 0x811c9dc5, clientId);

/**
 * `(partner, partnerInvestorId)` → `(batch number, person number)` for everyone bulk creates made, in three typed
 * arrays (open addressing, linear probing, at most half full). It keeps no string and no object per person: a
 * million people in `Map`s of strings were a million more objects for every full garbage collection to walk, the
 * largest single cost of a bulk create (README, "How the sandbox keeps people"; `bench/README.md`, sixth round). An
 * entry holds the hash only, so a match is a candidate the caller confirms against the person it names; an entry
 * whose batch was rolled back is a candidate that never confirms.
 */
export class PersonIndex {
  private hashes = new Int32Array(INITIAL_SLOTS);
  private batches = new Int32Array(INITIAL_SLOTS).fill(EMPTY);
  private people = new Uint16Array(INITIAL_SLOTS);
  private used = 0;

  /**
   * The next slot after `after` (-1: start) in `hash`'s probe sequence that holds that hash, or -1 once an empty
   * slot ends the sequence. `for (let s = index.next(h, -1); s >= 0; s = index.next(h, s))` walks the candidates.
   */
  next(hash: number, after: number): number {
    const mask = this.batches.length - 1;
    for (
      let slot = after < 0 ? hash & mask : (after + 1) & mask;
      this.batches[slot] !== EMPTY;
      slot = (slot + 1) & mask
    )
      if (this.hashes[slot] === hash) return slot;
    return -1;
  }

  batchAt(slot: number): number {
    return this.batches[slot]!;
  }

  personAt(slot: number): number {
    return this.people[slot]!;
  }

  add(hash: number, batch: number, person: number): void {
    if ((this.used + 1) * 2 > this.batches.length) this.grow();
    this.place(hash, batch, person);
    this.used += 1;
  }

  private place(hash: number, batch: number, person: number): void {
    const mask = this.batches.length - 1;
    let slot = hash & mask;
    while (this.batches[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.hashes[slot] = hash;
    this.batches[slot] = batch;
    this.people[slot] = person;
  }

  private grow(): void {
    const { hashes, batches, people } = this;
    this.hashes = new Int32Array(hashes.length * 2);
    this.batches = new Int32Array(batches.length * 2).fill(EMPTY);
    this.people = new Uint16Array(people.length * 2);
    for (let slot = 0; slot < batches.length; slot++)
      if (batches[slot] !== EMPTY) this.place(hashes[slot]!, batches[slot]!, people[slot]!);
  }
}
