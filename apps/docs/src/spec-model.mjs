// A read-only view of the bundled spec: the operations, webhooks and schemas the site documents, and a resolver for
// the local `$ref`s the bundle keeps (examples and parameters live in components/ and are referenced from operations).

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** Follow `#/...` references (repeatedly) inside `doc`; anything else is returned unchanged. */
export function resolveRef(doc, node, seen = new Set()) {
  if (!node || typeof node !== 'object' || typeof node.$ref !== 'string') return node;
  const ref = node.$ref;
  if (!ref.startsWith('#/')) throw new Error(`Only local references can be resolved, got ${ref}`);
  if (seen.has(ref)) throw new Error(`Circular reference ${ref}`);
  seen.add(ref);
  let target = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    target = target?.[key];
    if (target === undefined) throw new Error(`Unresolvable reference ${ref}`);
  }
  return resolveRef(doc, target, seen);
}

function collect(doc, map, kind) {
  const out = [];
  for (const [key, item] of Object.entries(map ?? {})) {
    const pathItem = resolveRef(doc, item);
    for (const method of HTTP_METHODS) {
      const operation = pathItem?.[method];
      if (!operation) continue;
      out.push({
        kind,
        // for paths the key is the URL template, for webhooks it is the event type
        key,
        path: kind === 'operation' ? key : undefined,
        eventType: kind === 'webhook' ? key : undefined,
        method,
        operation,
        parameters: [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveRef(doc, p)),
      });
    }
  }
  return out;
}

/** Every path operation, in document order. */
export function listOperations(doc) {
  return collect(doc, doc.paths, 'operation');
}

/** Every webhook operation, in document order. */
export function listWebhooks(doc) {
  return collect(doc, doc.webhooks, 'webhook');
}

/** Names of components/schemas, in document order. */
export function listSchemas(doc) {
  return Object.keys(doc.components?.schemas ?? {});
}

/**
 * Whether a bearer token is required: an operation-level `security` wins over the root one; an empty requirement
 * (`{}`) in the list means the token is optional.
 */
export function requiresBearer(doc, operation) {
  const security = operation.security ?? doc.security ?? [];
  if (security.length === 0) return false;
  return security.every((req) => Object.keys(req).length > 0);
}

/** The first example of a media type object, as a value (resolving `$ref`s to components/examples). */
export function firstExample(doc, media) {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const examples = media.examples ? Object.values(media.examples) : [];
  for (const ex of examples) {
    const resolved = resolveRef(doc, ex);
    if (resolved && resolved.value !== undefined) return resolved.value;
  }
  const schema = resolveRef(doc, media.schema);
  if (schema?.examples?.length) return schema.examples[0];
  if (schema?.example !== undefined) return schema.example;
  return undefined;
}

/** The example value of a parameter (parameter example, first named example, or the schema's example). */
export function parameterExample(doc, param) {
  if (param.example !== undefined) return param.example;
  for (const ex of Object.values(param.examples ?? {})) {
    const resolved = resolveRef(doc, ex);
    if (resolved?.value !== undefined) return resolved.value;
  }
  const schema = resolveRef(doc, param.schema);
  if (schema?.examples?.length) return schema.examples[0];
  if (schema?.example !== undefined) return schema.example;
  if (schema?.default !== undefined) return schema.default;
  return undefined;
}

/**
 * The example request of an operation: parameter examples by location and name, and the first request-body example
 * with its media type. Everything a code sample shows comes from here, i.e. from the spec.
 */
export function exampleRequest(doc, op) {
  const out = { path: {}, query: {}, headers: {}, body: undefined, mediaType: undefined, bodySchema: undefined };
  for (const param of op.parameters) {
    const value = parameterExample(doc, param);
    if (value === undefined) continue;
    if (param.in === 'path') out.path[param.name] = value;
    else if (param.in === 'query') out.query[param.name] = value;
    else if (param.in === 'header') out.headers[param.name] = value;
  }
  const body = resolveRef(doc, op.operation.requestBody);
  const [mediaType] = Object.keys(body?.content ?? {});
  if (mediaType) {
    out.mediaType = mediaType;
    out.body = firstExample(doc, body.content[mediaType]);
    out.bodySchema = resolveRef(doc, body.content[mediaType].schema);
  }
  return out;
}
