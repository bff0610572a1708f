import { IDEMPOTENCY_HEADER, IDEMPOTENT_OPERATIONS } from './generated/spec-facts.js';

export type IdempotencyMode = 'required' | 'optional';

/** The Idempotency-Key header's name in lower case, as Headers and a record's case-blind comparison want it. */
export const IDEMPOTENCY_LOWER = IDEMPOTENCY_HEADER.toLowerCase();

/** Each operation that may carry a key, as its method, its path template and that path's segments: split once. */
const TEMPLATES = Object.entries(IDEMPOTENT_OPERATIONS as Record<string, IdempotencyMode>).map(([operation, mode]) => {
  const [verb, template] = operation.split(' ') as [string, string];
  return { verb, template, parts: template.split('/'), mode };
});

/**
 * Modes by method, then path template. Looked up on every POST: two Map lookups of the caller's strings (path
 * literals, whose hash V8 keeps) instead of joining `METHOD path` into a new string to hash each time.
 */
const MODES = new Map<string, Map<string, IdempotencyMode>>();
for (const { verb, template, mode } of TEMPLATES) {
  if (!MODES.has(verb)) MODES.set(verb, new Map());
  MODES.get(verb)!.set(template, mode);
}

/** `required` / `optional` when the spec lets `METHOD path` carry an Idempotency-Key; undefined otherwise. */
export function idempotencyModeOf(method: string, schemaPath: string): IdempotencyMode | undefined {
  return MODES.get(method === 'POST' ? method : method.toUpperCase())?.get(schemaPath);
}

/**
 * Whether a request built by the SDK is one of the operations the spec lets carry an Idempotency-Key, judged from
 * its method and the URL path after the base URL's own path (a `{parameter}` segment matches any one segment). The
 * transport sees only the Request (a middleware may have replaced it), so the operation is recognised from its URL.
 * Asked on every keyed POST, so it reads the path where it sits in the URL string (a Request's `url` is serialised,
 * so that is its `pathname`) without parsing a URL object or splitting the path: the two cost about 0.3 µs a call.
 */
export function isIdempotentRequest(method: string, url: string, basePath: string): boolean {
  const authority = url.indexOf('//');
  let start = url.indexOf('/', authority < 0 ? 0 : authority + 2);
  if (start < 0) return false;
  let end = url.length;
  const query = url.indexOf('?', start);
  if (query >= 0) end = query;
  const fragment = url.indexOf('#', start);
  if (fragment >= 0 && fragment < end) end = fragment;
  if (basePath !== '' && url.startsWith(basePath, start) && start + basePath.length <= end) start += basePath.length;
  for (const { verb, parts } of TEMPLATES) if (verb === method && matchesTemplate(parts, url, start, end)) return true;
  return false;
}

/** Whether `url` from `start` to `end` splits on `/` into as many segments as `parts`, each equal or a `{parameter}`. */
function matchesTemplate(parts: readonly string[], url: string, start: number, end: number): boolean {
  let at = start;
  for (let i = 0; i < parts.length; i++) {
    const slash = url.indexOf('/', at);
    const last = i === parts.length - 1;
    const segmentEnd = slash >= 0 && slash < end ? slash : end;
    if (last !== (segmentEnd === end)) return false;
    const part = parts[i]!;
    if (part[0] !== '{' && (segmentEnd - at !== part.length || !url.startsWith(part, at))) return false;
    at = segmentEnd + 1;
  }
  return true;
}

/**
 * Whether `value` can serve as an Idempotency-Key: a string with something besides spaces and tabs. fetch strips a
 * header value's leading and trailing whitespace, so a blank key would reach the server empty, and the request would
 * be neither deduplicated nor safe to repeat.
 */
export function isUsableKey(value: unknown): value is string {
  return typeof value === 'string' && /[^\t ]/.test(value);
}

/**
 * Where `call` puts the Idempotency-Key it generated, on the options it hands openapi-fetch; ReplayableRequest reads
 * it from the init it is built with. A symbol: openapi-fetch passes it on to the Request class, but does not copy it
 * onto the Request (it copies unknown string keys only), and no caller's option can collide with it.
 */
export const GENERATED_KEY = Symbol('zest.generatedIdempotencyKey');

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
