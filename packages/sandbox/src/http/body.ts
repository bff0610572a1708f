import type { IncomingMessage } from 'node:http';
import { emptyRecord } from '../own.js';
import { ApiError, badRequest } from './errors.js';
import {
  checkJsonShape,
  checkNoDuplicateKeys,
  checkWellFormedStrings,
  membersMatchText,
  PARSE_FIRST_BYTES,
  parsedShape,
  textIsCompactSpelling,
} from './json-shape.js';
import { decodeUtf8, parseUrlEncoded } from './text.js';

/** JSON and form bodies are small; anything larger than this is refused before it is buffered. */
export const MAX_JSON_BODY_BYTES = 5 * 1024 * 1024;

export function mediaType(req: IncomingMessage): string {
  const header = req.headers['content-type'];
  return header ? header.split(';', 1)[0]!.trim().toLowerCase() : '';
}

export function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'payload_too_large', `The request body exceeds ${limit.toLocaleString('en-US')} bytes.`);
}

/** Buffers a body up to `limit` bytes; past that it stops buffering and fails with 413 (the rest is discarded). */
export function readBody(req: IncomingMessage, limit = MAX_JSON_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    // A client that hangs up mid-body never sends 'end'; settle anyway so nothing waits forever.
    req.on('close', () => {
      if (!ended && !failed) {
        failed = true;
        reject(badRequest('The client closed the connection before the body was complete.'));
      }
    });
    // The only error a request stream raises is the client going away mid-body ('aborted', ECONNRESET): a client
    // error like the one above, not an internal one to log.
    req.on('error', () => {
      if (!failed) reject(badRequest('The client closed the connection before the body was complete.'));
      failed = true;
    });
  });
}

/**
 * A JSON body, refused with 400 unless it is UTF-8, nested at most `MAX_JSON_DEPTH` levels, free of arrays of more
 * than `MAX_JSON_ARRAY_ITEMS` items, of duplicate keys and of lone surrogates, and valid JSON. A large body's shape
 * is checked on its raw bytes before it is parsed; a small one's on the parsed value. Duplicate keys in a small body
 * are ruled out without a byte-by-byte scan when the text is the compact spelling of its value
 * (`textIsCompactSpelling`, no search of the text) or else when its colons match the value's members
 * (`membersMatchText`, one search per colon: about half the cost of the hostile-body checks on a 100-row bulk
 * create); the rest are scanned.
 */
export function parseJson(bytes: Buffer): unknown {
  return parseJsonText(bytes).value;
}

/** `parseJson`, with the text it parsed (what a bulk create keeps of its body). */
export function parseJsonText(bytes: Buffer): { value: unknown; text: string } {
  const scanned = bytes.length > PARSE_FIRST_BYTES ? checkJsonShape(bytes) : -1;
  const text = decodeUtf8(bytes, 'The JSON body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`The body is not valid JSON: ${(error as Error).message}`);
  }
  const shape = parsedShape(value);
  if (scanned >= 0) checkNoDuplicateKeys(shape.members, scanned);
  else if (!textIsCompactSpelling(text, shape) && !membersMatchText(text, shape.members))
    checkNoDuplicateKeys(shape.members, checkJsonShape(bytes));
  checkWellFormedStrings(text, value);
  return { value, text };
}

/**
 * `a=1&b=2` -> `{a: '1', b: '2'}` in a prototype-less object; a repeated field keeps its last value, as a repeated
 * query parameter does (`lastValues`). Bytes that are not UTF-8, raw or percent-encoded, are refused with 400.
 */
export function parseForm(bytes: Buffer): Record<string, string> {
  return lastValues(parseUrlEncoded(bytes, 'The form body'));
}

/**
 * Pairs -> a prototype-less record keeping the last value of each name: how the live service reads a repeated query
 * parameter or form field (its framework's query and form mappings keep the last), so `?perPage=1000&perPage=10` is
 * the same request here as `?perPage=10`.
 */
export function lastValues(pairs: Iterable<[string, string]>): Record<string, string> {
  const out = emptyRecord<string>();
  for (const [key, value] of pairs) out[key] = value;
  return out;
}
