import { deref, type OpenApiDocument } from './load-spec.js';
import type { SpecOperation } from './operations.js';

/** The first example of a media object: `examples` (named, possibly `$ref`) before the singular `example`. */
export function firstMediaExample(spec: OpenApiDocument, media: any): unknown {
  if (!media) return undefined;
  for (const raw of Object.values<any>(media.examples ?? {})) {
    const example = deref<any>(spec, raw);
    if (example && 'value' in example) return structuredClone(example.value);
  }
  return media.example === undefined ? undefined : structuredClone(media.example);
}

/** The request-body example the spec gives for an operation, for one media type. */
export function requestExample(spec: OpenApiDocument, operation: SpecOperation, mediaType = 'application/json'): unknown {
  const body = deref<any>(spec, operation.operation.requestBody);
  return firstMediaExample(spec, body?.content?.[mediaType]);
}

/** A parameter's example (or the first of its schema's `examples`), for calling an operation without real data. */
export function parameterExample(spec: OpenApiDocument, parameter: Record<string, any>): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const fromNamed = Object.values<any>(parameter.examples ?? {}).map((e) => deref<any>(spec, e)?.value)[0];
  if (fromNamed !== undefined) return fromNamed;
  const schema = deref<any>(spec, parameter.schema);
  return schema?.examples?.[0] ?? schema?.default;
}
