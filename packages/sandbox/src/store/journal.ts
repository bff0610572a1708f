import * as zlib from 'node:zlib';
import { OutboxRow } from '../webhooks/outbox-row.js';
import { COLLECTIONS, type Collection, type Op } from './store.js';

/**
 * The store file's format: a header line, then framed records. Each record is one commit (or one chunk of a
 * compaction snapshot): `u32 length | u32 crc32 | JSON payload`, big-endian. The payload is an array of ops
 * `[collection, id, value]` (set), `[collection, id]` (delete) or `[collection, id, value, 1]` (a set whose value
 * has byte buffers among its own properties, written as `{"$bytes": base64}`) or `[collection, id, form, 2]` (a
 * value that has its own compact journal form, `toJournal()`, rebuilt on replay by its collection's decoder).
 * Replaying every record in order rebuilds the state.
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

/**
 * The op as it is written: a value holding byte buffers in its own properties (an uploaded file's `bytes`, a cached
 * idempotent answer's `body`) gets them as `{"$bytes": base64}` and the op a trailing 1. Only own properties are
 * looked at (that is where the sandbox keeps bytes) so that every other value goes through one native stringify.
 */
function prepare(op: Op): unknown[] {
  if (op.length < 3) return op;
  const value = op[2];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return op;
  if (typeof (value as Partial<Journaled>).toJournal === 'function' && DECODERS[op[0]]) return [op[0], op[1], (value as Journaled).toJournal(), 2];
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (member instanceof Uint8Array) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = { $bytes: Buffer.from(member.buffer, member.byteOffset, member.byteLength).toString('base64') };
    }
  }
  return copy ? [op[0], op[1], copy, 1] : op;
}

/** Turns `{"$bytes": base64}` back into Buffers, at any depth (a 1.x snapshot, or an op marked with a trailing 1). */
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

/** A stored value with a compact journal form of its own (an outbox row: its event data, not its serialised payload). */
interface Journaled {
  toJournal(): unknown;
}

/** Per collection, what turns a `toJournal()` form back into the stored value. */
const DECODERS: Partial<Record<Collection, (stored: unknown) => unknown>> = {
  deliveries: OutboxRow.fromJournal,
};

function frame(payload: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(FRAME + payload.length);
  framed.writeUInt32BE(payload.length, 0);
  framed.writeUInt32BE(crc32(payload), 4);
  payload.copy(framed, FRAME);
  return framed;
}

/** A framed record holding these ops: one native JSON.stringify over all of them. */
export function encodeRecord(ops: Op[]): Buffer {
  return frame(Buffer.from(JSON.stringify(ops.map(prepare)), 'utf8'));
}

/** All ops of a snapshot, cut into records of `chunk` ops each (a compaction). */
export function* encodeSnapshot(entries: Iterable<Op>, chunk = 2000): Generator<Buffer> {
  let batch: Op[] = [];
  for (const op of entries) {
    batch.push(op);
    if (batch.length >= chunk) {
      yield encodeRecord(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield encodeRecord(batch);
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
      if (op.length === 4 && op[3] === 2) {
        const decode = DECODERS[op[0] as Collection];
        if (!decode) return { records, validBytes: offset, damage: `a compact ${op[0]} value this version cannot read` };
        valid.push([op[0] as Collection, op[1], decode(op[2])]);
      } else if (op.length === 4) valid.push([op[0] as Collection, op[1], reviveBytes(op[2])]);
      else valid.push(op as Op);
    }
    apply(valid);
    records += 1;
    offset += FRAME + length;
  }
  return { records, validBytes: offset };
}
