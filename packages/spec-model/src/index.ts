// @zestequity/spec-model: one reader of an OpenAPI 3.1 document (the bundled Zest Partner API spec, or any other).

export {
  type Ajv,
  createSpecAjv,
  type ErrorObject,
  SPEC_SCHEMA_ID,
  type SpecAjv,
  type SpecAjvOptions,
  type ValidateFunction,
} from './ajv.js';
export {
  asOpenApiDocument,
  bundledSpecPath,
  loadBundledSpec,
  loadSpec,
  type OpenApiDocument,
  type SecurityRequirement,
} from './document.js';
export { SpecModelError } from './errors.js';
export { isFullDate } from './formats.js';
export {
  type AuthMode,
  HTTP_METHODS,
  type HttpMethod,
  type IdempotencyMode,
  type JsonSchema,
  listOperations,
  listWebhooks,
  locateOperations,
  type Media,
  matchResponse,
  type Operation,
  type OperationLocation,
  operationKey,
  type Parameter,
  type ParameterLocation,
  type RequestBody,
  type Response,
  type ResponseHeader,
} from './operations.js';
export {
  escapePointer,
  formatPointer,
  getAt,
  isObject,
  type JsonObject,
  parsePointer,
  unescapePointer,
} from './pointer.js';
export { type Located, locate, resolveRef } from './refs.js';
export { listSchemas, propertyNames } from './schemas.js';
export { type UploadLimits, uploadLimitsByOperation } from './uploads.js';
