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
 * Compares two strings in time that depends only on their lengths, never on where they first differ. Used for hex
 * MACs: the computed one is always 64 characters, so a length mismatch reveals nothing secret. Uppercase hex does
 * not match lowercase: the scheme defines lowercase, and one spelling keeps every implementation agreeing on the
 * shared test vectors.
 */
export function constantTimeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Reads a stream to its end as one byte array, or stops as soon as it passes `limit` bytes (cancelling the rest) and
 * resolves `undefined`: a body whose sender decides its size is never buffered past what the caller accepts.
 */
export async function readAtMost(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | undefined> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
