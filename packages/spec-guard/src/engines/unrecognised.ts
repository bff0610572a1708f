import { isObject, locateOperations, type OperationLocation } from '@zestequity/spec-model';
import {
  type Doc,
  docRuleFor,
  isDataKey,
  isFreePath,
  NAME_MAPS,
  pathParamNames,
  resolve,
  setOwn,
} from '../document.js';
import type { Draft } from '../draft.js';
import { getRule } from '../rules.js';

/** Read by the policy engine, so not "unexplained" when they change. */
const RULED_KEYS = new Set(['operationId', 'security', 'deprecated', 'x-zest-idempotency', 'x-zest-emits']);
/** Lists of scalars whose order means nothing: compared as sets, and reported as one place when they differ. */
const SCALAR_SETS = new Set(['required', 'enum', 'type']);
/** Lists of schemas whose order means nothing: members are paired by content, then by `$ref` target, then by order. */
const SCHEMA_SETS = new Set(['oneOf', 'anyOf', 'allOf']);
const SEP = '\u0000';
/**
 * Keywords whose empty value (`{}`, `[]`) says the same as leaving them out: a schema or a map that constrains
 * nothing. Any other key present on one side only is a difference even when empty (`not: {}` accepts nothing).
 */
const VACUOUS_WHEN_EMPTY = new Set([
  'schema',
  'items',
  'additionalProperties',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'properties',
  'patternProperties',
  'dependentSchemas',
  'dependentRequired',
  'headers',
  'content',
  'encoding',
  'examples',
  'variables',
  'parameters',
  'callbacks',
  'mapping',
]);
/** Schemas kept for `$ref`s to reach: what they say counts where a `$ref` leads to them, which is inlined. */
const DEFINITIONS = new Set(['$defs', 'definitions']);

/**
 * Fail closed, place by place. Each operation and webhook present on both sides is normalised (documentation
 * stripped, every `$ref` inlined, order-insensitive lists compared as sets), and every place where the two versions
 * differ must lie at or under the location of a finding another rule reported for that operation (documentation and
 * generated-code findings aside, and findings about the operation as a whole, which explain nothing in particular).
 * Each place no finding explains gets SG040, so a compatible change in an operation cannot hide a breaking one.
 */
