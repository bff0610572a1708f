// Byte helpers shared by the webhook and assertion code. Web-standard only (no Buffer), so the main entry runs on
// any runtime with TextEncoder and Web Crypto.

const encoder = new TextEncoder();
// `fatal` so a body that is not UTF-8 is reported as such instead of being silently "repaired" with U+FFFD.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Decodes UTF-8 strictly; throws a TypeError on invalid sequences. */
export function decodeUtf8(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

const HEX = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return out;
}

/**
 * Decodes lowercase hex of exactly `byteLength` bytes, or returns undefined. Uppercase is refused on purpose: the
 * Zest-Signature scheme specifies lowercase hex, and one canonical spelling keeps every implementation agreeing on the
 * shared test vectors.
 */
export function fromLowerHex(text: string, byteLength: number): Uint8Array | undefined {
  if (text.length !== byteLength * 2) return undefined;
  const out = new Uint8Array(byteLength);
  for (let i = 0; i < byteLength; i++) {
    const hi = lowerHexValue(text.charCodeAt(2 * i));
    const lo = lowerHexValue(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function lowerHexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  return -1;
}

/**
 * Compares two byte arrays in time that depends only on their lengths, never on where they first differ, so a
 * signature cannot be guessed byte by byte from response times. Lengths are public here (a SHA-256 MAC is always 32
 * bytes), so returning early on a length mismatch leaks nothing.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
