import { SpecModelError } from './errors.js';
import { formatPointer, getAt, isObject, parsePointer } from './pointer.js';

export interface Located<T = unknown> {
  /** The node reached: the end of the `$ref` chain, with the siblings of each `$ref` laid over it. */
  node: T;
  /** Where that node lives in the document (the last `$ref` target, or where it was written inline). */
  segments: string[];
}

/** A chain of bare `$ref`s this long has no meaning; it is treated as a loop. */
const MAX_HOPS = 64;

/**
 * Follows local `$ref`s from `node` (found at `segments`). OpenAPI 3.1 lets a reference carry `summary` and
 * `description` beside it; those siblings are laid over the target, so a local description wins as it does in every
 * renderer. Strict mode throws on a non-local, unresolvable or circular reference; lenient mode stops there and
 * returns the reference itself (linters read documents that may be broken).
 */
export function locate<T = unknown>(
  doc: unknown,
  node: unknown,
  segments: readonly string[],
  strict = true,
): Located<T> {
  let current = node;
  let at = [...segments];
  let overlay: Record<string, unknown> | undefined;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    const fail = (why: string): Located<T> => {
      if (strict) throw new SpecModelError(`${why} $ref ${ref}`, formatPointer(at));
      return { node: current as T, segments: at };
    };
    if (!ref.startsWith('#')) return fail('non-local');
    if (seen.has(ref) || seen.size >= MAX_HOPS) return fail('circular');
    seen.add(ref);
    const { $ref: _ref, ...siblings } = current;
    const target = getAt(doc, parsePointer(ref));
    if (target === undefined) return fail('unresolvable');
    if (Object.keys(siblings).length > 0) overlay = { ...siblings, ...overlay };
    at = parsePointer(ref);
    current = target;
  }
  if (overlay && isObject(current)) current = { ...current, ...overlay };
  return { node: current as T, segments: at };
}

/** Follows local `$ref`s (strictly) and returns the node reached; anything that is not a reference comes back as is. */
export function resolveRef<T = unknown>(doc: unknown, node: unknown): T {
  return locate<T>(doc, node, []).node;
}
