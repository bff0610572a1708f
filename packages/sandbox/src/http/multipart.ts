import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { UploadLimits } from '@zestequity/spec-model';
import busboy from 'busboy';
import { emptyRecord } from '../own.js';
import { ApiError, badRequest } from './errors.js';
import { MultipartTextScanner } from './multipart-text.js';
import { decodeUtf8 } from './text.js';

/** The kinds of file the sandbox can recognise by their first bytes; the spec says which of them an upload accepts. */
export const SNIFFABLE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export type SniffedType = (typeof SNIFFABLE_TYPES)[number];

/** The spec's limits of one upload, plus what a test-only breakage may switch off. */
export interface UploadRule extends UploadLimits {
  /** Believe the declared type without sniffing the bytes: only ever set by a test-only breakage. */
  trustDeclaredType?: boolean;
}

export interface UploadedFile {
  fieldName: string;
  filename: string | undefined;
  declaredType: string;
  bytes: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  file: UploadedFile | undefined;
  /** The spec's limits this body was read under (and its file is to be checked against). */
  limits: UploadRule;
}

/** What the first bytes say the file is; `undefined` when it is none of the kinds the sandbox recognises. */
export function sniff(bytes: Buffer): SniffedType | undefined {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'image/webp';
  }
  return undefined;
}

/**
 * A spec that allows a type the sandbox cannot recognise would make every such upload a 415: refuse to start instead.
 * Called once per upload operation at start-up.
 */
export function assertSniffable(operationId: string, limits: UploadLimits): void {
  const unknown = limits.contentTypes.filter((type) => !(SNIFFABLE_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) {
    throw new Error(
      `${operationId}: the spec allows ${unknown.join(', ')}, which the sandbox cannot recognise by content (it knows ${SNIFFABLE_TYPES.join(', ')})`,
    );
  }
}

/**
 * The file is accepted only when the part's declared Content-Type is one the spec allows (`limits.contentTypes`) AND
 * its magic bytes say the same type: a PNG declared as `application/pdf`, or a text file declared as `image/png`, is 415.
 */
export function checkUploadType(file: UploadedFile, limits: UploadRule): SniffedType {
  const declared = file.declaredType.split(';', 1)[0]!.trim().toLowerCase();
  const actual = sniff(file.bytes);
  if (!limits.contentTypes.includes(declared)) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `The file's declared type ${declared || '(none)'} is not one of ${limits.contentTypes.join(', ')}.`,
    );
  }
  if (actual !== declared && !limits.trustDeclaredType) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      actual
        ? `The file is declared as ${declared} but its content is ${actual}.`
        : `The file is declared as ${declared} but its content is none of ${limits.contentTypes.join(', ')}.`,
    );
  }
  return actual ?? (declared as SniffedType);
}

/** Bytes parsed past the limit before busboy is detached; Node then discards the rest of the body unread. */
const DRAIN_ALLOWANCE = 16 * 1024 * 1024;

/** The longest text field accepted, in bytes, and the most parts a body may have. */
const FIELD_MAX_BYTES = 64 * 1024;
const MAX_PARTS = 25;

function newParser(req: IncomingMessage, maxFileBytes: number): busboy.Busboy {
  return busboy({
    headers: req.headers,
    // busboy reports 'limit' when the size REACHES fileSize, so allow one byte more and treat that as too big.
    limits: { fileSize: maxFileBytes + 1, files: 1, fields: 20, fieldSize: FIELD_MAX_BYTES, parts: MAX_PARTS },
    // Text fields arrive as latin1 (one char per byte) so their bytes can be checked as strict UTF-8 below;
    // busboy's own UTF-8 decoding would turn bad bytes into U+FFFD without a word.
    defCharset: 'latin1',
  });
}

/** Holds the file part in memory; past the size limit its bytes are dropped and `onTooLarge` is called instead. */
function bufferFilePart(
  name: string,
  stream: Readable,
  info: busboy.FileInfo,
  onTooLarge: () => void,
  onFile: (file: UploadedFile) => void,
): void {
  const chunks: Buffer[] = [];
  let truncated = false;
  // A body that ends inside the file part fails the part's stream as well as the parser; the parser's 'error'
  // handler answers for both, and an error event nobody listens to would take the whole process down.
  stream.on('error', () => {});
  stream.on('data', (chunk: Buffer) => {
    if (!truncated) chunks.push(chunk);
  });
  stream.on('limit', () => {
    truncated = true;
    chunks.length = 0;
    onTooLarge();
  });
  stream.on('end', () => {
    if (!truncated)
      onFile({
        fieldName: name,
        filename: info.filename,
        declaredType: info.mimeType ?? '',
        bytes: Buffer.concat(chunks),
      });
  });
}

