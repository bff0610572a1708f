import { randomFillSync } from 'node:crypto';

// Random hex comes from a pooled buffer refilled 8 KiB at a time: one CSPRNG call per ~1000 ids instead of one per
// id (bulk creates mint hundreds of ids per request).
const POOL = Buffer.allocUnsafe(8192);
let offset = POOL.length;

function randomHex(chars: number): string {
  const bytes = Math.ceil(chars / 2);
  if (offset + bytes > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const hex = POOL.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex.length === chars ? hex : hex.slice(0, chars);
}

/** Identifiers shaped like the ones in the docs (`svr_a1b2c3`, `psn_abc123`), with more entropy. */
export function newId(prefix: string, hexChars = 12): string {
  return `${prefix}_${randomHex(hexChars)}`;
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
