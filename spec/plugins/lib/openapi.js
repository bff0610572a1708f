// Small helpers shared by the house rules.
//
// The spec is split over many files, so a rule must follow `$ref`s with the walker's own resolver (`ctx.resolve`)
// rather than by hand: that is what keeps each reported location pointing at the file and line where a definition
// really lives, which is where a reviewer has to fix it.

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// JSON property names and operationIds share one spelling rule: lowerCamelCase, ASCII letters and digits.
export const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;

export function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isRef(value) {
  return isObject(value) && typeof value.$ref === 'string';
}

// Follows a chain of $refs starting at `node`, which sits at `location`. Returns the target and where it lives;
// `node` is undefined when a ref does not resolve (Redocly's own no-unresolved-refs rule reports that case).
export function follow(ctx, node, location) {
  const seen = new Set();
  while (isRef(node)) {
    const hop = `${location.absolutePointer}|${node.$ref}`;
    if (seen.has(hop)) return { node: undefined, location };
    seen.add(hop);
    const resolved = ctx.resolve(node, location.source.absoluteRef);
    if (resolved.node === undefined || !resolved.location) return { node: undefined, location };
    node = resolved.node;
    location = resolved.location;
  }
  return { node, location };
}

// `application/json; charset=utf-8` and structured-syntax suffixes such as `application/merge-patch+json` count as
// JSON; form, multipart and binary bodies do not.
export function isJsonMediaType(name) {
  const base = String(name).split(';')[0].trim().toLowerCase();
  return base === 'application/json' || /^[a-z0-9.+-]+\/[a-z0-9.+-]+\+json$/.test(base);
}

export function mediaTypeBase(name) {
  return String(name).split(';')[0].trim().toLowerCase();
}

export function isSuccessStatus(code) {
  return /^2(\d\d|XX)$/i.test(String(code));
}

// 4xx, 5xx, the 4XX / 5XX ranges and `default` (which a client reads as "anything not listed", errors included).
export function isErrorStatus(code) {
  return /^[45](\d\d|XX)$/i.test(String(code)) || String(code) === 'default';
}

export function hasExample(media) {
  if (!isObject(media)) return false;
  if (media.example !== undefined) return true;
  return isObject(media.examples) && Object.keys(media.examples).length > 0;
}

// Keywords whose value is one subschema, a list of subschemas, or a map of names to subschemas. Everything else in a
// schema is a plain value (type, required, enum, const, examples, …) and is never walked as a schema.
export const SUBSCHEMA_KEYWORDS = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
  'additionalItems',
]);
export const SUBSCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
export const SUBSCHEMA_MAP_KEYWORDS = new Set([
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
  'definitions',
]);

// Calls visit(schema, location) for `schema` and each schema nested in it, following $refs, each resolved schema
// once (the visited set is shared by the caller so a component reached from twenty operations is checked once).
export function walkSchema(ctx, schema, location, visit, visited) {
  const { node, location: at } = follow(ctx, schema, location);
  if (!isObject(node)) return;
  if (visited.has(at.absolutePointer)) return;
  visited.add(at.absolutePointer);
  visit(node, at);
  for (const [keyword, value] of Object.entries(node)) {
    if (SUBSCHEMA_KEYWORDS.has(keyword) && isObject(value)) {
      walkSchema(ctx, value, at.child(keyword), visit, visited);
    } else if (SUBSCHEMA_LIST_KEYWORDS.has(keyword) && Array.isArray(value)) {
      for (const [index, sub] of value.entries()) walkSchema(ctx, sub, at.child([keyword, index]), visit, visited);
    } else if (SUBSCHEMA_MAP_KEYWORDS.has(keyword) && isObject(value)) {
      for (const [name, sub] of Object.entries(value)) walkSchema(ctx, sub, at.child([keyword, name]), visit, visited);
    }
  }
}

// Redocly reports a problem once per call; the same definition can be reached along many paths (a shared error
// response, a schema used by several operations), so each rule funnels its reports through one of these.
export function createReporter() {
  const sent = new Set();
  return (ctx, message, location) => {
    const key = `${location.absolutePointer}|${location.reportOnKey ? 'key' : 'value'}|${message}`;
    if (sent.has(key)) return;
    sent.add(key);
    ctx.report({ message, location });
  };
}
