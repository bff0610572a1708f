// The example request of an operation, from the spec's own examples (read through @zestequity/spec-model): what every
// code sample shows comes from here.

import { resolveRef } from '@zestequity/spec-model';

/** A schema's own example, for a parameter or body that declares none. */
function schemaExample(doc, schema) {
  const resolved = resolveRef(doc, schema);
  if (resolved?.examples?.length) return resolved.examples[0];
  if (resolved?.example !== undefined) return resolved.example;
  return resolved?.default;
}

/**
 * Parameter examples by location and name, and the first request-body example with its media type.
 * @param {import('@zestequity/spec-model').OpenApiDocument} doc
 * @param {import('@zestequity/spec-model').Operation} op
 */
export function exampleRequest(doc, op) {
  const out = { path: {}, query: {}, headers: {}, body: undefined, mediaType: undefined, bodySchema: undefined };
  for (const param of op.parameters) {
    const value = param.examples[0] ?? schemaExample(doc, param.schema);
    if (value === undefined) continue;
    if (param.in === 'path') out.path[param.name] = value;
    else if (param.in === 'query') out.query[param.name] = value;
    else if (param.in === 'header') out.headers[param.name] = value;
  }
  const [media] = Object.values(op.requestBody?.content ?? {});
  if (media) {
    out.mediaType = media.mediaType;
    out.body = media.examples[0] ?? schemaExample(doc, media.schema);
    out.bodySchema = resolveRef(doc, media.schema);
  }
  return out;
}
