import { isObject, locateOperations, type OperationLocation } from '@zestequity/spec-model';
import { type Doc, docRuleFor, isFreePath, NAME_MAPS, pathParamNames, resolve, stableStringify } from '../document.js';
import type { Draft } from '../draft.js';

/** Read by the policy engine, so not "unexplained" when they change. */
const RULED_KEYS = new Set(['operationId', 'security', 'deprecated', 'x-zest-idempotency', 'x-zest-emits']);
const UNORDERED = new Set(['required', 'enum', 'type', 'oneOf', 'anyOf', 'allOf']);

/**
 * Fail closed: an operation or webhook whose behaviour-bearing content changed (documentation stripped, every
 * `$ref` inlined) while no rule said anything about it gets SG040, so nothing slips through unclassified.
 */
export function unrecognisedFindings(
  base: Doc,
  head: Doc,
  pathMatch: Map<string, string>,
  explained: Set<string>,
): Draft[] {
  const out: Draft[] = [];
  const check = (b: OperationLocation, h: OperationLocation) => {
    if (explained.has(h.key)) return;
    const before = normaliseOperation(base, b);
    const after = normaliseOperation(head, h);
    const where = firstDifference(before, after, []);
    if (!where) return;
    const draft: Draft = {
      rule: 'SG040',
      message: `changed at \`${where.join('.') || '(operation)'}\` in a way no spec-guard rule classifies; review it and record an exception if it is safe`,
      operation: h.key,
      segments: h.segments,
      side: 'head',
      engine: 'policy',
    };
    if (h.kind === 'path' && isFreePath(h.name)) draft.free = true;
    out.push(draft);
  };

  const headPathOps = new Map(locateOperations(head, 'path').map((op) => [`${op.method} ${op.name}`, op]));
  for (const b of locateOperations(base, 'path')) {
    const headPath = pathMatch.get(b.name);
    const h = headPath ? headPathOps.get(`${b.method} ${headPath}`) : undefined;
    if (h) check(b, h);
  }
  const headHooks = new Map(locateOperations(head, 'webhook').map((op) => [`${op.method} ${op.name}`, op]));
  for (const b of locateOperations(base, 'webhook')) {
    const h = headHooks.get(`${b.method} ${b.name}`);
    if (h) check(b, h);
  }
  return out;
}

function normaliseOperation(doc: Doc, op: OperationLocation): unknown {
  const params = new Map<string, unknown>();
  const add = (list: unknown[], at: string[]) =>
    list.forEach((raw, i) => {
      const p = resolve(doc, raw, [...at, String(i)]).node;
      if (isObject(p)) params.set(`${String(p.in)}:${String(p.name).toLowerCase()}`, raw);
    });
  add(op.pathParameters, op.pathParameterSegments);
  if (Array.isArray(op.node.parameters)) add(op.node.parameters, [...op.segments, 'parameters']);
  const merged = { ...op.node, parameters: [...params.values()] };
  const normal = normalise(doc, merged, false, []) as Record<string, unknown>;
  // Path parameters are positional on the wire; their names are SG019's business.
  const names = op.kind === 'path' ? pathParamNames(op.name) : [];
  if (Array.isArray(normal.parameters)) {
    normal.parameters = normal.parameters
      .map((p) => (isObject(p) && p.in === 'path' ? { ...p, name: `{${names.indexOf(String(p.name))}}` } : p))
      .sort((x, y) => stableStringify(x).localeCompare(stableStringify(y)));
    if ((normal.parameters as unknown[]).length === 0) delete normal.parameters;
  }
  return normal;
}

function normalise(doc: Doc, node: unknown, names: boolean, stack: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => normalise(doc, item, false, stack));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') {
    const target = resolve(doc, node, []);
    const key = target.segments.join('/');
    if (stack.includes(key)) return { $cycle: key };
    return normalise(doc, target.node, names, [...stack, key]);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!names && (docRuleFor(key) || RULED_KEYS.has(key))) continue;
    let inner = normalise(doc, value, !names && NAME_MAPS.has(key) && isObject(value), stack);
    if (!names && UNORDERED.has(key) && Array.isArray(inner)) {
      inner = [...inner].sort((x, y) => stableStringify(x).localeCompare(stableStringify(y)));
    }
    out[key] = inner;
  }
  return out;
}

function firstDifference(a: unknown, b: unknown, at: string[]): string[] | undefined {
  if (stableStringify(a) === stableStringify(b)) return undefined;
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      const found = firstDifference(a[key], b[key], [...at, key]);
      if (found) return found;
    }
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const found = firstDifference(a[i], b[i], [...at, String(i)]);
      if (found) return found;
    }
  }
  return at;
}
