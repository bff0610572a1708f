import { formatPointer, getAt, isObject, type OpenApiDocument, parsePointer } from '@zestequity/spec-model';

/** Keys whose values are data, not document structure: a `$ref` key inside them is not a reference. */
const LITERAL_KEYS = new Set(['example', 'const', 'default', 'enum', 'value']);

/**
 * Throws when a local `$ref` of the document leads nowhere: to a missing target, or round a loop of references
 * that never reaches a schema (`A` is `$ref: B`, `B` is `$ref: A`). A validator compiling such a schema recurses
 * until the stack overflows, which would surface mid-run as a failed check instead of as a broken spec. The walk
 * keeps its own stack, so a very deep document cannot overflow it either.
 */
export function checkLocalRefChains(doc: OpenApiDocument): void {
  const pending: Place[] = [{ node: doc }];
  while (pending.length > 0) {
    const place = pending.pop()!;
    const { node } = place;
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        pending.push({ node: item, key: String(index), parent: place });
      });
      continue;
    }
    if (!isObject(node)) continue;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) followChain(doc, node.$ref, place);
    for (const [key, value] of Object.entries(node)) {
      // A JSON Schema `examples` is a list of literal values; an OpenAPI `examples` is a map that may hold `$ref`s.
      if (LITERAL_KEYS.has(key) || (key === 'examples' && Array.isArray(value))) continue;
      pending.push({ node: value, key, parent: place });
    }
  }
}

/** A node and how it was reached; the pointer is only spelled out for an error, so deep documents stay cheap. */
interface Place {
  node: unknown;
  key?: string;
  parent?: Place;
}

function pointerOf(place: Place): string {
  const segments: string[] = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) segments.unshift(at.key);
  return formatPointer(segments);
}

function followChain(doc: OpenApiDocument, first: string, place: Place): void {
  const chain: string[] = [];
  let ref = first;
  for (;;) {
    if (chain.includes(ref)) {
      throw new Error(`${pointerOf(place)}: $ref loop that never reaches a schema: ${[...chain, ref].join(' -> ')}`);
    }
    chain.push(ref);
    const target = getAt(doc, parsePointer(ref));
    if (target === undefined) throw new Error(`${pointerOf(place)}: $ref ${ref} points at nothing in the document`);
    if (!isObject(target) || typeof target.$ref !== 'string' || !target.$ref.startsWith('#')) return;
    ref = target.$ref;
  }
}
