import {
  createSpecAjv,
  type ErrorObject,
  listWebhooks,
  locate,
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
  /** Keys whose schema is a number or an integer: their text must be a decimal numeral (`decimalOnly`). */
  numeric: Map<string, 'integer' | 'number'>;
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

/** `integer` or `number` when a parameter's schema (its `$ref`s followed) allows only numbers, else undefined. */
function numericType(doc: OpenApiDocument, schema: JsonSchema): 'integer' | 'number' | undefined {
  const { node } = locate<JsonSchema>(doc, schema, []);
  const type = typeof node === 'object' ? node.type : undefined;
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('integer') && types.every((t) => t === 'integer')) return 'integer';
  if (types.length > 0 && types.every((t) => t === 'integer' || t === 'number')) return 'number';
  return undefined;
}

function compileParams(ajv: SpecAjv, doc: OpenApiDocument, operation: OperationSpec): ParameterValidators[] {
  const out: ParameterValidators[] = [];
  for (const location of ['path', 'query', 'header'] as const) {
    const params = operation.parameters.filter((p) => p.in === location);
    if (params.length === 0) continue;
    const names = new Map<string, string>();
    const numeric = new Map<string, 'integer' | 'number'>();
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const param of params) {
      const key = location === 'header' ? param.name.toLowerCase() : param.name;
      names.set(key, param.name);
      properties[key] = param.schema;
      const type = numericType(doc, param.schema);
      if (type) numeric.set(key, type);
      if (param.required) required.push(key);
    }
    out.push({ location, names, numeric, validate: ajv.compile({ type: 'object', properties, required }) });
  }
  return out;
}

const NOT_A_NUMERAL = Object.freeze({});

const DECIMAL = {
  integer: /^[+-]?\d+(\.0*)?$/,
  number: /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/,
};

/**
 * Parameter text is coerced to the schema's type by ajv, which reads numbers the way JavaScript does: `0x10` was
 * page 16, `1e3` page 1000, `0b11` three items per page and a lone space page 0. A numeric parameter must be a decimal
 * numeral (an integer one may end in `.0`, as `1.0`); anything else is replaced here by a value ajv cannot coerce and
 * no numeric schema accepts (an object, which the bounds keywords skip), so it is refused with the one "must be
 * integer" a word gets.
 */
export function decimalOnly(entry: ParameterValidators, data: Record<string, unknown>): void {
  for (const [key, type] of entry.numeric) {
    const value = data[key];
    if (typeof value === 'string' && !DECIMAL[type].test(value)) data[key] = NOT_A_NUMERAL;
  }
}

/** Every name a plain object inherits (`constructor`, `toString`, `__proto__`, ...). */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Whether some schema in the document names an inherited member as a property it looks up (`properties`,
 * `required`, `dependentRequired`, `dependentSchemas`). Only then can ajv's plain `data[name]` lookups see what a
 * parsed body inherits instead of what it holds; otherwise own-property checks (`ownProperties`, which doubles the
 * cost of validating a 100-row bulk body) change no outcome. Anything that merely looks like such a keyword (an
 * example with a `required` member) can only make the answer "yes", which is the safe side.
 */
export function namesInheritedMembers(doc: unknown): boolean {
  const names = (value: unknown): string[] =>
    Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : value !== null && typeof value === 'object'
        ? Object.keys(value)
        : [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const schema = node as Record<string, unknown>;
    for (const keyword of ['properties', 'required', 'dependentSchemas'])
      if (names(schema[keyword]).some((name) => INHERITED.has(name))) return true;
    const dependent = schema.dependentRequired;
    if (dependent !== null && typeof dependent === 'object') {
      for (const [name, required] of Object.entries(dependent))
        if (INHERITED.has(name) || names(required).some((n) => INHERITED.has(n))) return true;
    }
    stack.push(...Object.values(schema));
  }
  return false;
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
  // Keys come from partners: where the spec names an inherited member, `required` and `properties` must look at own
  // properties only (a required `constructor` would otherwise always be "present"). Parameters, forms and multipart
  // fields are read into objects without a prototype, so only parsed JSON bodies inherit anything.
  const ownProperties = namesInheritedMembers(doc);
  const bodyAjv = createSpecAjv(doc, { ownProperties });
  const paramAjv = createSpecAjv(doc, { coerceTypes: true, ownProperties });
  const compiled = new Map<string, OperationValidators>();
  for (const operation of operations) {
    const bodies = new Map<string, Validator | undefined>();
    if (operation.requestBody) {
      for (const [mediaType, schema] of Object.entries(operation.requestBody.content)) {
        bodies.set(mediaType, schema === undefined ? undefined : bodyAjv.compile(schema));
      }
    }
    const entry: OperationValidators = { operation, params: compileParams(paramAjv, doc, operation), bodies };
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