/**
 * Keeps the last value of each text field (as the live service's framework reads a repeated form field, and as the
 * sandbox reads a repeated query parameter), its bytes read as strict UTF-8 whatever charset the part names (busboy's
 * latin1 string is the bytes, except for a part that names a charset: the scanner has those); a field cut at its
 * size limit is a 400.
 */
function fieldReader(
  fields: Record<string, string>,
  fail: (error: ApiError) => void,
  scanner: MultipartTextScanner | undefined,
) {
  return (name: string, value: string, info: busboy.FieldInfo): void => {
    if (info.valueTruncated) fail(badRequest(`Field ${name} is too long.`));
    else {
      try {
        fields[name] = decodeUtf8(scanner?.bytesOf(name) ?? Buffer.from(value, 'latin1'), `Field ${name}`);
      } catch (error) {
        fail(error as ApiError);
      }
    }
  };
}

/** The parser's `file` listener: buffers the one file part named `limits.fileField`; any other file part is a 400. */
function fileReader(
  limits: UploadRule,
  fail: (error: ApiError) => void,
  haveFile: () => boolean,
  onFile: (file: UploadedFile) => void,
) {
  const { fileField, maxBytes } = limits;
  return (name: string, stream: Readable, info: busboy.FileInfo): void => {
    if (name !== fileField || haveFile()) {
      fail(
        badRequest(
          name === fileField
            ? `Only one ${fileField} part is accepted.`
            : `Unexpected file part ${name}; the file goes in ${fileField}.`,
        ),
      );
      stream.on('error', () => {});
      stream.resume();
      return;
    }
    bufferFilePart(name, stream, info, () => fail(fileTooLarge(maxBytes)), onFile);
  };
}

/**
 * The 413 of an upload: the limit is on the file, not on the body (which also carries the part headers and the text
 * fields, so a body a little over the limit may hold an acceptable file); "the request body exceeds 10,485,760
 * bytes" named the wrong thing.
 */
function fileTooLarge(limit: number): ApiError {
  return new ApiError(
    413,
    'payload_too_large',
    `The file exceeds ${limit.toLocaleString('en-US')} bytes, the most this operation accepts.`,
  );
}

/**
 * Streams a multipart body through busboy with hard limits: one file part named `limits.fileField`, at most
 * `limits.maxBytes` of it held in memory, small text fields. A larger file fails with 413 without buffering it
 * (a declared Content-Length far above the limit is refused before any byte is parsed).
 */
export function readMultipart(req: IncomingMessage, limits: UploadRule): Promise<MultipartBody> {
  const { fileField, maxBytes: maxFileBytes } = limits;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxFileBytes + 1024 * 1024) {
    return Promise.reject(fileTooLarge(maxFileBytes));
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = newParser(req, maxFileBytes);
    } catch (error) {
      req.resume();
      reject(badRequest(`The multipart body cannot be parsed: ${(error as Error).message}`));
      return;
    }
    const boundary = MultipartTextScanner.boundaryOf(req.headers['content-type']);
    const scanner = boundary ? new MultipartTextScanner(boundary, FIELD_MAX_BYTES, MAX_PARTS) : undefined;
    const fields = emptyRecord<string>();
    let file: UploadedFile | undefined;
    let failure: ApiError | undefined;
    let settled = false;
    let received = 0;
    const fail = (error: ApiError) => {
      failure ??= error;
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      if (failure) reject(failure);
      else resolve({ fields, file, limits });
    };
    // Registered before `req.pipe(parser)`, so the scanner sees every chunk before busboy does.
    req.on('data', (chunk: Buffer) => {
      if (!settled) scanner?.push(chunk);
      received += chunk.length;
      if (received > maxFileBytes + DRAIN_ALLOWANCE && !settled) {
        req.unpipe(parser);
        req.resume();
        fail(fileTooLarge(maxFileBytes));
        finish();
      }
    });
    parser.on(
      'file',
      fileReader(
        limits,
        fail,
        () => file !== undefined,
        (part) => {
          file = part;
        },
      ),
    );
    parser.on('field', fieldReader(fields, fail, scanner));
    parser.on('filesLimit', () => fail(badRequest(`Only one ${fileField} part is accepted.`)));
    parser.on('fieldsLimit', () => fail(badRequest('Too many form fields.')));
    parser.on('partsLimit', () => fail(badRequest('Too many form parts.')));
    parser.on('error', (error: Error) => {
      fail(badRequest(`The multipart body cannot be parsed: ${error.message}`));
      req.unpipe(parser);
      req.resume();
      finish();
    });
    parser.on('close', finish);
    req.on('close', () => {
      if (req.complete) return;
      fail(badRequest('The client closed the connection before the body was complete.'));
      finish();
    });
    req.pipe(parser);
  });
}
