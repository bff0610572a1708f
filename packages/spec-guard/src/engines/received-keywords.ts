import { isObject } from '@zestequity/spec-model';
import { isEmptySchema } from '../canonical-rules.js';

// More of a received value's schema, for ReceivedSchemaComparer (webhook payloads, response headers): the keywords
// that only ever narrow what is sent when added, the keys `patternProperties` and `additionalProperties` judge, the
// positions of `prefixItems`, and the discriminator receivers dispatch on.

/** What the comparer offers these helpers: a finding, and a comparison of two subschemas (recursing). */
export interface Receiver {
  add(rule: string, message: string, segments: string[]): void;
  compare(b: unknown, bAt: string[], h: unknown, hAt: string[], label: string): void;
}

interface Side {
  node: Record<string, unknown>;
  segments: string[];
}

/**
 * Keywords that hold *as well as* the rest of the schema, so adding one sends a subset (SG059) and removing one may
 * send more (SG035). One that changed is left to the fail-closed engine: whether a new `not` or `if` allows more than
 * the old one is not decided here.
 */
const ASSERTIONS = [
  'not',
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
  'if',
  'then',
  'else',
  'contains',
  'unevaluatedProperties',
  'unevaluatedItems',
];

export function compareAssertions(r: Receiver, b: Side, h: Side, name: string): void {
  for (const key of ASSERTIONS) {
    const bv = b.node[key];
    const hv = h.node[key];
    if (bv === undefined && hv !== undefined)
      r.add('SG059', `${name} now also satisfies \`${key}\``, [...h.segments, key]);
    else if (bv !== undefined && hv === undefined)
      r.add('SG035', `${name} no longer has to satisfy \`${key}\``, h.segments);
  }
  // An object closed to the properties it does not name sends a subset; opened again, it may send more.
  const open = (v: unknown) => v === undefined || v === true || isEmptySchema(v);
  const [bAdd, hAdd] = [b.node.additionalProperties, h.node.additionalProperties];
  if (open(bAdd) && hAdd === false)
    r.add('SG059', `${name} no longer sends properties it does not name`, [...h.segments, 'additionalProperties']);
  // A typed map where any value went: the properties it does not name are sent only as the new schema says.
  else if (open(bAdd) && isObject(hAdd) && !open(hAdd))
    r.add('SG059', `${name} sends the properties it does not name only as \`additionalProperties\` now describes`, [
      ...h.segments,
      'additionalProperties',
    ]);
  else if (bAdd === false && open(hAdd)) r.add('SG035', `${name} may now send properties it does not name`, h.segments);
}

/** The schema that judged a property name before it was declared, if `additionalProperties` held one. */
export function formerlyAdditional(b: Side, name: string): { node: unknown; segments: string[] } | undefined {
  const governing = b.node.additionalProperties;
  if (!isObject(governing) || isEmptySchema(governing)) return undefined;
  const patterns = isObject(b.node.patternProperties) ? Object.keys(b.node.patternProperties) : [];
  const matched = patterns.some((pattern) => {
    try {
      return new RegExp(pattern, 'u').test(name);
    } catch {
      return false;
    }
  });
  return matched ? undefined : { node: governing, segments: [...b.segments, 'additionalProperties'] };
}

/**
 * `patternProperties`, pattern by pattern. A pattern on both sides compares its schemas. A new pattern takes its keys
 * from `additionalProperties`: keys a closed object never sent may now come (SG058, like new properties), keys an
 * open object sent with any value are now restricted (SG059), keys a typed map sent are compared with the map's
 * schema. A pattern gone gives its keys back to `additionalProperties` the other way round.
 */
export function comparePatterns(r: Receiver, b: Side, h: Side, label: string): void {
  const patterns = (s: Side) => (isObject(s.node.patternProperties) ? s.node.patternProperties : {});
  const bp = patterns(b);
  const hp = patterns(h);
  const where = (pattern: string) => `${label === '' ? '' : `${label} `}keys matching \`${pattern}\``;
  const typedMap = (s: Side) => {
    const value = s.node.additionalProperties;
    return isObject(value) && !isEmptySchema(value) ? value : undefined;
  };
  for (const [pattern, schema] of Object.entries(hp)) {
    const at = [...h.segments, 'patternProperties', pattern];
    if (Object.hasOwn(bp, pattern)) {
      r.compare(bp[pattern], [...b.segments, 'patternProperties', pattern], schema, at, where(pattern));
    } else if (b.node.additionalProperties === false) {
      r.add('SG058', `${where(pattern)} may now be sent`, at);
    } else if (typedMap(b)) {
      r.compare(typedMap(b), [...b.segments, 'additionalProperties'], schema, at, where(pattern));
    } else {
      r.add('SG059', `${where(pattern)} are now restricted`, at);
    }
  }
  for (const [pattern, schema] of Object.entries(bp)) {
    if (Object.hasOwn(hp, pattern)) continue;
    const bAt = [...b.segments, 'patternProperties', pattern];
    if (h.node.additionalProperties === false) r.add('SG059', `${where(pattern)} are no longer sent`, h.segments);
    else if (typedMap(h)) r.compare(schema, bAt, typedMap(h), [...h.segments, 'additionalProperties'], where(pattern));
    else r.add('SG035', `${where(pattern)} are no longer restricted`, h.segments);
  }
}

