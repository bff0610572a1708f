import * as zlib from 'node:zlib';
import { PeopleBatch } from '../domain/people.js';
import { EventBatch } from '../webhooks/event-batch.js';
import { OutboxRow } from '../webhooks/outbox-row.js';
import { stringifyWithRaw } from './raw-json.js';
import { COLLECTIONS, type Collection, type Op, UnreadableRecordError } from './store.js';

export { UnreadableRecordError };

/**
 * The store file's format: a header line, then framed records. Each record is one commit (or one chunk of a
 * compaction snapshot): `u32 length | u32 crc32 | JSON payload`, big-endian. The payload is an array of ops
 * `[collection, id, value]` (set), `[collection, id]` (delete) or `[collection, id, value, 1]` (a set whose value
 * has byte buffers among its own properties, written as `{"$bytes": base64}`) or `[collection, id, form, 2]` (a
 * value that has its own compact journal form, `toJournal()`, rebuilt on replay by its collection's decoder) or
 * `[collection, id, values, 3]` (a record of its collection's usual shape, `SHAPES`, as its values without the
 * keys). Replaying every record in order rebuilds the state.
 */
export const HEADER = Buffer.from('zest-sandbox-journal/4\n', 'utf8');
/**
 * Headers of earlier versions, still read: 2 (before the compact forms: no ops marked 2 or 3) and 3 (before people
 * and their untried events were kept per request: no `personBatches`, no event batches). Such a file is rewritten
 * under the current header before anything is appended, so that a sandbox of that version refuses it instead of
 * misreading (or, for a collection it does not know, silently dropping) what this one wrote.
 */
export const OLDER_HEADERS = [2, 3].map((version) => Buffer.from(`zest-sandbox-journal/${version}\n`, 'utf8'));
/** The journal version this sandbox writes (and the highest it reads). */
export const JOURNAL_VERSION = 4;
/**
 * The journal version a later zest-sandbox wrote into `bytes` (a header `zest-sandbox-journal/<n>` with n > 3), or
 * undefined. Such a file was reported as "not a zest-sandbox store file", which sent people looking for damage
 * when an upgrade was the answer.
 */
export function newerJournalVersion(bytes: Buffer): number | undefined {
  const match = /^zest-sandbox-journal\/(\d{1,9})\n/.exec(bytes.subarray(0, 40).toString('latin1'));
  const version = match ? Number(match[1]) : undefined;
  return version !== undefined && version > JOURNAL_VERSION ? version : undefined;
}
/** The JSON snapshot that sandbox 1.x wrote (still read: migrated on first start). */
export const LEGACY_FORMAT = 'zest-sandbox-store/1';
const FRAME = 8;
/** A record larger than this is not one the sandbox wrote: treated as damage, not allocated. */
export const MAX_RECORD_BYTES = 1 << 30;

const crc32: (data: Uint8Array) => number =
  (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32 ?? tableCrc32;

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
  const shape = SHAPES[op[0]];
  if (shape) {
    const values = shapeValues(value as Record<string, unknown>, shape);
    if (values) return [op[0], op[1], values, 3];
  }
  if (typeof (value as Partial<Journaled>).toJournal === 'function' && DECODERS[op[0]])
    return [op[0], op[1], (value as Journaled).toJournal(), 2];
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
  if (typeof record.$bytes === 'string' && Object.keys(record).length === 1)
    return Buffer.from(record.$bytes, 'base64');
  for (const key of Object.keys(record)) record[key] = reviveBytes(record[key]);
  return value;
}

/** A stored value with a compact journal form of its own (an outbox row: its event data, not its serialised payload). */
interface Journaled {
  toJournal(): unknown;
}

/**
 * Per collection, the keys its records usually have, in the order they are written (a person as a bulk create
 * makes it; `countryOfResidence` is optional, so last). A record whose keys are these in this order (all of them
 * or the first ones) is journaled as its values only: the keys are about 40% of a person's JSON and the same in
 * every row. Any other record (a key added, reordered or `undefined`) is written as an object, so a mismatch only
 * costs bytes, never data.
 */
const SHAPES: Partial<Record<Collection, readonly string[]>> = {
  people: [
    'zestPersonId',
    'clientId',
    'partnerInvestorId',
    'email',
    'firstName',
    'lastName',
    'dateOfBirth',
    'kycManagedBy',
    'createdAt',
    'countryOfResidence',
  ],
};

