import { isObject } from '@zestequity/spec-model';
import { docRuleFor, setOwn, stableStringify } from './document.js';

// The smaller rewrites of canonical.ts, each exact (the written and the canonical form accept the same values, send
// the same bytes, or are read the same way by a client): keywords spelled at their default value, boolean schemas,
// bounds and types that two `allOf` members both state, unions whose members can never both match.

/** Schema keywords whose value here is what leaving them out means. */
const SCHEMA_DEFAULTS: Array<[string, unknown]> = [
  ['readOnly', false],
  ['writeOnly', false],
  ['deprecated', false],
  ['uniqueItems', false],
  ['minItems', 0],
  ['minLength', 0],
  ['minProperties', 0],
  ['minContains', 1],
];

/**
 * Drops keywords written at their default value. `keepAnnotations`: the documents use `unevaluatedProperties` or
 * `unevaluatedItems`, which see what `additionalProperties` evaluated, so `additionalProperties: true` stays.
 */
export function dropSchemaDefaults(node: Record<string, unknown>, keepAnnotations: boolean): void {
  for (const [key, value] of SCHEMA_DEFAULTS) if (node[key] === value) delete node[key];
  if (Array.isArray(node.required) && node.required.length === 0) delete node.required;
  // `additionalProperties: true` allows what an object allows anyway: it is the keyword left out. (An empty `items`
  // or `additionalProperties` stays: oasdiff compares it with a typed one, and has no check for one added.)
  if (!keepAnnotations && node.additionalProperties === true) delete node.additionalProperties;
  dropNoOps(node, keepAnnotations);
}

/**
 * Keywords that, as written, hold for every value: `dependentRequired` entries that require nothing,
 * `propertyNames: {}`, `multipleOf: 1` on an integer, a value repeated in `enum` or in `anyOf`. `if` without `then`
 * or `else`, and `contains` with `minContains: 0` (and no `maxContains`), decide nothing either, but they do evaluate
 * properties and items, which `unevaluated*` sees: with `keepAnnotations` they stay.
 */
function dropNoOps(node: Record<string, unknown>, keepAnnotations: boolean): void {
  const dependent = node.dependentRequired;
  if (isObject(dependent)) {
    for (const [key, names] of Object.entries(dependent)) {
      if (Array.isArray(names) && names.length === 0) delete dependent[key];
    }
    if (Object.keys(dependent).length === 0) delete node.dependentRequired;
  }
  if (node.propertyNames === true || isEmptySchema(node.propertyNames)) delete node.propertyNames;
  numberStepOfOne(node);
  const integerOnly = node.type === 'integer' || (Array.isArray(node.type) && node.type.every((t) => t === 'integer'));
  if (node.multipleOf === 1 && integerOnly) delete node.multipleOf;
  for (const keyword of ['enum', 'anyOf'] as const) {
    const list = node[keyword];
    if (Array.isArray(list)) node[keyword] = uniqueByMeaning(list);
  }
  if (keepAnnotations) return;
  if (node.if !== undefined && node.then === undefined && node.else === undefined) delete node.if;
  if (node.contains !== undefined && node.minContains === 0 && node.maxContains === undefined) {
    delete node.contains;
    delete node.minContains;
  }
}

/**
 * `type: number` with `multipleOf: 1` accepts the numbers without a fractional part: JSON Schema's `integer` (which
 * counts `1.0` as an integer too). `multipleOf` judges numbers only, so other types in a list are untouched.
 */
function numberStepOfOne(node: Record<string, unknown>): void {
  if (node.multipleOf !== 1) return;
  const types = typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type : undefined;
  if (!types?.includes('number')) return;
  const list = [...new Set(types.map((t) => (t === 'number' ? 'integer' : String(t))))];
  node.type = list.length === 1 ? list[0] : list;
  delete node.multipleOf;
}