export function unrecognisedFindings(base: Doc, head: Doc, pathMatch: Map<string, string>, drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  const explanations = explanationsByOperation(drafts);
  const check = (b: OperationLocation, h: OperationLocation) => {
    const before = normaliseOperation(base, b);
    const after = normaliseOperation(head, h);
    if (canon(before.value, '') === canon(after.value, '')) return;
    const covering = [...(explanations.get(h.key) ?? []), ...(explanations.get('') ?? [])].filter(
      (c) => !isPrefix(c.segments, c.side === 'head' ? h.segments : b.segments),
    );
    for (const place of unexplainedPlaces(before, after, covering)) {
      const draft: Draft = {
        rule: 'SG040',
        message: `changed at \`${place.path.join('.') || '(operation)'}\` in a way no spec-guard rule classifies; review it and record an exception if it is safe`,
        operation: h.key,
        segments: place.segments,
        side: place.side,
        engine: 'policy',
      };
      if (h.kind === 'path' && isFreePath(h.name)) draft.free = true;
      out.push(draft);
    }
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

interface Explanation {
  side: 'base' | 'head';
  segments: string[];
}

/**
 * Where the findings that can explain a difference are, per operation (`''` for findings about no operation, such as
 * a changed security scheme). Generated-code findings explain nothing on the wire.
 */
function explanationsByOperation(drafts: Draft[]): Map<string, Explanation[]> {
  const out = new Map<string, Explanation[]>();
  for (const draft of drafts) {
    // The documentation engine's findings are about keys left out of the comparison anyway; a documentation-only
    // verdict another engine gives a value it compared (an upload limit stated for the first time) explains it.
    if (draft.engine === 'docs' || getRule(draft.rule).kind === 'codegen' || draft.segments.length < 3) continue;
    const key = draft.operation ?? '';
    const list = out.get(key) ?? [];
    list.push({ side: draft.side, segments: draft.segments });
    for (const segments of draft.covers ?? []) list.push({ side: draft.side, segments });
    out.set(key, list);
  }
  return out;
}

/** An operation in comparable form, and where in the document each of its places was written. */
interface Normalised {
  value: unknown;
  /**
   * Normalised path (joined with SEP) -> the pointers it was written at: the place itself and, for a `$ref`, the
   * target it leads to (a finding may be reported at either).
   */
  origins: Map<string, string[][]>;
}

function normaliseOperation(doc: Doc, op: OperationLocation): Normalised {
  const origins = new Map<string, string[][]>();
  const names = op.kind === 'path' ? pathParamNames(op.name) : [];
  const params = new Map<string, { raw: unknown; at: string[] }>();
  const add = (list: unknown[], at: string[]) =>
    list.forEach((raw, i) => {
      const p = resolve(doc, raw, [...at, String(i)]).node;
      if (!isObject(p)) return;
      // Path parameters are positional on the wire; their names are SG019's business.
      // Header names are case-insensitive; query and cookie names are not.
      const name = p.in === 'header' ? String(p.name).toLowerCase() : String(p.name);
      const id = p.in === 'path' ? `path:{${names.indexOf(String(p.name))}}` : `${String(p.in)}:${name}`;
      params.set(id, { raw, at: [...at, String(i)] });
    });
  add(op.pathParameters, op.pathParameterSegments);
  if (Array.isArray(op.node.parameters)) add(op.node.parameters, [...op.segments, 'parameters']);
  // The operation's `servers` are compared by servers.ts, as the URLs they stand for.
  const { parameters: _parameters, servers: _servers, ...rest } = op.node;
  const normal = normalise(doc, rest, op.segments, [], false, [], origins) as Record<string, unknown>;
  if (params.size > 0) {
    const list: Record<string, unknown> = {};
    origins.set('parameters', [[...op.segments, 'parameters']]);
    for (const [id, { raw, at }] of params) {
      const p = normalise(doc, raw, at, ['parameters', id], false, [], origins);
      setOwn(list, id, isObject(p) && p.in === 'path' ? { ...p, name: id.slice('path:'.length) } : p);
    }
    normal.parameters = list;
  }
  return { value: normal, origins };
}

function normalise(
  doc: Doc,
  node: unknown,
  at: string[],
  path: string[],
  names: boolean,
  stack: string[],
  origins: Map<string, string[][]>,
): unknown {
  const key = path.join(SEP);
  origins.set(key, [...(origins.get(key) ?? []), at]);
  if (Array.isArray(node))
    return node.map((item, i) => normalise(doc, item, [...at, String(i)], [...path, String(i)], false, stack, origins));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') {
    const target = resolve(doc, node, at);
    const ref = target.segments.join('/');
    if (stack.includes(ref)) return { $cycle: ref };
    return normalise(doc, target.node, target.segments, path, names, [...stack, ref], origins);
  }
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(node)) {
    if (!names && (docRuleFor(k) || RULED_KEYS.has(k) || DEFINITIONS.has(k))) continue;
    // A constant, an enum or a default is a value: a `$ref` key inside one is data, not a reference to follow.
    if (!names && isDataKey(k)) {
      setOwn(out, k, value);
      continue;
    }
    const childNames = !names && NAME_MAPS.has(k) && isObject(value);
    setOwn(out, k, normalise(doc, value, [...at, k], [...path, k], childNames, stack, origins));
  }
  return out;
}

