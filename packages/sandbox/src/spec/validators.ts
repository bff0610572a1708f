import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { useFastFullDate } from './formats.js';
import type { JsonSchema, OpenApiDocument, OperationSpec, ParameterLocation } from './openapi.js';

// ajv and ajv-formats are CommonJS; under NodeNext their default export is the module object.
type AjvClass = typeof Ajv2020Module.default;
type AjvInstance = InstanceType<AjvClass>;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: AjvInstance,
) => AjvInstance;

const SPEC_ID = 'zest:openapi';

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

/** Formats OpenAPI uses that carry no checkable rule for a JSON value (a multipart file is `binary`). */
const OPAQUE_FORMATS = ['binary', 'byte', 'password'];

function collectFormats(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectFormats(item, into);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') into.add(value);
      else collectFormats(value, into);
    }
  }
}

function createAjv(doc: OpenApiDocument, coerceTypes: boolean): AjvInstance {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    validateSchema: false,
    coerceTypes: coerceTypes ? 'array' : false,
    useDefaults: coerceTypes,
    discriminator: false,
    logger: false,
    // Keys come from partners: \`required\` and \`properties\` must look at own properties only, never at what every
    // object inherits (a required \`constructor\` would otherwise always be "present").
    ownProperties: true,
  });
  addFormats(ajv);
  useFastFullDate(ajv.formats, (name, format) => ajv.addFormat(name, format));
  const formats = new Set<string>();
  collectFormats(doc, formats);
  for (const name of [...OPAQUE_FORMATS, ...formats]) {
    // Unknown formats are accepted rather than fatal: the spec is the authority, the sandbox must not refuse it.
    if (!ajv.formats[name]) ajv.addFormat(name, true);
  }
  // One copy of the document as a schema resource, so every `#/components/...` $ref resolves inside it.
  ajv.addSchema({ $id: SPEC_ID, components: doc.components ?? {}, paths: doc.paths, webhooks: doc.webhooks ?? {} });
  return ajv;
}

function compileParams(ajv: AjvInstance, operation: OperationSpec): ParameterValidators[] {
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
      properties[key] = wrapLocalRefs(param.schema);
      if (param.required) required.push(key);
    }
    out.push({ location, names, validate: ajv.compile({ type: 'object', properties, required }) });
  }
  return out;
}

/** Parameter schemas are copied into a new wrapper schema, so their local refs must point into the document. */
function wrapLocalRefs(schema: JsonSchema): JsonSchema {
  if (typeof schema !== 'object' || schema === null) return schema;
  return JSON.parse(JSON.stringify(schema), (key, value) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${SPEC_ID}${value}` : value,
  ) as JsonSchema;
}

/**
 * Compiles, once, every request validator the spec implies (and, on demand, response and webhook validators).
 * Each schema is taken verbatim from the document, its `#/components/...` refs pointed at the copy of the document
 * registered with ajv, so what is validated is exactly what the spec says.
 */
export function compileSpec(
  doc: OpenApiDocument,
  operations: OperationSpec[],
  options: { responses: boolean },
): CompiledSpec {
  const bodyAjv = createAjv(doc, false);
  const paramAjv = createAjv(doc, true);
  const compiled = new Map<string, OperationValidators>();
  for (const operation of operations) {
    const bodies = new Map<string, Validator | undefined>();
    if (operation.requestBody) {
      for (const [mediaType, schema] of Object.entries(operation.requestBody.content)) {
        bodies.set(mediaType, schema === undefined ? undefined : bodyAjv.compile(wrapLocalRefs(schema)));
      }
    }
    const entry: OperationValidators = { operation, params: compileParams(paramAjv, operation), bodies };
    if (options.responses) {
      entry.responses = new Map();
      for (const [status, response] of Object.entries(operation.responses)) {
        const byType = new Map<string, Validator | undefined>();
        for (const [mediaType, schema] of Object.entries(response.content)) {
          byType.set(mediaType, schema === undefined ? undefined : bodyAjv.compile(wrapLocalRefs(schema)));
        }
        entry.responses.set(status, byType);
      }
    }
    compiled.set(operation.operationId, entry);
  }
  const webhooks = new Map<string, Validator>();
  if (options.responses) {
    for (const [eventType, item] of Object.entries(doc.webhooks ?? {})) {
      const post = resolveLocal(doc, item)?.post as Record<string, unknown> | undefined;
      const body = resolveLocal(doc, post?.requestBody);
      const content = body?.content as Record<string, { schema?: JsonSchema }> | undefined;
      const schema = content?.['application/json']?.schema;
      if (schema !== undefined) webhooks.set(eventType, bodyAjv.compile(wrapLocalRefs(schema)));
    }
  }
  const envelopeSchema = (doc.components?.schemas as Record<string, JsonSchema> | undefined)?.PartnerErrorResponse;
  const errorEnvelope =
    options.responses && envelopeSchema !== undefined ? bodyAjv.compile(wrapLocalRefs(envelopeSchema)) : undefined;
  return { operations: compiled, webhooks, validationCodes: findValidationCodes(doc), errorEnvelope };
}

function resolveLocal(doc: OpenApiDocument, value: unknown): Record<string, unknown> | undefined {
  let current = value as Record<string, unknown> | undefined;
  for (let i = 0; i < 10 && current && typeof current.$ref === 'string'; i++) {
    let target: unknown = doc;
    for (const raw of current.$ref.slice(2).split('/'))
      target = (target as Record<string, unknown>)?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
    current = target as Record<string, unknown> | undefined;
  }
  return current;
}

function findValidationCodes(doc: OpenApiDocument): Set<string> | undefined {
  const schema = (doc.components?.schemas as Record<string, Record<string, unknown>> | undefined)?.ValidationErrorCode;
  const values = schema?.enum;
  return Array.isArray(values) ? new Set(values.filter((v): v is string => typeof v === 'string')) : undefined;
}
