import { randomFillSync } from 'node:crypto';
import type { Collection, Store } from '../store/store.js';

// Random bytes come from a pooled buffer refilled 8 KiB at a time: one CSPRNG call per ~1000 ids instead of one per
// id (bulk creates mint hundreds of ids per request). Every id still carries `hexChars * 4` fresh random bits.
const POOL = Buffer.allocUnsafe(8192);
let offset = POOL.length;
const HEX = Buffer.from('0123456789abcdef', 'latin1');
const SCRATCH = Buffer.allocUnsafe(256);

/**
 * Identifiers shaped like the ones in the docs (`svr_a1b2c3`, `psn_abc123`), with more entropy. The prefix and the
 * hex digits are written into one scratch buffer and decoded once, so the id is a single flat string: `prefix_` +
 * hex concatenation made two-part strings that V8 flattens into a third copy the first time the id is a Map key,
 * and every stored row keeps two or three ids.
 */
export function newId(prefix: string, hexChars = 12): string {
  if (prefix.length + 1 + hexChars > SCRATCH.length) throw new RangeError('id too long');
  const bytes = Math.ceil(hexChars / 2);
  if (offset + bytes > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  let at = 0;
  for (; at < prefix.length; at++) SCRATCH[at] = prefix.charCodeAt(at); // ASCII prefixes, no native call
  SCRATCH[at++] = 0x5f; // '_'
  for (let i = 0; i < hexChars; i++) {
    const byte = POOL[offset + (i >> 1)]!;
    SCRATCH[at++] = HEX[i & 1 ? byte & 15 : byte >> 4]!;
  }
  offset += bytes;
  return SCRATCH.toString('latin1', 0, at);
}

/** How many ids `freshId` tries before it gives up: only a collection that holds nearly every id could use them up. */
export const FRESH_ID_ATTEMPTS = 1000;

/**
 * A new id under which `collection` holds nothing yet. Ids are random, so two could come out alike: 48 bits make
 * that about a 1 in 250 chance by the 1.5 million people of one create benchmark run, and the second record would
 * silently replace the first (its index entry pointing at someone else). One lookup per id rules that out.
 */
export function freshId(store: Store, collection: Collection, prefix: string, hexChars?: number): string {
  for (let attempt = 0; attempt < FRESH_ID_ATTEMPTS; attempt++) {
    const id = newId(prefix, hexChars);
    if (store.get(collection, id) === undefined) return id;
  }
  throw new Error(`no free ${prefix}_ id left in ${collection} after ${FRESH_ID_ATTEMPTS} attempts`);
}

/** `wde_` + 16 lowercase hex, the documented webhook event id shape. */
export const newEventId = () => newId('wde', 16);

export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'class';
}
