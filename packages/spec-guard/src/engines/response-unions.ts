import { getAt, isObject } from '@zestequity/spec-model';
import { type Doc, resolve } from '../document.js';
import { schemaAtProperty } from './request-bounds.js';

// oasdiff rates a discriminator mapping key deleted from a response union breaking (SG012), which it is when the
// member it named may still be sent: partners then get a value they can no longer place. When the member left the
// union together with its key, the response only sends fewer variants, as when an enum value is removed (SG054). The
// request side of a shared union is oasdiff's `request-*` finding, judged on its own (SG006).

export interface OperationPlace {
  basePath: string;
  headPath: string;
  method: string;
}

const DELETED = /^removed `([^`]*)` discriminator mapping keys? from the (?:`([^`]+)` response property|response body)/;

/**
 * `SG054` for a response `discriminator-mapping-deleted` finding whose every deleted key named a member that is no
 * longer in the head's union (nor named by another key); `rule` otherwise, or when the union cannot be found.
 */
export function refineMappingDeleted(
  id: string,
  text: string,
  rule: string,
  docs: { base: Doc; head: Doc },
  place: OperationPlace | undefined,
): string {
  if (!place || !/^response-(body|property)-discriminator-mapping-deleted$/.test(id)) return rule;
  const m = DELETED.exec(text);
  const status = /response status `([^`]+)`/.exec(text)?.[1];
  if (!m || !status) return rule;
  const keys = (m[1] ?? '').split(',').map((key) => key.trim());
  const property = m[2];
  const baseUnions = unionsAt(docs.base, place.basePath, place.method, status, property);
  const headUnions = unionsAt(docs.head, place.headPath, place.method, status, property);
  if (baseUnions.length === 0 || headUnions.length === 0) return rule;
  const targets = baseUnions.flatMap((union) => keys.map((key) => mappingOf(union)[key]));
  if (targets.some((target) => typeof target !== 'string')) return rule;
  const still = new Set(headUnions.flatMap((union) => [...memberRefs(union), ...Object.values(mappingOf(union))]));
  return targets.every((target) => !still.has(target as string)) ? 'SG054' : rule;
}

/** The union schema at the property (or the body) of each media type of a response. */
function unionsAt(doc: Doc, path: string, method: string, status: string, property: string | undefined) {
  const response = resolve(doc, getAt(doc, ['paths', path, method, 'responses', status]), []).node;
  if (!isObject(response) || !isObject(response.content)) return [];
  const out: Record<string, unknown>[] = [];
  for (const media of Object.values(response.content)) {
    if (!isObject(media)) continue;
    const schema = property ? schemaAtProperty(doc, media.schema, property) : resolve(doc, media.schema, []).node;
    if (isObject(schema) && isObject(schema.discriminator)) out.push(schema);
  }
  return out;
}

function mappingOf(union: Record<string, unknown>): Record<string, unknown> {
  const discriminator = union.discriminator;
  return isObject(discriminator) && isObject(discriminator.mapping) ? discriminator.mapping : {};
}

/** The `$ref`s of a union's members (a union of one is spelled as an `allOf` of it). */
function memberRefs(union: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
    const members = union[keyword];
    if (!Array.isArray(members)) continue;
    for (const member of members) if (isObject(member) && typeof member.$ref === 'string') out.push(member.$ref);
  }
  return out;
}