/** A stable text for a normalised value, with the lists whose order means nothing sorted. */
function canon(value: unknown, key: string): string {
  if (Array.isArray(value)) {
    const items = value.map((item) => canon(item, ''));
    if (SCALAR_SETS.has(key) || SCHEMA_SETS.has(key)) items.sort();
    return `[${items.join(',')}]`;
  }
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon(value[k], k)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** One place that differs: its normalised path on each side, and on which sides it exists. */
interface Difference {
  bPath: string[];
  hPath: string[];
  inBase: boolean;
  inHead: boolean;
  /** An entry of `required`: named in the message by the list, explained at the list or at the property. */
  required?: { bList: string[]; hList: string[]; label: string[] };
}

interface Place {
  path: string[];
  segments: string[];
  side: 'base' | 'head';
}

/** The places where the two versions differ that no finding explains, each reported once at its outermost point. */
function unexplainedPlaces(before: Normalised, after: Normalised, covering: Explanation[]): Place[] {
  const diffs: Difference[] = [];
  new Differ(before.origins, after.origins, diffs).compare(before.value, [], after.value, [], '');
  const places = new Map<string, Place>();
  for (const diff of diffs) {
    if (isExplained(diff, before.origins, after.origins, covering)) continue;
    // A subtree that exists on one side only is one place, not one per leaf.
    const side = diff.inHead ? 'head' : 'base';
    const origins = side === 'head' ? after.origins : before.origins;
    let path = side === 'head' ? diff.hPath : diff.bPath;
    const other = side === 'head' ? before.origins : after.origins;
    if (!(diff.inBase && diff.inHead)) {
      while (path.length > 1 && !other.has(path.slice(0, -1).join(SEP))) path = path.slice(0, -1);
    }
    const key = `${side}${SEP}${path.join(SEP)}`;
    const segments = chainOf(origins, path).at(-1)?.[0] ?? [];
    if (!places.has(key)) places.set(key, { path: diff.required?.label ?? path, segments, side });
  }
  return [...places.values()];
}

/**
 * Explained by a finding at a place the difference was reached through (a `$ref` jumps from the operation into a
 * component, so every step counts), or inside the place that differs. An entry of `required` is also explained at
 * the `required` list itself.
 */
function isExplained(
  diff: Difference,
  bOrigins: Map<string, string[][]>,
  hOrigins: Map<string, string[][]>,
  covering: Explanation[],
): boolean {
  const chains = (origins: Map<string, string[][]>, path: string[], list?: string[]) => [
    chainOf(origins, path),
    ...(list ? [chainOf(origins, list)] : []),
  ];
  const bChains = chains(bOrigins, diff.bPath, diff.required?.bList);
  const hChains = chains(hOrigins, diff.hPath, diff.required?.hList);
  return covering.some((c) =>
    (c.side === 'head' ? hChains : bChains).some(
      (chain) =>
        chain.some((step) => step.some((origin) => isPrefix(c.segments, origin))) ||
        (chain.at(-1) ?? []).some((origin) => isPrefix(origin, c.segments)),
    ),
  );
}

/**
 * The pointers a normalised path passes through, step by step from the operation down to the path itself. A step
 * missing on this side extends the deepest step before it.
 */
function chainOf(origins: Map<string, string[][]>, path: string[]): string[][][] {
  const out: string[][][] = [];
  let last: string[] = [];
  let lastAt = 0;
  for (let n = 0; n <= path.length; n++) {
    const found = origins.get(path.slice(0, n).join(SEP));
    if (found && found.length > 0) {
      last = found[found.length - 1] ?? [];
      lastAt = n;
      out.push(found);
    } else out.push([[...last, ...path.slice(lastAt, n)]]);
  }
  return out;
}

/** Walks two normalised operations side by side and records each place where they differ. */
class Differ {
  constructor(
    private readonly bOrigins: Map<string, string[][]>,
    private readonly hOrigins: Map<string, string[][]>,
    private readonly out: Difference[],
  ) {}

  compare(a: unknown, aPath: string[], b: unknown, bPath: string[], key: string): void {
    if (canon(a, key) === canon(b, key)) return;
    if (key === 'required' && (Array.isArray(a) || Array.isArray(b))) {
      this.required(a, aPath, b, bPath);
      return;
    }
    const leaf = (): void => {
      this.out.push({ bPath: aPath, hPath: bPath, inBase: a !== undefined, inHead: b !== undefined });
    };
    // Something on one side only that holds nothing (`not: {}`, a `'204': {description}` response, an empty list
    // member) is one place, unless an empty value there means the same as none.
    if (!VACUOUS_WHEN_EMPTY.has(key) && (a === undefined || b === undefined) && isEmpty(a ?? b)) {
      leaf();
      return;
    }
    if (isObject(a) || isObject(b)) {
      if ((a !== undefined && !isObject(a)) || (b !== undefined && !isObject(b))) {
        leaf();
        return;
      }
      if (this.union(a, aPath, b, bPath)) return;
      const ao = (a ?? {}) as Record<string, unknown>;
      const bo = (b ?? {}) as Record<string, unknown>;
      // The entries of a map of names (statuses, media types, properties) are compared as entries, not keywords.
      const named = NAME_MAPS.has(key);
      for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
        const av = Object.hasOwn(ao, k) ? ao[k] : undefined;
        const bv = Object.hasOwn(bo, k) ? bo[k] : undefined;
        this.compare(av, [...aPath, k], bv, [...bPath, k], named ? '' : k);
      }
      return;
    }
    if ((Array.isArray(a) || Array.isArray(b)) && !SCALAR_SETS.has(key)) {
      if ((a !== undefined && !Array.isArray(a)) || (b !== undefined && !Array.isArray(b))) {
        leaf();
        return;
      }
      const al = (a ?? []) as unknown[];
      const bl = (b ?? []) as unknown[];
      for (const [i, j] of SCHEMA_SETS.has(key) ? pairMembers(al, bl) : pairByIndex(al, bl)) {
        this.compare(
          i === -1 ? undefined : al[i],
          [...aPath, String(i === -1 ? j : i)],
          j === -1 ? undefined : bl[j],
          [...bPath, String(j === -1 ? i : j)],
          '',
        );
      }
      return;
    }
    leaf();
  }

  /**
   * Required names that differ, each as a place of its own at the property it names: whether a property is
   * required is reported by the rules at that property (became required or optional, removed, added).
   */
  private required(a: unknown, aPath: string[], b: unknown, bPath: string[]): void {
    const names = (list: unknown) => new Set(Array.isArray(list) ? list.map(String) : []);
    const before = names(a);
    const after = names(b);
    const at = (path: string[], name: string) => [...path.slice(0, -1), 'properties', name];
    for (const name of new Set([...before, ...after])) {
      if (before.has(name) === after.has(name)) continue;
      this.out.push({
        bPath: at(aPath, name),
        hPath: at(bPath, name),
        inBase: before.has(name),
        inHead: after.has(name),
        required: { bList: aPath, hList: bPath, label: [...(after.has(name) ? bPath : aPath), name] },
      });
    }
  }

  /**
   * A schema that became a `oneOf`/`anyOf` with that schema among its members (or a union that became one of its
   * members): the member written at the same place as the old schema is compared with it, the others are added
   * (or removed). Returns false when the change is not of that shape.
   */
  private union(a: unknown, aPath: string[], b: unknown, bPath: string[]): boolean {
    if (!isObject(a) || !isObject(b)) return false;
    const unionKey = (o: Record<string, unknown>) =>
      Object.keys(o).length === 1 ? (['oneOf', 'anyOf'] as const).find((k) => Array.isArray(o[k])) : undefined;
    const aKey = unionKey(a);
    const bKey = unionKey(b);
    if ((aKey === undefined) === (bKey === undefined)) return false;
    const [plain, plainPath, plainOrigins, union, unionPath, unionOrigins, kw] = aKey
      ? [b, bPath, this.hOrigins, a, aPath, this.bOrigins, aKey]
      : [a, aPath, this.bOrigins, b, bPath, this.hOrigins, bKey as 'oneOf' | 'anyOf'];
    const members = union[kw] as unknown[];
    const written = new Set((plainOrigins.get(plainPath.join(SEP)) ?? []).map((o) => o.join('/')));
    const text = canon(plain, '');
    const match = members.findIndex(
      (m, i) =>
        canon(m, '') === text ||
        (unionOrigins.get([...unionPath, kw, String(i)].join(SEP)) ?? []).some((o) => written.has(o.join('/'))),
    );
    if (match === -1) return false;
    members.forEach((member, i) => {
      const memberPath = [...unionPath, kw, String(i)];
      const other = i === match ? plain : undefined;
      const otherPath = i === match ? plainPath : memberPath;
      if (aKey) this.compare(member, memberPath, other, otherPath, '');
      else this.compare(other, otherPath, member, memberPath, '');
    });
    return true;
  }
}

