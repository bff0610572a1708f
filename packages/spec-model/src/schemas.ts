import type { OpenApiDocument } from './document.js';
import { isObject } from './pointer.js';
import { locate } from './refs.js';

/** Names of `components.schemas`, in document order. */
export function listSchemas(doc: OpenApiDocument): string[] {
  return Object.keys(doc.components?.schemas ?? {});
}

const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'unevaluatedProperties'];

/**
 * Every property name a schema lets a payload carry, at any depth, following `$ref`s (each target once, so recursive
 * schemas end): what a reader searches for when they know a field name but not the operation that uses it.
 */
export function propertyNames(doc: OpenApiDocument, schema: unknown, into = new Set<string>()): Set<string> {
  const visited = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (isObject(node) && typeof node.$ref === 'string') {
      if (visited.has(node.$ref)) return;
      visited.add(node.$ref);
    }
    const { node: target } = locate<unknown>(doc, node, [], false);
    if (!isObject(target) || visited.has(target)) return;
    visited.add(target);
    if (isObject(target.properties)) {
      for (const [name, sub] of Object.entries(target.properties)) {
        into.add(name);
        walk(sub);
      }
    }
    for (const key of SUBSCHEMA_LISTS)
      if (Array.isArray(target[key])) for (const sub of target[key] as unknown[]) walk(sub);
    for (const key of SUBSCHEMAS) walk(target[key]);
  };
  walk(schema);
  return into;
}
