import { deref, type OpenApiDocument } from './load-spec.js';
import type { SpecOperation } from './operations.js';

/** What an upload operation accepts, as its spec states it: the suite probes these limits, it never restates them. */
export interface UploadLimits {
  /** The file part: the multipart schema's one `format: binary` property. */
  fileField: string;
  /** Largest accepted file in bytes: that property's `x-zest-max-bytes`. */
  maxBytes: number;
  /** Accepted content types (lower case): the media type's `encoding.<fileField>.contentType`, split on commas. */
  contentTypes: string[];
}

/** Reads an upload operation's limits from the spec; throws, naming the operation, when the spec leaves one out. */
export function uploadLimits(spec: OpenApiDocument, operation: SpecOperation): UploadLimits {
  const where = `${operation.operationId} (${operation.pointer})`;
  const content = deref<any>(spec, operation.operation.requestBody)?.content ?? {};
  const key = Object.keys(content).find((type) => type.toLowerCase() === 'multipart/form-data');
  if (!key) throw new Error(`${where} takes no multipart/form-data body`);
  const media = deref<any>(spec, content[key]);
  const properties = deref<any>(spec, media?.schema)?.properties ?? {};
  const files = Object.entries<any>(properties)
    .map(([name, raw]) => [name, deref<any>(spec, raw)] as const)
    .filter(([, schema]) => schema?.format === 'binary');
  if (files.length !== 1) throw new Error(`${where}: expected one file part (format: binary) in the multipart schema, found ${files.length}`);
  const [fileField, schema] = files[0]!;
  const maxBytes = schema['x-zest-max-bytes'];
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new Error(`${where}: file part ${fileField} needs x-zest-max-bytes, a positive integer (got ${JSON.stringify(maxBytes)})`);
  }
  const listed = media.encoding?.[fileField]?.contentType;
  const contentTypes = typeof listed === 'string' ? listed.split(',').map((type) => type.trim().toLowerCase()).filter(Boolean) : [];
  if (contentTypes.length === 0) throw new Error(`${where}: file part ${fileField} needs encoding.${fileField}.contentType`);
  return { fileField, maxBytes, contentTypes };
}