/**
 * `prefixItems`, position by position: a position without a prefix schema is judged by `items` (or by nothing), so
 * each position is compared with whatever judged it on the other side.
 */
export function comparePrefixItems(r: Receiver, b: Side, h: Side, label: string): void {
  const list = (s: Side) => (Array.isArray(s.node.prefixItems) ? s.node.prefixItems : []);
  const bl = list(b);
  const hl = list(h);
  const at = (s: Side, items: unknown[], i: number) =>
    i < items.length
      ? { node: items[i], segments: [...s.segments, 'prefixItems', String(i)] }
      : { node: s.node.items ?? {}, segments: [...s.segments, 'items'] };
  for (let i = 0; i < Math.max(bl.length, hl.length); i++) {
    const before = at(b, bl, i);
    const after = at(h, hl, i);
    r.compare(before.node, before.segments, after.node, after.segments, `${label}[${i}]`);
  }
}

/**
 * The discriminator receivers dispatch on. Stated for the first time, it tells them what was already true (SG059);
 * gone, renamed, or a value mapped elsewhere, new or no longer mapped, their dispatch no longer matches (SG034).
 */
export function compareDiscriminator(r: Receiver, b: Side, h: Side, name: string): void {
  const bd = b.node.discriminator;
  const hd = h.node.discriminator;
  if (!isObject(bd) && !isObject(hd)) return;
  const at = [...h.segments, 'discriminator'];
  if (!isObject(bd)) {
    r.add(
      'SG059',
      `${name} now states its discriminator \`${String((hd as Record<string, unknown>).propertyName)}\``,
      at,
    );
    return;
  }
  if (!isObject(hd)) {
    r.add('SG034', `${name} no longer states its discriminator \`${String(bd.propertyName)}\``, h.segments);
    return;
  }
  if (bd.propertyName !== hd.propertyName) {
    r.add(
      'SG034',
      `${name} is told apart by \`${String(hd.propertyName)}\` instead of \`${String(bd.propertyName)}\``,
      [...at, 'propertyName'],
    );
  }
  const bm = isObject(bd.mapping) ? bd.mapping : {};
  const hm = isObject(hd.mapping) ? hd.mapping : {};
  for (const key of new Set([...Object.keys(bm), ...Object.keys(hm)])) {
    const was = Object.hasOwn(bm, key) ? bm[key] : undefined;
    const now = Object.hasOwn(hm, key) ? hm[key] : undefined;
    if (was === now) continue;
    if (now === undefined && memberGone(h.node, hm, was)) {
      r.add('SG059', `${name}: discriminator value \`${key}\` is no longer sent (its member left the union)`, [
        ...at,
        'mapping',
      ]);
      continue;
    }
    const what =
      now === undefined
        ? 'is no longer mapped'
        : was === undefined
          ? `is a new value (mapped to \`${String(now)}\`)`
          : `now maps to \`${String(now)}\` instead of \`${String(was)}\``;
    r.add('SG034', `${name}: discriminator value \`${key}\` ${what}`, [...at, 'mapping']);
  }
}

/**
 * Whether the member a deleted mapping key named left the union with it: the head is still a `oneOf`/`anyOf` and
 * neither a member nor another key refers to it. (A union that collapsed to one member is not read this way.)
 */
function memberGone(union: Record<string, unknown>, mapping: Record<string, unknown>, target: unknown): boolean {
  if (typeof target !== 'string') return false;
  const members = Array.isArray(union.oneOf) ? union.oneOf : Array.isArray(union.anyOf) ? union.anyOf : undefined;
  if (!members) return false;
  const refs = members.map((member) => (isObject(member) ? member.$ref : undefined));
  return !refs.includes(target) && !Object.values(mapping).includes(target);
}
