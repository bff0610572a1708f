import { getAt, isObject, type Located, locate, parsePointer } from '@zestequity/spec-model';

export type Doc = Record<string, unknown>;

export type Resolved = Located;

/**
 * Follows a chain of internal `$ref`s, leniently (spec-guard reads documents that may be broken), with the siblings
 * of each `$ref` laid over its target. Where `locate` stops at a local reference that points at nothing, it hands the
 * `$ref` object back; the engines read a dangling reference as nothing at its target instead, so no rule mistakes
 * the `$ref` object for the schema, parameter or body it names.
 */
export function resolve(doc: Doc, node: unknown, segments: string[]): Resolved {
  const found = locate(doc, node, segments, false);
  if (isObject(found.node) && typeof found.node.$ref === 'string' && found.node.$ref.startsWith('#')) {
    const at = parsePointer(found.node.$ref);
    if (getAt(doc, at) === undefined) return { node: undefined, segments: at };
  }
  return found;
}

/** Keys whose children are names chosen by the author, not OpenAPI or JSON Schema keywords. */
export const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'paths',
  'webhooks',
  'callbacks',
  'schemas',
  'responses',
  'headers',
  'content',
  'encoding',
  'links',
  'securitySchemes',
  'requestBodies',
  'pathItems',
  'variables',
  'mapping',
  'scopes',
  'parameters',
]);

/** Vendor extensions that a rule reads; every other `x-` key is documentation to spec-guard. */
export const RULED_EXTENSIONS = new Set([
  'x-zest-idempotency',
  'x-zest-emits',
  'x-zest-max-bytes',
  'x-extensible-enum',
  'x-nullable',
]);

export const DESCRIPTION_KEYS = new Set(['description', 'summary', 'title']);
export const EXAMPLE_KEYS = new Set(['example', 'examples']);
// `bearerFormat` is, in the OpenAPI specification's words, "primarily for documentation purposes".
export const METADATA_KEYS = new Set(['externalDocs', '$comment', 'tags', 'xml', 'bearerFormat']);

/** The documentation rule for a keyword, or undefined when the keyword can change behaviour. */
export function docRuleFor(key: string): string | undefined {
  if (DESCRIPTION_KEYS.has(key)) return 'SG070';
  if (EXAMPLE_KEYS.has(key)) return 'SG071';
  if (METADATA_KEYS.has(key)) return 'SG072';
  if (key.startsWith('x-') && !RULED_EXTENSIONS.has(key)) return 'SG072';
  return undefined;
}

/** `/v1/spvs/{spv_slug}/x` and `/v1/spvs/{spvSlug}/x` are the same URL on the wire. */
export function pathTemplate(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
}

/** Paths under `/v2`, `/v3`, … belong to a new major version the additive-only rule does not freeze. */
export function isFreePath(path: string): boolean {
  const major = /^\/v(\d+)(?:\/|$)/.exec(path);
  return major !== null && Number(major[1]) >= 2;
}

/**
 * Sets an own property of a plain object. Assignment would treat the name `__proto__` as the object's prototype and
 * lose it; a property of that name is data like any other (a schema may have a property called `__proto__`).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((item, i) => deepEqual(item, bb[i]));
  }
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.hasOwn(b as object, k) && deepEqual((a as Doc)[k], (b as Doc)[k]));
}

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (isObject(value)) {
    return (
      '{' +
      Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`)
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(value) ?? 'undefined';
}
