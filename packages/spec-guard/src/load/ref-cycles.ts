import { formatPointer, getAt, isObject, parsePointer } from '@zestequity/spec-model';
import { type Doc, localRefs } from '../document.js';
import { toDotted } from '../pointer.js';

// Subschemas under these keywords apply to the same value as the schema that holds them. A loop made only of them
// and of `$ref`s never reaches a smaller value, so nothing (a validator, a generator, oasdiff) can expand it. A loop
// through `properties`, `items` and the like describes a recursive value (a tree, a linked list) and is fine.
const SAME_VALUE_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SAME_VALUE_SINGLE = ['not', 'if', 'then', 'else'];

interface Frame {
  key: string;
  next: string[][];
}

/**
 * The first `$ref` that cannot be resolved to a schema: one that points at the whole document, or a chain of
 * `$ref`s and same-value keywords that comes back to where it started (A -> B -> A, A -> A, A = allOf [A, ...]).
 * Returns a one-line explanation naming the pointers, or `undefined` when every reference resolves.
 */
export function unresolvableRef(doc: Doc): string | undefined {
  const state = new Map<string, 'open' | 'done'>();
  for (const at of refsIn(doc)) {
    const ref = (getAt(doc, at) as { $ref: string }).$ref;
    if (parsePointer(ref).length === 0) {
      return `$ref ${ref} at ${toDotted(at)} points at the whole document, not a schema`;
    }
    const loop = findLoop(doc, at, state);
    if (loop) return `$ref at ${toDotted(at)} loops without reaching a schema: ${loop.join(' -> ')}`;
  }
  return undefined;
}

/** Depth-first search over same-value edges, iterative so that deep documents cannot overflow the stack. */
function findLoop(doc: Doc, start: string[], state: Map<string, 'open' | 'done'>): string[] | undefined {
  const startKey = formatPointer(start);
  if (state.has(startKey)) return undefined;
  const stack: Frame[] = [{ key: startKey, next: sameValueEdges(doc, start) }];
  state.set(startKey, 'open');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const target = frame.next.pop();
    if (!target) {
      state.set(frame.key, 'done');
      stack.pop();
      continue;
    }
    const key = formatPointer(target);
    const seen = state.get(key);
    if (seen === 'open') {
      const from = stack.findIndex((f) => f.key === key);
      return [...stack.slice(from).map((f) => f.key), key];
    }
    if (seen === 'done' || getAt(doc, target) === undefined) continue;
    state.set(key, 'open');
    stack.push({ key, next: sameValueEdges(doc, target) });
  }
  return undefined;
}

function sameValueEdges(doc: Doc, at: string[]): string[][] {
  const node = getAt(doc, at);
  if (!isObject(node)) return [];
  const out: string[][] = [];
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) out.push(parsePointer(node.$ref));
  for (const keyword of SAME_VALUE_LISTS) {
    const list = node[keyword];
    if (Array.isArray(list)) for (let i = 0; i < list.length; i++) out.push([...at, keyword, String(i)]);
  }
  for (const keyword of SAME_VALUE_SINGLE) if (isObject(node[keyword])) out.push([...at, keyword]);
  return out;
}

/** Where every local `$ref` that is a reference sits (not data such as an example value). */
function refsIn(doc: Doc): string[][] {
  return localRefs(doc).map(({ at }) => at);
}
