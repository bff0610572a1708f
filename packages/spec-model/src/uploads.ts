import { SpecModelError } from './errors.js';
import type { Media } from './operations.js';
import { isObject } from './pointer.js';
import { locate } from './refs.js';

/**
 * What one upload operation accepts, as the spec states it (docs/design-decisions.md#upload-limits): readers enforce
 * or probe these and never restate them, so a change to the spec's limits needs no code change.
 */
export interface UploadLimits {
  /** The file part: the multipart schema's one `format: binary` property. */
  fileField: string;
  /** Largest accepted file, in bytes: that property's `x-zest-max-bytes`. */
  maxBytes: number;
  /** Accepted content types, lower case: `encoding.<fileField>.contentType`, split on commas. */
  contentTypes: readonly string[];
}

/** The limits of a `multipart/form-data` media object; throws, naming `where`, when the spec leaves one out. */
export function uploadLimitsOf(doc: unknown, media: Media, where: string): UploadLimits {
  const schema = locate<unknown>(doc, media.schema, []).node;
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  const files = Object.entries(properties)
    .map(([name, raw]) => [name, locate<unknown>(doc, raw, []).node] as const)
    .filter(
      (entry): entry is readonly [string, Record<string, unknown>] =>
        isObject(entry[1]) && entry[1].format === 'binary',
    );
  if (files.length !== 1)
    throw new SpecModelError(`${where}: expected one file part (format: binary), found ${files.length}`);
  const [fileField, property] = files[0]!;
  const maxBytes = property['x-zest-max-bytes'];
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new SpecModelError(
      `${where}: file part ${fileField} needs x-zest-max-bytes, a positive integer (got ${JSON.stringify(maxBytes)})`,
    );
  }
  const contentTypes = media.encoding[fileField] ?? [];
  if (contentTypes.length === 0)
    throw new SpecModelError(`${where}: file part ${fileField} needs encoding.${fileField}.contentType`);
  return { fileField, maxBytes, contentTypes };
}

/** Upload limits of every operation that takes a multipart body, by operationId. */
export function uploadLimitsByOperation(
  operations: ReadonlyArray<{ operationId: string; upload: UploadLimits | undefined }>,
): Map<string, UploadLimits> {
  const out = new Map<string, UploadLimits>();
  for (const { operationId, upload } of operations) if (upload) out.set(operationId, upload);
  return out;
}