/** The record's values when its keys are a prefix of `shape` (in order) and every value is plain JSON; else undefined. */
function shapeValues(record: Record<string, unknown>, shape: readonly string[]): unknown[] | undefined {
  const values: unknown[] = [];
  let i = 0;
  for (const key in record) {
    if (key !== shape[i]) return undefined;
    const value = record[key];
    if (value === undefined || (value !== null && typeof value === 'object')) return undefined;
    values.push(value);
    i += 1;
  }
  return i > 0 ? values : undefined;
}

/** The record `shapeValues` took apart, keys in the same order. */
function fromShape(values: unknown, shape: readonly string[]): Record<string, unknown> | undefined {
  if (!Array.isArray(values) || values.length === 0 || values.length > shape.length) return undefined;
  const record: Record<string, unknown> = {};
  for (let i = 0; i < values.length; i++) record[shape[i]!] = values[i];
  return record;
}

/** Per collection, what turns a `toJournal()` form back into the stored value. */
const DECODERS: Partial<Record<Collection, (id: string, stored: unknown) => unknown>> = {
  deliveries: (id, stored) =>
    EventBatch.isJournalForm(stored) ? EventBatch.fromJournal(id, stored) : OutboxRow.fromJournal(id, stored),
  personBatches: (key, stored) => PeopleBatch.fromJournal(key, stored),
};

/**
 * The record for this JSON text, framed, in one buffer. Pure ASCII text (what the sandbox writes nearly always:
 * ids, dates, emails, names without accents) is copied byte for byte, which is the same as its UTF-8 and several
 * times cheaper than the UTF-8 encoder; any other text is encoded as UTF-8.
 */
function frame(text: string): Buffer {
  const length = Buffer.byteLength(text, 'utf8');
  // Never write what `replay` would not read back (it would take it for a torn append and drop it).
  if (length > MAX_RECORD_BYTES)
    throw new RangeError(`a store record of ${length} bytes is more than the ${MAX_RECORD_BYTES} a record may hold`);
  const framed = Buffer.allocUnsafe(FRAME + length);
  framed.write(text, FRAME, length, length === text.length ? 'latin1' : 'utf8');
  framed.writeUInt32BE(length, 0);
  framed.writeUInt32BE(crc32(framed.subarray(FRAME)), 4);
  return framed;
}

/** A framed record holding these ops: one native JSON.stringify over all of them. */
export function encodeRecord(ops: Op[]): Buffer {
  const prepared = new Array<unknown>(ops.length);
  for (let i = 0; i < ops.length; i++) prepared[i] = prepare(ops[i]!);
  return frame(stringifyWithRaw(prepared));
}

/**
 * The most UTF-16 units of JSON one snapshot record gathers before the next one starts: at most three UTF-8 bytes
 * each, so a record stays far below `MAX_RECORD_BYTES` (and a string V8 can build) whatever its ops hold.
 */
export const SNAPSHOT_RECORD_UNITS = 32 << 20;

/**
 * All ops of a snapshot (a compaction), cut into records by size. Cut by a count of ops instead, 2,000 batches of
 * people of a few MB each made a text longer than V8 can build, and the store stopped accepting writes.
 */
