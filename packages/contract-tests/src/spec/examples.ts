import { type OpenApiDocument, type Parameter, resolveRef } from '@zestequity/spec-model';
import type { SpecOperation } from './operations.js';

/** The request-body example the spec gives for an operation, for one media type; a copy, so callers may change it. */
export function requestExample(operation: SpecOperation, mediaType = 'application/json'): unknown {
  const example = operation.requestBody?.content[mediaType]?.examples[0];
  return example === undefined ? undefined : structuredClone(example);
}

/** A parameter's example (else its schema's first `examples` or its `default`), for calling an operation without real data. */
export function parameterExample(spec: OpenApiDocument, parameter: Parameter): unknown {
  if (parameter.examples.length > 0) return parameter.examples[0];
  const schema = resolveRef<any>(spec, parameter.schema);
  return schema?.examples?.[0] ?? schema?.default;
}
