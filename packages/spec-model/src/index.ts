// @zestequity/spec-model: one reader of an OpenAPI 3.1 document (the bundled Zest Partner API spec, or any other).
export { SpecModelError } from './errors.js';
export { asOpenApiDocument, bundledSpecPath, loadBundledSpec, loadSpec, type OpenApiDocument, type SecurityRequirement } from './document.js';
export { escapePointer, formatPointer, getAt, isObject, parsePointer, unescapePointer, type JsonObject } from './pointer.js';
export { locate, resolveRef, type Located } from './refs.js';
export {
  HTTP_METHODS,
  listOperations,
  listWebhooks,
  locateOperations,
  matchResponse,
  operationKey,
  type AuthMode,
  type HttpMethod,
  type IdempotencyMode,
  type JsonSchema,
  type Media,
  type Operation,
  type OperationLocation,
  type Parameter,
  type ParameterLocation,
  type RequestBody,
  type Response,
  type ResponseHeader,
} from './operations.js';
export { uploadLimitsByOperation, type UploadLimits } from './uploads.js';
export { listSchemas, propertyNames } from './schemas.js';
export { isFullDate } from './formats.js';
export { createSpecAjv, SPEC_SCHEMA_ID, type Ajv, type ErrorObject, type SpecAjv, type SpecAjvOptions, type ValidateFunction } from './ajv.js';
