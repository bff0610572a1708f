// JSON pointers (RFC 6901) as the document uses them: `#/paths/~1v1~1spvs/get` <-> ['paths', '/v1/spvs', 'get'].

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * `#/a/b~1c` -> ['a', 'b/c']; `#` and `#/` are the document itself. The `#` form is a URI fragment, so its
 * percent-escapes (`%7BspvSlug%7D`, as some bundlers write `$ref`s to paths) are decoded first (RFC 6901 section 6).
 */
export function parsePointer(pointer: string): string[] {
  const fragment = pointer.startsWith('#');
  const body = fragment ? pointer.slice(1) : pointer;
  if (body === '' || body === '/') return [];
  const segments = body.replace(/^\//, '').split('/');
  return segments.map((segment) =>
    unescapePointer(fragment && segment.includes('%') ? percentDecoded(segment) : segment),
  );
}

/** A segment with its percent-escapes decoded; one with a stray `%` is kept as written. */
function percentDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** ['a', 'b/c'] -> `#/a/b~1c`. */
export function formatPointer(segments: readonly string[]): string {
  return segments.length === 0 ? '#' : `#/${segments.map(escapePointer).join('/')}`;
}

/** The value at `segments` inside `root`, or undefined when any step is missing. */
export function getAt(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isObject(current)) current = Object.hasOwn(current, segment) ? current[segment] : undefined;
    else return undefined;
  }
  return current;
}