export function* encodeSnapshot(entries: Iterable<Op>, maxUnits = SNAPSHOT_RECORD_UNITS): Generator<Buffer> {
  let parts: string[] = [];
  let units = 0;
  for (const op of entries) {
    const text = stringifyWithRaw(prepare(op));
    if (parts.length > 0 && units + text.length > maxUnits) {
      yield frame(`[${parts.join(',')}]`);
      parts = [];
      units = 0;
    }
    parts.push(text);
    units += text.length + 1;
  }
  if (parts.length > 0) yield frame(`[${parts.join(',')}]`);
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

/**
 * How many intact records follow the damaged one at `offset`. A crash only ever cuts the end of the journal, so any
 * intact record after the damage means the file was damaged afterwards, in the middle, and dropping from there would
 * lose acknowledged commits.
 *
 * An intact record is one the sandbox could have written: a checksum that matches a payload that looks like a list of
 * writes (`[` … `]`, so at least 2 bytes). A run of zero bytes is not one, though each 8 of them read as a record of
 * length 0 whose checksum (0) matches: a file system can leave such a run at the end of a file after a power cut,
 * and counting it made the sandbox refuse a journal whose only damage was that unacknowledged tail.
 *
 * The records after the damaged one are found by its length when that leads to an intact record; when it does not
 * (the length itself was damaged: it points past the end of the file or into the middle of another record), by
 * looking for the next intact record at every later offset. Without that search, one damaged length field in the
 * middle of the file dropped every commit after it as if it were an append cut off by a crash.
 */
export function intactRecordsAfter(file: Buffer, offset: number): number {
  if (offset + FRAME <= file.length) {
    const length = file.readUInt32BE(offset);
    if (length <= file.length - offset - FRAME) {
      const byLength = intactRun(file, offset + FRAME + length);
      if (byLength > 0) return byLength;
    }
  }
  for (let at = offset + 1; at + FRAME + 2 <= file.length; at++)
    if (isIntactRecord(file, at)) return intactRun(file, at);
  return 0;
}

/** How many intact records follow one another from `offset`. */
function intactRun(file: Buffer, offset: number): number {
  let at = offset;
  let intact = 0;
  while (isIntactRecord(file, at)) {
    intact += 1;
    at += FRAME + file.readUInt32BE(at);
  }
  return intact;
}

/** Whether an intact record (see `intactRecordsAfter`) starts at `at`. Cheap to rule out: most offsets fail at once. */
function isIntactRecord(file: Buffer, at: number): boolean {
  if (at + FRAME + 2 > file.length) return false;
  const length = file.readUInt32BE(at);
  if (length < 2 || length > MAX_RECORD_BYTES || length > file.length - at - FRAME) return false;
  const payload = file.subarray(at + FRAME, at + FRAME + length);
  return payload[0] === 0x5b && payload[length - 1] === 0x5d && crc32(payload) === file.readUInt32BE(at + 4);
}

/**
 * The length of the record at `offset`, or why there is no whole record there. A record longer than this version
 * reads but entirely there, checksum and all, is no torn append: it is refused (the store does not start) rather
 * than dropped with everything after it.
 */
function recordLength(file: Buffer, offset: number, maxRecordBytes: number): number | string {
  const left = file.length - offset - FRAME;
  const length = file.readUInt32BE(offset);
  if (length > left) return `a record cut short (${left} of ${length} bytes)`;
  if (length <= maxRecordBytes) return length;
  if (crc32(file.subarray(offset + FRAME, offset + FRAME + length)) !== file.readUInt32BE(offset + 4))
    return `a record of ${length} bytes whose checksum does not match`;
  throw new UnreadableRecordError(`a record of ${length} bytes, more than the ${maxRecordBytes} this version reads`);
}

/** Reads the records after the header, calling `apply` for each intact one, and stops at the first damaged one. */
export function replay(file: Buffer, apply: (ops: Op[]) => void, maxRecordBytes = MAX_RECORD_BYTES): Replay {
  let offset = HEADER.length;
  let records = 0;
  while (offset < file.length) {
    const left = file.length - offset;
    if (left < FRAME)
      return { records, validBytes: offset, damage: `a record header cut short (${left} of ${FRAME} bytes)` };
    const length = recordLength(file, offset, maxRecordBytes);
    if (typeof length === 'string') return { records, validBytes: offset, damage: length };
    const sum = file.readUInt32BE(offset + 4);
    const payload = file.subarray(offset + FRAME, offset + FRAME + length);
    if (crc32(payload) !== sum)
      return { records, validBytes: offset, damage: 'a record whose checksum does not match' };
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
      if (op.length === 4 && op[3] === 3) {
        const shape = SHAPES[op[0] as Collection];
        const record = shape && fromShape(op[2], shape);
        if (!record) throw new UnreadableRecordError(`a ${op[0]} record in a shape this version cannot read`);
        valid.push([op[0] as Collection, op[1], record]);
      } else if (op.length === 4 && op[3] === 2) {
        const decode = DECODERS[op[0] as Collection];
        if (!decode) throw new UnreadableRecordError(`a compact ${op[0]} value this version cannot read`);
        valid.push([op[0] as Collection, op[1], decode(op[1], op[2])]);
      } else if (op.length === 4) valid.push([op[0] as Collection, op[1], reviveBytes(op[2])]);
      else valid.push(op as Op);
    }
    apply(valid);
    records += 1;
    offset += FRAME + length;
  }
  return { records, validBytes: offset };
}
