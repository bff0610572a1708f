import { IDEMPOTENT_OPERATIONS } from './generated/spec-facts.js';

export type IdempotencyMode = 'required' | 'optional';

const MODES: Record<string, IdempotencyMode | undefined> = IDEMPOTENT_OPERATIONS;

/** `required` / `optional` when the spec lets `METHOD path` carry an Idempotency-Key; undefined otherwise. */
export function idempotencyModeOf(method: string, schemaPath: string): IdempotencyMode | undefined {
  return MODES[`${method === 'POST' ? method : method.toUpperCase()} ${schemaPath}`];
}

/** A random (version 4) UUID from Web Crypto, present in Node 20, browsers and edge runtimes. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  // randomUUID is missing in non-secure browser contexts; build the same thing from getRandomValues.
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