/** The list with each value only at its first place (a value listed twice admits nothing more). */
function uniqueByMeaning(list: unknown[]): unknown[] {
  const seen = new Set<string>();
  return list.filter((value) => {
    const key = stableStringify(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `{}` or a schema holding only documentation: it accepts every value. */
export function isEmptySchema(value: unknown): boolean {
  return isObject(value) && Object.keys(value).every((k) => docRuleFor(k) !== undefined);
}

/** A boolean schema as the object schema that accepts the same values (`true`: anything, `false`: nothing). */
export function booleanSchema(value: boolean): Record<string, unknown> {
  return value ? {} : { not: {} };
}

/** Keywords whose boolean value the engines (and oasdiff) read as written: `additionalProperties: false` and kin. */
export const BOOLEAN_AS_WRITTEN = new Set(['additionalProperties', 'unevaluatedProperties']);

const STYLE_BY_LOCATION: Record<string, string> = { query: 'form', cookie: 'form', path: 'simple', header: 'simple' };

/**
 * A parameter or header object without the fields written at their default: `required: false` (not for a path
 * parameter, which must be required), `deprecated`, `allowEmptyValue` and `allowReserved` false, the default `style`
 * of its location and the `explode` that style implies (true for `form` only). `scalar`: the value is a string,
 * number, integer or boolean (`scalarSchema`), which every style serialises the same whether exploded or not, so
 * `explode` is left out whatever it says.
 */
export function dropParameterDefaults(
  node: Record<string, unknown>,
  location: string | undefined,
  scalar = false,
): void {
  if (node.required === false && location !== 'path') delete node.required;
  for (const key of ['deprecated', 'allowEmptyValue', 'allowReserved']) if (node[key] === false) delete node[key];
  if (scalar && typeof node.explode === 'boolean') delete node.explode;
  const defaultStyle = location === undefined ? 'simple' : STYLE_BY_LOCATION[location];
  if (defaultStyle === undefined) return;
  if (node.style === defaultStyle) delete node.style;
  const style = typeof node.style === 'string' ? node.style : defaultStyle;
  if (node.explode === (style === 'form')) delete node.explode;
}

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/**
 * Whether a (resolved) schema only admits primitive values: its `type` (or list of types) names no `array` or
 * `object`, or, untyped, its `enum` / `const` lists only primitives. An untyped schema without values may be an
 * array or an object, so it is not scalar.
 */
export function scalarSchema(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  const { type } = schema;
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  if (types.length > 0) return types.every((t) => typeof t === 'string' && SCALAR_TYPES.has(t));
  const values = Object.hasOwn(schema, 'const') ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [];
  return values.length > 0 && values.every((v) => v === null || typeof v !== 'object');
}

/** Bounds two `allOf` members may both state: together they are the tighter one. */
const TIGHTER: Record<string, (a: number, b: number) => number> = {
  maxLength: Math.min,
  maxItems: Math.min,
  maxProperties: Math.min,
  maximum: Math.min,
  exclusiveMaximum: Math.min,
  minLength: Math.max,
  minItems: Math.max,
  minProperties: Math.max,
  minimum: Math.max,
  exclusiveMinimum: Math.max,
};

/**
 * The value of a keyword two `allOf` members state differently, when one keyword says what both do: the tighter
 * bound, the types both allow (an integer is a number). `undefined` when they cannot be combined exactly.
 */
export function combineKeyword(key: string, a: unknown, b: unknown): unknown {
  const tighter = TIGHTER[key];
  if (tighter) return finite(a) && finite(b) ? tighter(a, b) : undefined;
  if (key !== 'type') return undefined;
  const as = typeList(a);
  const bs = typeList(b);
  if (!as || !bs) return undefined;
  const both = new Set<string>();
  for (const [one, other] of [
    [as, bs],
    [bs, as],
  ] as const) {
    for (const t of one) if (other.includes(t) || (t === 'integer' && other.includes('number'))) both.add(t);
  }
  // No type in common accepts nothing: leave that contradiction as written.
  if (both.size === 0) return undefined;
  const list = [...both].sort((x, y) => (x === 'null' ? 1 : y === 'null' ? -1 : x.localeCompare(y)));
  return list.length === 1 ? list[0] : list;
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function typeList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((t) => typeof t === 'string')) return value as string[];
  return undefined;
}

/**
 * Whether no value can match two of these (resolved, canonical) union members: then `anyOf` and `oneOf` accept the
 * same values. Proved only by what is plain to see: types that do not overlap, or objects that both require a
 * property whose allowed values (an enum or a `const`) have nothing in common.
 */
export function pairwiseDisjoint(members: Array<Record<string, unknown> | undefined>): boolean {
  if (members.length < 2 || members.some((m) => m === undefined)) return false;
  const list = members as Array<Record<string, unknown>>;
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      if (!disjoint(list[i] as Record<string, unknown>, list[j] as Record<string, unknown>)) return false;
    }
  }
  return true;
}

function disjoint(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const at = typeList(a.type);
  const bt = typeList(b.type);
  if (at && bt && combineKeyword('type', at, bt) === undefined) return true;
  // `required` and `properties` judge objects only: both members must accept nothing else.
  if (!(a.type === 'object' && b.type === 'object')) return false;
  const required = (s: Record<string, unknown>) => (Array.isArray(s.required) ? s.required.map(String) : []);
  const values = (s: Record<string, unknown>, name: string) => {
    const props = isObject(s.properties) ? s.properties : {};
    const prop = Object.hasOwn(props, name) ? props[name] : undefined;
    return isObject(prop) && Array.isArray(prop.enum) ? prop.enum.map(stableStringify) : undefined;
  };
  return required(a).some((name) => {
    if (!required(b).includes(name)) return false;
    const av = values(a, name);
    const bv = values(b, name);
    return av !== undefined && bv !== undefined && !av.some((v) => bv.includes(v));
  });
}

/**
 * A discriminator without a `mapping` maps each `$ref`'d member by its schema name (OpenAPI's implicit mapping).
 * Written out, a rename of a member shows as the value it is (`FeesB` is no longer sent as the discriminator), and a
 * mapping that spells out the implicit one is no change.
 */
export function implicitMapping(node: Record<string, unknown>): void {
  const discriminator = node.discriminator;
  if (!isObject(discriminator)) return;
  if (isObject(discriminator.mapping)) {
    node.discriminator = { ...discriminator, mapping: mappingAsReferences(discriminator.mapping) };
    return;
  }
  if (discriminator.mapping !== undefined) return;
  const members = [...(Array.isArray(node.oneOf) ? node.oneOf : []), ...(Array.isArray(node.anyOf) ? node.anyOf : [])];
  const mapping: Record<string, string> = {};
  for (const member of members) {
    const ref = isObject(member) && typeof member.$ref === 'string' ? member.$ref : undefined;
    const name = ref && /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
    if (ref && name) mapping[name.replace(/~1/g, '/').replace(/~0/g, '~')] = ref;
  }
  if (Object.keys(mapping).length > 0) node.discriminator = { ...discriminator, mapping };
}

/**
 * A mapping value is a schema name or a reference (OpenAPI 3.1, Discriminator Object): `bank: BankPayout` and
 * `bank: '#/components/schemas/BankPayout'` pick the same member, and are spelled as the reference.
 */
function mappingAsReferences(mapping: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mapping)) {
    const name = typeof value === 'string' && /^[A-Za-z0-9._-]+$/.test(value) ? value : undefined;
    setOwn(out, key, name === undefined ? value : `#/components/schemas/${name}`);
  }
  return out;
}

