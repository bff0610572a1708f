import { randomBytes } from 'node:crypto';

/** Identifiers shaped like the ones in the docs (`svr_a1b2c3`, `psn_abc123`, `wde_` + 16 hex), with more entropy. */
export function newId(prefix: string, hexChars = 12): string {
  return `${prefix}_${randomBytes(Math.ceil(hexChars / 2)).toString('hex').slice(0, hexChars)}`;
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
