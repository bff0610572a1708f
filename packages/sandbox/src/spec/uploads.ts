import { listOperations, loadBundledSpec, type OpenApiDocument, type OperationSpec, resolveRef } from './openapi.js';

/**
 * What one upload operation accepts, as the spec states it (docs/design-decisions.md#upload-limits): the sandbox
 * enforces these and never restates them, so a change to the spec's limits changes the sandbox with no code change.
 */
export interface UploadLimits {
  /** The file part: the multipart schema's one `format: binary` property. */
  fileField: string;
  /** Largest accepted file, in bytes: that property's `x-zest-max-bytes`. */
  maxBytes: number;
  /** Accepted content types, lower case: the media type's `encoding.<fileField>.contentType`, split on commas. */
  contentTypes: readonly string[];
  /** Believe the declared type without sniffing the bytes: only ever set by a test-only breakage. */
  trustDeclaredType?: boolean;
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The limits of one operation's `multipart/form-data` body; throws, naming the spot, when the spec omits one. */
function limitsOf(doc: OpenApiDocument, operation: OperationSpec): UploadLimits {
  const where = `${operation.operationId} (${operation.pointer}/requestBody/content/multipart~1form-data)`;
  const op = resolveRef<Node>(doc, doc.paths[operation.path])[operation.method.toLowerCase()] as Node;
  const body = resolveRef<Node>(doc, op.requestBody);
  const content = (body.content ?? {}) as Node;
  const key = Object.keys(content).find((type) => type.toLowerCase() === 'multipart/form-data')!;
  const media = resolveRef<Node>(doc, content[key]);
  const schema = resolveRef<Node>(doc, media.schema);
  const properties = isNode(schema?.properties) ? schema.properties : {};
  const files = Object.entries(properties)
    .map(([name, raw]) => [name, resolveRef<Node>(doc, raw)] as const)
    .filter(([, property]) => isNode(property) && property.format === 'binary');
  if (files.length !== 1) throw new Error(`${where}: expected one file part (format: binary), found ${files.length}`);
  const [fileField, property] = files[0]!;
  const maxBytes = property['x-zest-max-bytes'];
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new Error(
      `${where}: file part ${fileField} needs x-zest-max-bytes, a positive integer (got ${JSON.stringify(maxBytes)})`,
    );
  }
  const encoding = isNode(media.encoding) ? media.encoding[fileField] : undefined;
  const listed = isNode(encoding) && typeof encoding.contentType === 'string' ? encoding.contentType : '';
  const contentTypes = listed
    .split(',')
    .map((type) => type.trim().toLowerCase())
    .filter(Boolean);
  if (contentTypes.length === 0)
    throw new Error(`${where}: file part ${fileField} needs encoding.${fileField}.contentType`);
  return { fileField, maxBytes, contentTypes };
}

/** Upload limits of every operation that takes a multipart body, by operationId. Throws at start-up if one is missing. */
export function uploadLimitsByOperation(
  doc: OpenApiDocument,
  operations: OperationSpec[] = listOperations(doc),
): Map<string, UploadLimits> {
  const out = new Map<string, UploadLimits>();
  for (const operation of operations) {
    if (!operation.requestBody || !('multipart/form-data' in operation.requestBody.content)) continue;
    out.set(operation.operationId, limitsOf(doc, operation));
  }
  return out;
}

let bundled: ReadonlyMap<string, UploadLimits> | undefined;

/**
 * The upload limits of the bundled spec (`@zestequity/partner-api-spec/openapi.json`), by operationId, for code
 * that needs them without a running sandbox (a started sandbox exposes those of the spec it serves as
 * `sandbox.uploadLimits`).
 */
export function bundledUploadLimits(): ReadonlyMap<string, UploadLimits> {
  if (!bundled) {
    bundled = uploadLimitsByOperation(loadBundledSpec());
  }
  return bundled;
}