/** Keywords that evaluate properties in place, which `unevaluatedProperties` would see beside its own schema. */
const EVALUATES_IN_PLACE = ['allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'dependentSchemas', '$ref', '$dynamicRef'];

/**
 * `unevaluatedProperties` in a schema with nothing else that evaluates properties in place judges exactly the
 * properties `additionalProperties` would (those its `properties` and `patternProperties` do not name), and both
 * mark the same properties evaluated for an enclosing schema: it is spelled `additionalProperties` (and beside an
 * `additionalProperties` it judges nothing). Returns whether it moved.
 */
export function unevaluatedAsAdditional(node: Record<string, unknown>): boolean {
  if (!Object.hasOwn(node, 'unevaluatedProperties')) return false;
  if (EVALUATES_IN_PLACE.some((key) => Object.hasOwn(node, key))) return false;
  // Beside `additionalProperties`, every property has been evaluated: nothing is left for it to judge.
  if (Object.hasOwn(node, 'additionalProperties')) {
    delete node.unevaluatedProperties;
    return false;
  }
  const { unevaluatedProperties, ...rest } = node;
  for (const key of Object.keys(node)) delete node[key];
  Object.assign(node, rest);
  setOwn(node, 'additionalProperties', unevaluatedProperties);
  return true;
}

/**
 * A `default` on a property its object requires never applies: the property is always there. Left out (from a copy:
 * the property schema may be shared with objects that do not require it).
 */
export function dropRequiredDefaults(node: Record<string, unknown>): void {
  const props = node.properties;
  if (!isObject(props) || !Array.isArray(node.required)) return;
  let copy: Record<string, unknown> | undefined;
  for (const name of node.required) {
    if (typeof name !== 'string' || !Object.hasOwn(props, name)) continue;
    const prop = props[name];
    if (!isObject(prop) || !Object.hasOwn(prop, 'default')) continue;
    const { default: _default, ...rest } = prop;
    copy ??= { ...props };
    setOwn(copy, name, rest);
  }
  if (copy) node.properties = copy;
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

/**
 * `HTTPS://API.Example.com:443/v1` → `https://api.example.com/v1`: the scheme and the host are case-insensitive
 * (RFC 3986), and the scheme's default port is the port left out. Server variables (`{region}`) keep their spelling,
 * and so does everything after the host; a URL with user information is left as written.
 */
export function canonicalUrl(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#@]*)(.*)$/s.exec(url);
  if (!m) return url;
  const [, scheme = '', authority = '', rest = ''] = m;
  const lower = scheme.toLowerCase();
  let host = authority.replace(/(\{[^}]*\})|[^{]+/g, (part, variable) => (variable ? part : part.toLowerCase()));
  const port = DEFAULT_PORTS[lower];
  if (port && host.endsWith(`:${port}`)) host = host.slice(0, -port.length - 1);
  return `${lower}://${host}${rest}`;
}

/** OpenAPI's fields that hold a URL partners connect to, by the object they are in. */
export const URL_FIELDS = new Set(['tokenUrl', 'authorizationUrl', 'refreshUrl', 'openIdConnectUrl']);

/** Header parameters OpenAPI ignores: `Accept`, `Content-Type` and `Authorization` are defined elsewhere. */
export const IGNORED_HEADER_PARAMETERS = new Set(['accept', 'content-type', 'authorization']);

/** `Image/PNG , application/pdf` → `application/pdf, image/png`: a part's content types are a set, case-insensitive. */
export function canonicalContentTypes(value: string): string {
  const list = value
    .split(',')
    .map((t) => t.trim().replace(/\s*;\s*/g, '; '))
    .filter((t) => t !== '')
    .map((t) => {
      const [essence = '', ...params] = t.split('; ');
      return [essence.toLowerCase(), ...params].join('; ');
    });
  return [...new Set(list)].sort().join(', ');
}

/**
 * The content type a multipart part takes when its Encoding Object states none (OpenAPI 3.1): binary strings
 * `application/octet-stream`, other scalars `text/plain`, objects `application/json`. `undefined` when the schema does
 * not say plainly (no type, a union, an array).
 */
export function defaultPartType(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  if (typeof schema.contentMediaType === 'string') return schema.contentMediaType.toLowerCase();
  if (schema.type === 'string') {
    return schema.format === 'binary' || schema.format === 'byte' ? 'application/octet-stream' : 'text/plain';
  }
  if (schema.type === 'number' || schema.type === 'integer' || schema.type === 'boolean') return 'text/plain';
  if (schema.type === 'object') return 'application/json';
  return undefined;
}
