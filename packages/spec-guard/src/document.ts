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

/**
 * Keywords whose value is data, never a reference: a `$ref` key inside an example, a `const`, an `enum`, a `default`
 * or a vendor extension is part of a value (an example may well show a JSON Schema), not a pointer to follow.
 */
const DATA_KEYS = new Set(['example', 'const', 'enum', 'default']);

/** Whether the value under `key` (of an object that is not a map of names) is data rather than OpenAPI structure. */
export function isDataKey(key: string): boolean {
  return DATA_KEYS.has(key) || key.startsWith('x-');
}

/**
 * Every local `$ref` of a document that is a reference (not data: see `isDataKey`), walked without recursion. Under
 * `examples`, a list is JSON Schema's list of example values, and a map holds Example Objects (data) or references to
 * `components.examples`.
 */
export function localRefs(doc: Doc): Array<{ at: string[]; ref: string }> {
  const out: Array<{ at: string[]; ref: string }> = [];
  // `names`: the keys are names chosen by the author (a property called `default` is not the keyword).
  const pending: Array<{ node: unknown; at: string[]; names: boolean }> = [{ node: doc, at: [], names: false }];
  while (pending.length > 0) {
    const { node, at, names } = pending.pop() as { node: unknown; at: string[]; names: boolean };
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        pending.push({ node: child, at: [...at, String(i)], names: false });
      });
      continue;
    }
    if (!isObject(node)) continue;
    if (!names && typeof node.$ref === 'string' && node.$ref.startsWith('#')) out.push({ at, ref: node.$ref });
    for (const [key, child] of Object.entries(node)) {
      if (typeof child !== 'object' || child === null) continue;
      if (!names && isDataKey(key)) continue;
      if (!names && key === 'examples') {
        // Example Objects are data; only a reference to one is followed.
        if (!isObject(child)) continue;
        for (const [name, entry] of Object.entries(child)) {
          if (isObject(entry) && typeof entry.$ref === 'string' && entry.$ref.startsWith('#'))
            out.push({ at: [...at, key, name], ref: entry.$ref });
        }
        continue;
      }
      pending.push({ node: child, at: [...at, key], names: !names && NAME_MAPS.has(key) && isObject(child) });
    }
  }
  return out.reverse();
}

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
// A response's `links` are design-time hints between operations ("the slug in this answer is what GET … takes"):
// nothing of them is sent or received, and code generators do not emit them.
export const METADATA_KEYS = new Set(['externalDocs', '$comment', 'tags', 'xml', 'bearerFormat', 'links']);

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
