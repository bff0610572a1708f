import { getAt, isObject } from '@zestequity/spec-model';
import { type Doc, resolve } from '../document.js';
import { boundRelation, effectiveBound } from './received-schema.js';

// oasdiff reads `minimum` and `exclusiveMinimum` (and the maxima) as two unrelated limits, so a request number that
// goes from `exclusiveMinimum: 0` to `minimum: 0` is "a minimum set" to it, and breaking. Read as one effective
// bound, such a request accepts at least what it accepted. (Integers do not get here: canonical.ts spells their
// bounds one way, `exclusiveMinimum: 0` as `minimum: 1`.)

const BOUND_CHECK = /^request-(property|parameter)-(exclusive-)?(min|max)-(set|increased|decreased)$/;

/** Where the finding is: the operation on each side. */
export interface FindingPlace {
  basePath: string;
  headPath: string;
  method: string;
}

/**
 * An oasdiff request bound finding (`request-property-min-set`, `…-exclusive-max-decreased`, …) read again with
 * `minimum` and `exclusiveMinimum` (or the maxima) as one bound: `relaxed` when the request's effective bound did not
 * get stricter. Undefined for other checks, or when the schemas cannot be found.
 */
export function boundChange(
  id: string,
  text: string,
  base: Doc,
  head: Doc,
  place: FindingPlace,
): { relaxed: boolean } | undefined {
  const m = BOUND_CHECK.exec(id);
  if (!m) return undefined;
  const kind = m[1] === 'parameter' ? 'parameter' : 'property';
  const side = m[3] === 'min' ? 'lower' : 'upper';
  const b = requestValueSchema(base, place.basePath, place.method, kind, text);
  const h = requestValueSchema(head, place.headPath, place.method, kind, text);
  if (!b || !h) return undefined;
  return { relaxed: boundRelation(effectiveBound(b, side), effectiveBound(h, side), side) !== 'tighter' };
}

/** The keywords of one bound: a finding about either is about the schema that holds both. */
export const BOUND_KEYWORDS = new Set(['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum']);

/** The schema of the request parameter or body property an oasdiff message names, in one document. */
function requestValueSchema(
  doc: Doc,
  path: string,
  method: string,
  kind: 'parameter' | 'property',
  text: string,
): Record<string, unknown> | undefined {
  const op = getAt(doc, ['paths', path, method]);
  if (!isObject(op)) return undefined;
  if (kind === 'parameter') {
    const [, where, name] = /the `([^`]+)` request parameter `([^`]+)`/.exec(text) ?? [];
    if (!where || !name) return undefined;
    let found: unknown;
    // Operation parameters override the path item's.
    for (const raw of [...list(getAt(doc, ['paths', path, 'parameters'])), ...list(op.parameters)]) {
      const param = resolve(doc, raw, []).node;
      if (isObject(param) && param.in === where && param.name === name) found = resolve(doc, param.schema, []).node;
    }
    return isObject(found) ? found : undefined;
  }
  const property = /the `([^`]+)` request property/.exec(text)?.[1];
  const body = resolve(doc, op.requestBody, []).node;
  if (!property || !isObject(body) || !isObject(body.content)) return undefined;
  for (const media of Object.values(body.content)) {
    if (!isObject(media)) continue;
    const schema = schemaAtProperty(doc, media.schema, property);
    if (isObject(schema)) return schema;
  }
  return undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The schema at oasdiff's slash-separated property path (`shareClasses/items/name`) below `schema`, if any. */
export function schemaAtProperty(doc: Doc, schema: unknown, property: string): unknown {
  let at = schema;
  for (const segment of property.split('/')) {
    at = childSchema(doc, at, segment);
    if (at === undefined) return undefined;
  }
  return at;
}

/** A property (or `items`) of a schema, through `$ref`s and composition. */
function childSchema(doc: Doc, schema: unknown, segment: string, depth = 0): unknown {
  const node = resolve(doc, schema, []).node;
  if (!isObject(node) || depth > 16) return undefined;
  if (segment === 'items' && node.items !== undefined) return resolve(doc, node.items, []).node;
  if (isObject(node.properties) && Object.hasOwn(node.properties, segment))
    return resolve(doc, node.properties[segment], []).node;
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const members = node[keyword];
    if (!Array.isArray(members)) continue;
    for (const member of members) {
      const found = childSchema(doc, member, segment, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
