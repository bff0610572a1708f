import {
  type JsonSchema,
  listOperations as listSpecOperations,
  loadBundledSpec,
  type OpenApiDocument,
  type UploadLimits,
  uploadLimitsByOperation,
} from '@zestequity/spec-model';

export type { JsonSchema, OpenApiDocument };
export { loadBundledSpec };

/** The locations the sandbox validates; cookie parameters are not read (the API declares none). */
export type ParameterLocation = 'path' | 'query' | 'header';

export interface ParameterSpec {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: JsonSchema;
}

export interface ResponseSpec {
  /** media type -> schema (absent when the response has no body). */
  content: Record<string, JsonSchema | undefined>;
}

/**
 * What the request pipeline needs of one operation, projected once at start-up from spec-model's `Operation`: plain
 * maps of schemas, and response keys upper-cased (`4XX`, `DEFAULT`) so a status is looked up without case folding.
 */
export interface OperationSpec {
  operationId: string;
  method: string;
  /** OpenAPI path template, e.g. `/v1/spvs/{spvSlug}/subscriptions`. */
  path: string;
  /** JSON pointer of the operation inside the document, for error messages. */
  pointer: string;
  parameters: ParameterSpec[];
  requestBody?: { required: boolean; content: Record<string, JsonSchema | undefined> };
  responses: Record<string, ResponseSpec>;
  auth: 'required' | 'optional' | 'none';
  idempotency: 'required' | 'optional' | 'none';
  emits: string[];
  /** The multipart upload's limits (`x-zest-max-bytes`, accepted types), when the operation takes a file. */
  upload: UploadLimits | undefined;
}

const schemas = (content: Record<string, { schema: JsonSchema | undefined }>) =>
  Object.fromEntries(Object.entries(content).map(([type, media]) => [type, media.schema]));

/** Every operation of the document, as the pipeline reads it. Throws, naming the spot, where the spec is incomplete. */
export function listOperations(doc: OpenApiDocument): OperationSpec[] {
  return listSpecOperations(doc).map((op) => ({
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    pointer: op.pointer,
    parameters: op.parameters
      .filter((p): p is typeof p & { in: ParameterLocation } => p.in !== 'cookie')
      .map((p) => ({ name: p.name, in: p.in, required: p.required, schema: p.schema })),
    requestBody: op.requestBody && { required: op.requestBody.required, content: schemas(op.requestBody.content) },
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => [status.toUpperCase(), { content: schemas(r.content) }]),
    ),
    auth: op.auth,
    idempotency: op.idempotency,
    emits: op.emits,
    upload: op.upload,
  }));
}

let bundled: ReadonlyMap<string, UploadLimits> | undefined;

/**
 * The upload limits of the bundled spec (`@zestequity/partner-api-spec/openapi.json`), by operationId, for code
 * that needs them without a running sandbox (a started sandbox exposes those of the spec it serves as
 * `sandbox.uploadLimits`).
 */
export function bundledUploadLimits(): ReadonlyMap<string, UploadLimits> {
  bundled ??= uploadLimitsByOperation(listSpecOperations(loadBundledSpec()));
  return bundled;
}