function isEmpty(value: unknown): boolean {
  return (isObject(value) && Object.keys(value).length === 0) || (Array.isArray(value) && value.length === 0);
}

function pairByIndex(a: unknown[], b: unknown[]): Array<[number, number]> {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [i < a.length ? i : -1, i < b.length ? i : -1]);
}

/**
 * Members of `oneOf`/`anyOf`/`allOf` paired for comparison: identical ones first (so reordering is no change),
 * then the rest in order. A member without a partner is paired with -1 (added or removed).
 */
function pairMembers(a: unknown[], b: unknown[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const aLeft = a.map((_, i) => i);
  const bLeft = b.map((_, j) => j);
  const aText = a.map((item) => canon(item, ''));
  const bText = b.map((item) => canon(item, ''));
  for (const i of [...aLeft]) {
    const j = bLeft.find((k) => bText[k] === aText[i]);
    if (j === undefined) continue;
    aLeft.splice(aLeft.indexOf(i), 1);
    bLeft.splice(bLeft.indexOf(j), 1);
  }
  for (let n = 0; n < Math.max(aLeft.length, bLeft.length); n++) out.push([aLeft[n] ?? -1, bLeft[n] ?? -1]);
  return out;
}

function isPrefix(prefix: readonly string[], segments: readonly string[]): boolean {
  return prefix.length <= segments.length && prefix.every((s, i) => s === segments[i]);
}
