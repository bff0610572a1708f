import {
  createSpecAjv,
  type ErrorObject,
  listWebhooks,
  type SpecAjv,
  type ValidateFunction,
} from '@zestequity/spec-model';
import type { JsonSchema, OpenApiDocument, OperationSpec, ParameterLocation } from './openapi.js';

export type Validator = ValidateFunction;
export type { ErrorObject };

export interface ParameterValidators {
  location: ParameterLocation;
  /** declared names by the key used in the validated object (headers are lower-cased). */
  names: Map<string, string>;
  validate: Validator;
}

export interface OperationValidators {
  operation: OperationSpec;
  params: ParameterValidators[];
  /** media type (lower-case) -> validator; `undefined` when the media type declares no schema. */
  bodies: Map<string, Validator | undefined>;
  /** status key (`201`, `4XX`, `DEFAULT`) -> media type -> validator; only built when responses are checked. */
  responses?: Map<string, Map<string, Validator | undefined>>;
}

export interface CompiledSpec {
  operations: Map<string, OperationValidators>;
  /** eventType -> validator of the event payload, when responses are checked. */
  webhooks: Map<string, Validator>;
  /** The `ValidationErrorCode` vocabulary, if the spec publishes it as an enum. */
  validationCodes: Set<string> | undefined;
  /** PartnerErrorResponse, for error statuses an operation does not declare (when responses are checked). */
  errorEnvelope: Validator | undefined;
}

function compileParams(ajv: SpecAjv, operation: OperationSpec): ParameterValidators[] {
  const out: ParameterValidators[] = [];
  for (const location of ['path', 'query', 'header'] as const) {
    const params = operation.parameters.filter((p) => p.in === location);
    if (params.length === 0) continue;
    const names = new Map<string, string>();
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const param of params) {
      const key = location === 'header' ? param.name.toLowerCase() : param.name;
      names.set(key, param.name);
      properties[key] = param.schema;
      if (param.required) required.push(key);
    }
    out.push({ location, names, validate: ajv.compile({ type: 'object', properties, required }) });
  }
  return out;
}

/**
 * Compiles, once, every request validator the spec implies (and, on demand, response and webhook validators).
 * Each schema is taken verbatim from the document; spec-model's `compile` points its `#/...` refs at the one copy of
 * the document registered with ajv, so what is validated is exactly what the spec says.
 */
export function compileSpec(
  doc: OpenApiDocument,
  operations: OperationSpec[],
  options: { responses: boolean },
): CompiledSpec {
  // Keys come from partners: `required` and `properties` look at own properties only, never at what every object
  // inherits (a required `constructor` would otherwise always be "present").
  const bodyAjv = createSpecAjv(doc, { ownProperties: true });
  const paramAjv = createSpecAjv(doc, { coerceTypes: true, ownProperties: true });
  const compiled = new Map<string, OperationValidators>();
  for (const operation of operations) {
    const bodies = new Map<string, Validator | undefined>();
    if (operation.requestBody) {
      for (const [mediaType, schema] of Object.entries(operation.requestBody.content)) {
        bodies.set(mediaType, schema === undefined ? undefined : bodyAjv.compile(schema));
      }
    }
    const entry: OperationValidators = { operation, params: compileParams(paramAjv, operation), bodies };
    if (options.responses) {
      entry.responses = new Map();
      for (const [status, response] of Object.entries(operation.responses)) {
        const byType = new Map<string, Validator | undefined>();
        for (const [mediaType, schema] of Object.entries(response.content)) {
          byType.set(mediaType, schema === undefined ? undefined : bodyAjv.compile(schema));
        }
        entry.responses.set(status, byType);
      }
    }
    compiled.set(operation.operationId, entry);
  }
  const webhooks = new Map<string, Validator>();
  if (options.responses) {
    for (const webhook of listWebhooks(doc)) {
      const schema = webhook.requestBody?.content['application/json']?.schema;
      if (schema !== undefined) webhooks.set(webhook.path, bodyAjv.compile(schema));
    }
  }
  const declaresEnvelope = doc.components?.schemas?.PartnerErrorResponse !== undefined;
  const errorEnvelope =
    options.responses && declaresEnvelope ? bodyAjv.schemaAt('#/components/schemas/PartnerErrorResponse') : undefined;
  return { operations: compiled, webhooks, validationCodes: findValidationCodes(doc), errorEnvelope };
}

function findValidationCodes(doc: OpenApiDocument): Set<string> | undefined {
  const schema = (doc.components?.schemas as Record<string, Record<string, unknown>> | undefined)?.ValidationErrorCode;
  const values = schema?.enum;
  return Array.isArray(values) ? new Set(values.filter((v): v is string => typeof v === 'string')) : undefined;
}
