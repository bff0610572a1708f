import { isAscii } from 'node:buffer';
import { type ApiError, badRequest } from './errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Bytes to text, refusing anything that is not well-formed UTF-8. Node's `toString('utf8')` (and `URLSearchParams`)
 * replace bad bytes with U+FFFD, which silently stored a different value from the one the partner sent.
 */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  // Nearly every body is ASCII: then each byte is its character, and latin1 decoding is the cheapest copy of it.
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw invalidUtf8(what);
  }
}

export const invalidUtf8 = (what: string): ApiError => badRequest(`${what} is not valid UTF-8.`);

const hex = (c: number) =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;

/** `application/x-www-form-urlencoded` percent-decoding of one name or value (`+` is a space), to bytes. */
function percentDecode(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === 0x2b) {
      out[n++] = 0x20;
    } else if (c === 0x25 && i + 2 < end && hex(bytes[i + 1]!) >= 0 && hex(bytes[i + 2]!) >= 0) {
      out[n++] = (hex(bytes[i + 1]!) << 4) | hex(bytes[i + 2]!);
      i += 2;
    } else {
      // A `%` not followed by two hex digits stays as it is (as URLSearchParams does).
      out[n++] = c;
    }
  }
  return out.subarray(0, n);
}

/**
 * Parses urlencoded pairs (a form body or a query string) like `URLSearchParams`, except that a name or value whose
 * bytes, raw or percent-encoded, are not UTF-8 is refused instead of being turned into U+FFFD.
 */
export function parseUrlEncoded(input: Uint8Array | string, what: string): [string, string][] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const pairs: [string, string][] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x26, start);
    if (end === -1) end = bytes.length;
    if (end > start) {
      let eq = bytes.indexOf(0x3d, start);
      if (eq === -1 || eq > end) eq = end;
      const name = decodeUtf8(percentDecode(bytes, start, eq), what);
      const value = eq < end ? decodeUtf8(percentDecode(bytes, eq + 1, end), what) : '';
      pairs.push([name, value]);
    }
    start = end + 1;
  }
  return pairs;
}
