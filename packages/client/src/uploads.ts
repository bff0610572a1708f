import { ZestUploadError } from './errors.js';
import { UPLOAD_CONTENT_TYPES, UPLOAD_MAX_BYTES } from './generated/spec-facts.js';
import { refuse } from './retry.js';

export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

/** Bytes in any form a browser, an edge runtime or Node hands out (a Node Buffer is a Uint8Array). */
export type UploadData = Blob | Uint8Array | ArrayBuffer;

/** A file to upload: a Blob/File as is, or bytes with an explicit name and type. */
export type UploadInput = Blob | { data: UploadData; filename?: string | undefined; contentType?: string | undefined };

export interface PreparedUpload {
  blob: Blob;
  filename: string;
  contentType: UploadContentType;
  size: number;
}

export const uploadLimits = { maxBytes: UPLOAD_MAX_BYTES, contentTypes: UPLOAD_CONTENT_TYPES } as const;

// Magic numbers of the allowed formats; the SDK checks what the bytes are, not only what the caller says they are.
const SIGNATURES: Record<string, (head: Uint8Array) => boolean> = {
  'application/pdf': (h) => startsWith(h, [0x25, 0x50, 0x44, 0x46, 0x2d]), // %PDF-
  'image/jpeg': (h) => startsWith(h, [0xff, 0xd8, 0xff]),
  'image/png': (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/webp': (h) => startsWith(h, [0x52, 0x49, 0x46, 0x46]) && startsWith(h.subarray(8), [0x57, 0x45, 0x42, 0x50]), // RIFF....WEBP
};

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** Formats the SDK can recognise by content; a spec type missing here is refused rather than sent unchecked. */
export function sniffContentType(head: Uint8Array): UploadContentType | undefined {
  for (const type of UPLOAD_CONTENT_TYPES) {
    if (SIGNATURES[type]?.(head)) return type;
  }
  return undefined;
}

export function canSniff(contentType: string): boolean {
  return contentType in SIGNATURES;
}

/**
 * Checks size, declared type and magic bytes, and returns a Blob ready for a multipart part.
 * Throws ZestUploadError before anything is sent.
 */
export async function prepareUpload(input: UploadInput): Promise<PreparedUpload> {
  const { data, filename: givenName, contentType: givenType } = isBlob(input) ? { data: input } : checkInput(input);
  const blob = isBlob(data) ? data : new Blob([toArrayBuffer(data)]);
  const size = blob.size;
  const declared = normaliseType(givenType ?? (isBlob(data) ? data.type : '')) || undefined;

  if (size > UPLOAD_MAX_BYTES) {
    throw new ZestUploadError(
      'too_large',
      `File is ${size} bytes; the API accepts at most ${UPLOAD_MAX_BYTES} bytes.`,
      {
        size,
        declaredType: declared,
      },
    );
  }
  if (size === 0) throw new ZestUploadError('empty', 'File is empty.', { size, declaredType: declared });
  if (declared !== undefined && !isAllowed(declared)) {
    throw new ZestUploadError(
      'unsupported_type',
      `Content type ${declared} is not accepted; allowed: ${UPLOAD_CONTENT_TYPES.join(', ')}.`,
      { size, declaredType: declared },
    );
  }
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  const detected = sniffContentType(head);
  if (detected === undefined) {
    throw new ZestUploadError(
      'unrecognised_content',
      `File content is not one of ${UPLOAD_CONTENT_TYPES.join(', ')} (its first bytes match none of them).`,
      { size, declaredType: declared },
    );
  }
  if (declared !== undefined && declared !== detected) {
    throw new ZestUploadError('type_mismatch', `File is declared as ${declared} but its content is ${detected}.`, {
      size,
      declaredType: declared,
      detectedType: detected,
    });
  }
  // An empty name would send the part without a filename, which a multipart server reads as a text field, not a file.
  const fileName = givenName || (isFile(data) && data.name ? data.name : `upload.${EXTENSIONS[detected] ?? 'bin'}`);
  // Re-wrap so the multipart part carries the checked type even when the source Blob had none.
  const typed = blob.type === detected ? blob : new Blob([blob], { type: detected });
  return { blob: typed, filename: fileName, contentType: detected, size };
}

/**
 * `{ data }` holding bytes. Anything else (null, a string, `{ data: 'text' }`) is a mistake in the calling code, not
 * a bad file: a TypeError, rather than the ZestUploadError 'empty' that reading it as zero bytes would give.
 */
function checkInput(input: unknown): Exclude<UploadInput, Blob> {
  const data = (input as { data?: unknown } | null)?.data;
  if (!(isBlob(data) || data instanceof Uint8Array || data instanceof ArrayBuffer)) {
    // What was passed is shown: null or a string itself, not the `data` read from it (undefined).
    if (data === undefined) refuse('file', input, 'a Blob or { data: bytes }');
    refuse('file.data', data, 'bytes or a Blob');
  }
  // Past the types, a name or type that is not a string would be coerced ("42") or fail deep inside (`split`).
  const { filename, contentType } = input as { filename?: unknown; contentType?: unknown };
  if (filename != null && typeof filename !== 'string') refuse('file.filename', filename, 'a string');
  if (contentType != null && typeof contentType !== 'string') refuse('file.contentType', contentType, 'a string');
  return input as Exclude<UploadInput, Blob>;
}

function isAllowed(type: string): type is UploadContentType {
  return (UPLOAD_CONTENT_TYPES as readonly string[]).includes(type);
}

function normaliseType(type: string): string {
  return type.split(';')[0]!.trim().toLowerCase();
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

function isFile(value: unknown): value is File {
  return typeof File !== 'undefined' && value instanceof File;
}

function toArrayBuffer(data: Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> {
  // Blob copies the bytes; a view over a SharedArrayBuffer is not a valid BlobPart, so it is copied first.
  if (!(data instanceof Uint8Array)) return new Uint8Array(data);
  return data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}
