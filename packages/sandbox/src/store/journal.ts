import * as zlib from 'node:zlib';
import { COLLECTIONS, type Collection, type Op } from './store.js';

/**
 * The store file's format: a header line, then framed records. Each record is one commit (or one chunk of a
 * compaction snapshot): `u32 length | u32 crc32 | JSON payload`, big-endian. The payload is an array of ops
 * `[collection, id, value]` (set), `[collection, id]` (delete) or `[collection, id, value, 1]` (a set whose value
 * holds byte buffers, written as `{"$bytes": base64}`). Replaying every record in order rebuilds the state.
 */
export const HEADER = Buffer.from('zest-sandbox-journal/2\n', 'utf8');
/** The JSON snapshot that sandbox 1.x wrote (still read: migrated on first start). */
export const LEGACY_FORMAT = 'zest-sandbox-store/1';
const FRAME = 8;
/** A record larger than this is not one the sandbox wrote: treated as damage, not allocated. */
export const MAX_RECORD_BYTES = 1 << 30;

const crc32: (data: Uint8Array) => number = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32 ?? tableCrc32;

let table: Int32Array | undefined;
/** CRC-32 (IEEE), for a Node without `zlib.crc32`. */
function tableCrc32(data: Uint8Array): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

function hasBytes(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(hasBytes);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const key in value) if (hasBytes((value as Record<string, unknown>)[key])) return true;
  return false;
}

function replaceBytes(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // JSON.stringify has already called Buffer#toJSON on `value`; the holder still has the original.
  const original = this[key];
  if (original instanceof Uint8Array) return { $bytes: Buffer.from(original).toString('base64') };
  return value;
}

export function reviveBytes(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveBytes(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.$bytes === 'string' && Object.keys(record).length === 1) return Buffer.from(record.$bytes, 'base64');
  for (const key of Object.keys(record)) record[key] = reviveBytes(record[key]);
  return value;
}

/** One op as JSON text. Only values that hold bytes pay for the replacer (it runs on every key). */
function opJson(op: Op): string {
  const [collection, id] = op;
  if (op.length < 3) return JSON.stringify([collection, id]);
  const value = op[2];
  if (hasBytes(value)) return `[${JSON.stringify(collection)},${JSON.stringify(id)},${JSON.stringify(value, replaceBytes)},1]`;
  return `[${JSON.stringify(collection)},${JSON.stringify(id)},${JSON.stringify(value) ?? 'null'}]`;
}

/** A framed record holding these ops. */
export function encodeRecord(ops: Op[]): Buffer {
  const payload = Buffer.from(`[${ops.map(opJson).join(',')}]`, 'utf8');
  const frame = Buffer.allocUnsafe(FRAME);
  frame.writeUInt32BE(payload.length, 0);
  frame.writeUInt32BE(crc32(payload), 4);
  return Buffer.concat([frame, payload]);
}

/** Ops serialised one by one, cut into records of about `chunkBytes` (a compaction snapshot). */
export function* encodeSnapshot(entries: Iterable<Op>, chunkBytes = 4 << 20): Generator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  const emit = () => {
    const payload = Buffer.from(`[${parts.join(',')}]`, 'utf8');
    const frame = Buffer.allocUnsafe(FRAME);
    frame.writeUInt32BE(payload.length, 0);
    frame.writeUInt32BE(crc32(payload), 4);
    parts = [];
    size = 0;
    return Buffer.concat([frame, payload]);
  };
  for (const op of entries) {
    const text = opJson(op);
    parts.push(text);
    size += text.length;
    if (size >= chunkBytes) yield emit();
  }
  if (parts.length > 0) yield emit();
}

export interface Replay {
  /** Complete, intact records applied. */
  records: number;
  /** Where the intact part of the file ends. */
  validBytes: number;
  /** Why reading stopped before the end of the file (a torn or damaged final record), if it did. */
  damage?: string;
}

const KNOWN = new Set<string>(COLLECTIONS);

/** Reads the records after the header, calling `apply` for each intact one, and stops at the first damaged one. */
export function replay(file: Buffer, apply: (ops: Op[]) => void): Replay {
  let offset = HEADER.length;
  let records = 0;
  while (offset < file.length) {
    const left = file.length - offset;
    if (left < FRAME) return { records, validBytes: offset, damage: `a record header cut short (${left} of ${FRAME} bytes)` };
    const length = file.readUInt32BE(offset);
    const sum = file.readUInt32BE(offset + 4);
    if (length > MAX_RECORD_BYTES || length > left - FRAME) {
      return { records, validBytes: offset, damage: `a record cut short (${left - FRAME} of ${length} bytes)` };
    }
    const payload = file.subarray(offset + FRAME, offset + FRAME + length);
    if (crc32(payload) !== sum) return { records, validBytes: offset, damage: 'a record whose checksum does not match' };
    let ops: unknown;
    try {
      ops = JSON.parse(payload.toString('utf8'));
    } catch {
      return { records, validBytes: offset, damage: 'a record that is not valid JSON' };
    }
    if (!Array.isArray(ops)) return { records, validBytes: offset, damage: 'a record that is not a list of writes' };
    const valid: Op[] = [];
    for (const op of ops as unknown[]) {
      if (!Array.isArray(op) || typeof op[0] !== 'string' || typeof op[1] !== 'string') continue;
      // A collection this version does not know (a newer sandbox's) is skipped, as the 1.x snapshot reader did.
      if (!KNOWN.has(op[0])) continue;
      if (op.length === 4) valid.push([op[0] as Collection, op[1], reviveBytes(op[2])]);
      else valid.push(op as Op);
    }
    apply(valid);
    records += 1;
    offset += FRAME + length;
  }
  return { records, validBytes: offset };
}
