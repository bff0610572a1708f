import { IDEMPOTENT_OPERATIONS } from './generated/spec-facts.js';

export type IdempotencyMode = 'required' | 'optional';

const MODES: Record<string, IdempotencyMode | undefined> = IDEMPOTENT_OPERATIONS;

/** `required` / `optional` when the spec lets `METHOD path` carry an Idempotency-Key; undefined otherwise. */
export function idempotencyModeOf(method: string, schemaPath: string): IdempotencyMode | undefined {
  return MODES[`${method === 'POST' ? method : method.toUpperCase()} ${schemaPath}`];
}

/**
 * Whether a request built by the SDK is one of the operations the spec lets carry an Idempotency-Key, judged from
 * its method and the URL path after the base URL's own path (a `{parameter}` segment matches any one segment). The
 * transport sees only the Request (a middleware may have replaced it), so the operation is recognised from its URL.
 */
export function isIdempotentRequest(method: string, url: string, basePath: string): boolean {
  let path = new URL(url).pathname;
  if (path.startsWith(basePath)) path = path.slice(basePath.length);
  const segments = path.split('/');
  return Object.keys(MODES).some((operation) => {
    const [verb, template] = operation.split(' ') as [string, string];
    const parts = template.split('/');
    return (
      verb === method && parts.length === segments.length && parts.every((p, i) => p[0] === '{' || p === segments[i])
    );
  });
}

/**
 * Whether `value` can serve as an Idempotency-Key: a string with something besides spaces and tabs. fetch strips a
 * header value's leading and trailing whitespace, so a blank key would reach the server empty, and the request would
 * be neither deduplicated nor safe to repeat.
 */
export function isUsableKey(value: unknown): value is string {
  return typeof value === 'string' && /[^\t ]/.test(value);
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
