import { getAt, isObject } from '@zestequity/spec-model';
import { type Doc, type Resolved, resolve } from '../document.js';

// Reading oasdiff's English messages for what its JSON does not give: the place of a finding that comes without a
// source line, and whether a response value that lost enum values still has an enum at all.

/** The parts of an oasdiff message that name a place inside an operation. */
interface Named {
  direction: 'request' | 'response';
  status?: string;
  mediaType?: string;
  property?: string;
  parameter?: { in: string; name: string };
}

function parse(id: string, text: string): Named | undefined {
  const direction = /^response-/.test(id) ? 'response' : /request/.test(id) ? 'request' : undefined;
  if (!direction) return undefined;
  const named: Named = { direction };
  const status = /status `([^`]+)`/.exec(text)?.[1];
  if (status) named.status = status;
  const mediaType = /\(media type: ([^)]+)\)/.exec(text)?.[1];
  if (mediaType) named.mediaType = mediaType.trim();
  const parameter = /`(query|header|path|cookie)` request parameter `([^`]+)`/.exec(text);
  if (parameter?.[1] && parameter[2]) named.parameter = { in: parameter[1], name: parameter[2] };
  const property = [
    /(?:response|request) property `([^`]+)`/,
    /`([^`]+)` (?:response|request)(?:'s)? property/,
    /(?:required|optional|write-only|read-only) property `([^`]+)`/,
  ]
    .map((pattern) => pattern.exec(text)?.[1])
    .find(Boolean);
  if (property) named.property = property;
  return named;
}

/**
 * Where an oasdiff finding without a source line is, read from its message: the schema of the property, parameter
 * or body it names, in the head when it is there, else in the base. Undefined when the message names no place
 * spec-guard can find.
 */
export function placeOfMessage(
  id: string,
  text: string,
  sides: Array<{ doc: Doc; path: string; side: 'base' | 'head' }>,
  method: string,
): { segments: string[]; side: 'base' | 'head' } | undefined {
  const named = parse(id, text);
  if (!named) return undefined;
  for (const { doc, path, side } of sides) {
    const found = find(doc, ['paths', path, method], named);
    if (found) return { segments: found, side };
  }
  return undefined;
}

function find(doc: Doc, op: string[], named: Named): string[] | undefined {
  const operation = getAt(doc, op);
  if (!isObject(operation)) return undefined;
  if (named.parameter) return parameterAt(doc, op, named.parameter);
  const schemas = schemasOf(doc, op, named);
  for (const schema of schemas) {
    if (!named.property) return schema.segments;
    const found = walk(doc, schema, named.property.split('/'));
    if (found) return found;
  }
  // Some messages name the property alone (`countryOfResidence`), not its path from the body.
  const name = named.property?.split('/').at(-1);
  for (const schema of name ? schemas : []) {
    const found = search(doc, schema, name as string);
    if (found) return found;
  }
  return undefined;
}

/** The first property of that name under a schema, nearest first. */
function search(doc: Doc, from: Resolved, name: string): string[] | undefined {
  const queue: Resolved[] = [from];
  const seen = new Set<string>();
  for (let next = queue.shift(); next && seen.size < 2000; next = queue.shift()) {
    const schema = resolve(doc, next.node, next.segments);
    const key = schema.segments.join('/');
    if (!isObject(schema.node) || seen.has(key)) continue;
    seen.add(key);
    const props = schema.node.properties;
    if (isObject(props) && Object.hasOwn(props, name)) return [...schema.segments, 'properties', name];
    for (const [prop, value] of Object.entries(isObject(props) ? props : {}))
      queue.push({ node: value, segments: [...schema.segments, 'properties', prop] });
    if (schema.node.items !== undefined)
      queue.push({ node: schema.node.items, segments: [...schema.segments, 'items'] });
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = schema.node[keyword];
      if (!Array.isArray(list)) continue;
      for (const [i, member] of list.entries()) {
        queue.push({ node: member, segments: [...schema.segments, keyword, String(i)] });
      }
    }
  }
  return undefined;
}

function parameterAt(doc: Doc, op: string[], wanted: { in: string; name: string }): string[] | undefined {
  let found: string[] | undefined;
  for (const at of [
    [...op.slice(0, -1), 'parameters'],
    [...op, 'parameters'],
  ]) {
    const list = getAt(doc, at);
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const param = resolve(doc, raw, [...at, String(i)]);
      if (isObject(param.node) && param.node.in === wanted.in && param.node.name === wanted.name) {
        found = [...at, String(i)];
      }
    });
  }
  return found;
}

/** The body schemas the message is about: the request body's, or the named response's, per media type. */
function schemasOf(doc: Doc, op: string[], named: Named): Resolved[] {
  const holder =
    named.direction === 'request'
      ? resolve(doc, getAt(doc, [...op, 'requestBody']), [...op, 'requestBody'])
      : named.status
        ? resolve(doc, getAt(doc, [...op, 'responses', named.status]), [...op, 'responses', named.status])
        : undefined;
  if (!holder || !isObject(holder.node) || !isObject(holder.node.content)) return [];
  const content = holder.node.content;
  const types = named.mediaType && Object.hasOwn(content, named.mediaType) ? [named.mediaType] : Object.keys(content);
  return types.flatMap((type) => {
    const media = content[type];
    return isObject(media) && media.schema !== undefined
      ? [{ node: media.schema, segments: [...holder.segments, 'content', type, 'schema'] }]
      : [];
  });
}

/** The place of a property path (`items/items/status`) under a schema, through `$ref`s and `allOf`/`anyOf`/`oneOf`. */
function walk(doc: Doc, from: Resolved, path: string[], depth = 0): string[] | undefined {
  if (depth > 64) return undefined;
  const [segment, ...rest] = path;
  if (segment === undefined) return from.segments;
  const schema = resolve(doc, from.node, from.segments);
  if (!isObject(schema.node)) return undefined;
  const next = (node: unknown, at: string[]) => walk(doc, { node, segments: at }, rest, depth + 1);
  if (segment === 'items' && schema.node.items !== undefined)
    return next(schema.node.items, [...schema.segments, 'items']);
  const props = schema.node.properties;
  if (isObject(props) && Object.hasOwn(props, segment)) {
    return next(props[segment], [...schema.segments, 'properties', segment]);
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema.node[keyword];
    if (!Array.isArray(list)) continue;
    for (const [i, member] of list.entries()) {
      const found = walk(doc, { node: member, segments: [...schema.segments, keyword, String(i)] }, path, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Whether a value whose enum values oasdiff reports removed has no enum left in the head (and no `const`): it is then
 * free-form. A response may then send values partners have never seen; a request accepts every value of its type.
 * Undefined when the value cannot be found.
 */
export function enumDropped(id: string, text: string, head: Doc, path: string, method: string): boolean | undefined {
  if (!/^(response|request)-.*enum-value-removed$/.test(id)) return undefined;
  const named = parse(id, text);
  if (!named) return undefined;
  const op = ['paths', path, method];
  const schemas = named.parameter ? parameterSchema(head, op, named.parameter) : schemasOf(head, op, named);
  let seen = false;
  for (const schema of schemas) {
    const at = named.property ? walk(head, schema, named.property.split('/')) : schema.segments;
    const node = at ? resolve(head, getAt(head, at), at).node : undefined;
    if (!isObject(node)) continue;
    seen = true;
    if (Array.isArray(node.enum) || Object.hasOwn(node, 'const')) return false;
    // In a request, "no enum left" lets values through: only a plain schema is read so, not one whose other members
    // (`allOf`, `not`, …) may still hold an enum.
    if (named.direction === 'request' && COMPOSED.some((key) => Object.hasOwn(node, key))) return false;
  }
  return seen ? true : undefined;
}

const COMPOSED = ['allOf', 'anyOf', 'oneOf', 'not', 'if', '$ref'];

/** The schema of the named parameter, as a list of none or one. */
function parameterSchema(doc: Doc, op: string[], wanted: { in: string; name: string }): Resolved[] {
  const at = parameterAt(doc, op, wanted);
  const param = at ? resolve(doc, getAt(doc, at), at) : undefined;
  if (!param || !isObject(param.node) || param.node.schema === undefined) return [];
  return [{ node: param.node.schema, segments: [...param.segments, 'schema'] }];
}
