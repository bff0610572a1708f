import { RawJson } from '../store/raw-json.js';
import type { Store } from '../store/store.js';
import { UnreadableRecordError } from '../store/store.js';
import { hashText } from './person-index.js';
import type { PersonRecord, Schemas } from './records.js';

export type InvestorRow = Schemas['InvestorCreateRow'];

/**
 * The most people one batch holds: a person's number in its batch is the last 4 hex digits of its id. The JSON body
 * checks allow 10,000 items per array, so every bulk create fits in one batch.
 */
export const MAX_BATCH_PEOPLE = 0x10000;

/** `00` to `ff`: a byte as two lowercase hex digits. */
const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** The inverse of an odd number mod 2^16 (Newton's iteration: each step doubles the correct low bits). */
function inverse16(odd: number): number {
  let x = odd;
  for (let i = 0; i < 4; i++) x = Math.imul(x, 2 - Math.imul(odd, x)) & 0xffff;
  return x;
}

/**
 * How a batch spells the numbers of its rows in their ids: a one-to-one shuffle of 0..65535 (multiply by an odd
 * number, add, xor-shift, multiply, xor-shift, each step reversible) keyed by a hash of the batch's key. Without it
 * the ids of one request counted up (`…0000`, `…0001`); a plain XOR with part of the key still showed the key in
 * the first id, and a multiply-add alone left a constant step between neighbours. Only the look: ids are not
 * secrets (every lookup checks the partner), and the hash is fixed so ids stay the same across restarts.
 */
export class IdNumbers {
  private readonly a: number;
  private readonly b: number;
  private readonly c: number;

  constructor(key: string) {
    const first = hashText(0x2545f491, key);
    this.a = (first & 0xffff) | 1;
    this.b = first >>> 16;
    this.c = (hashText(0x6c8e9cf5, key) & 0xffff) | 1;
  }

  /** Row n as the 4 hex digits of an id (two table lookups: a third of the cost of `toString(16).padStart`). */
  spell(n: number): string {
    let x = (Math.imul(n, this.a) + this.b) & 0xffff;
    x ^= x >>> 7;
    x = Math.imul(x, this.c) & 0xffff;
    x ^= x >>> 9;
    return HEX_PAIRS[x >>> 8]! + HEX_PAIRS[x & 0xff]!;
  }

  /** The row number `tail` spells, or -1 when it is not 4 lowercase hex digits. */
  read(tail: string): number {
    if (!/^[0-9a-f]{4}$/.test(tail)) return -1;
    let x = Number.parseInt(tail, 16);
    x ^= x >>> 9;
    x = Math.imul(x, inverse16(this.c)) & 0xffff;
    x ^= (x >>> 7) ^ (x >>> 14);
    return Math.imul((x - this.b) & 0xffff, inverse16(this.a)) & 0xffff;
  }
}

/**
 * The people one bulk create made, kept as one record instead of one per person (the package README, "How the
 * sandbox keeps people"). Each person is a row of `body`, the request's own JSON bytes when every row of it was
 * created, else the created rows alone re-encoded; an id is `psn_` + the batch's key + the person's number
 * (`IdNumbers`), so an id leads straight to its row. One object and one string per request instead of a few
 * hundred objects: what a garbage collection walks no longer grows with every person. (The text JSON.parse read is
 * kept as it is: copying the bytes into a buffer of their own cost more than the string does to keep.)
 */
export class PeopleBatch {
  readonly numbers: IdNumbers;

  constructor(
    /** 8 hex digits, unique among batches. */
    readonly key: string,
    readonly clientId: string,
    readonly createdAt: string,
    /** `{"investors": [...]}` as JSON text: person n is `investors[n]`. */
    readonly body: string,
    readonly count: number,
  ) {
    this.numbers = new IdNumbers(key);
    Object.freeze(this);
  }

  personId(n: number): string {
    return `psn_${this.key}${this.numbers.spell(n)}`;
  }

  /** Whether `other` (this batch, or a copy of it a store handed back) is the batch this one is. */
  isStoredAs(other: unknown): boolean {
    if (other === this) return true;
    const copy = other as Partial<PeopleBatch> | null;
    return (
      copy?.key === this.key &&
      copy.clientId === this.clientId &&
      copy.createdAt === this.createdAt &&
      copy.count === this.count
    );
  }

  /**
   * The batch a store handed back: itself, or rebuilt from a copy (a store that keeps values as JSON or clones
   * them), or undefined for anything else.
   */
  static from(value: unknown): PeopleBatch | undefined {
    if (value instanceof PeopleBatch) return value;
    const { key, clientId, createdAt, body, count } = (value ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || typeof clientId !== 'string' || typeof createdAt !== 'string') return undefined;
    if (typeof count !== 'number' || typeof body !== 'string') return undefined;
    return new PeopleBatch(key, clientId, createdAt, body, count);
  }

  /** The store file's form: the body written into the record as the JSON it is. */
  toJournal(): [clientId: string, createdAt: string, body: RawJson, count: number] {
    return [this.clientId, this.createdAt, new RawJson(this.body), this.count];
  }

  static fromJournal(key: string, stored: unknown): PeopleBatch {
    const [clientId, createdAt, body, count] = Array.isArray(stored) ? stored : [];
    if (
      !/^[0-9a-f]{8}$/.test(key) ||
      typeof clientId !== 'string' ||
      typeof createdAt !== 'string' ||
      body === null ||
      typeof body !== 'object' ||
      !Number.isInteger(count) ||
      count < 1 ||
      count > MAX_BATCH_PEOPLE
    )
      throw new UnreadableRecordError('a batch of people in a form this version cannot read');
    return new PeopleBatch(key, clientId, createdAt, JSON.stringify(body), count);
  }
}

/**
 * A person record, made by one object literal with or without `countryOfResidence` rather than by adding it after
 * (the shape every person had when they were stored one by one, so the store file's compact form still applies).
 */
export function newPerson(zestPersonId: string, clientId: string, row: InvestorRow, createdAt: string): PersonRecord {
  const { partnerInvestorId, email, firstName, lastName, dateOfBirth, countryOfResidence } = row;
  const person: PersonRecord = {
    zestPersonId,
    clientId,
    partnerInvestorId,
    email,
    firstName,
    lastName,
    dateOfBirth,
    kycManagedBy: 'partner',
    createdAt,
  };
  if (countryOfResidence) person.countryOfResidence = countryOfResidence;
  return person;
}

/** The person fields of a row, for a batch re-encoded without the rows it did not create. */
export function personFields(row: InvestorRow): InvestorRow {
  const { partnerInvestorId, email, firstName, lastName, dateOfBirth, countryOfResidence } = row;
  return countryOfResidence
    ? { partnerInvestorId, email, firstName, lastName, dateOfBirth, countryOfResidence }
    : { partnerInvestorId, email, firstName, lastName, dateOfBirth };
}

/** The rows of a batch's body. */
export function decodeRows(batch: PeopleBatch): InvestorRow[] {
  const rows = (JSON.parse(batch.body) as { investors?: unknown }).investors;
  if (!Array.isArray(rows) || rows.length < batch.count)
    throw new UnreadableRecordError(`the batch of people ${batch.key} holds fewer rows than its ${batch.count} people`);
  return rows as InvestorRow[];
}

/**
 * Every person a store holds, oldest first: the ones kept one by one by sandbox 1.x, then every batch's. Reads
 * every batch's body, so it takes time in proportion to the people held (for tests and tools, not for requests).
 */
export function* storedPeople(store: Store): Generator<PersonRecord> {
  yield* store.values<PersonRecord>('people');
  for (const value of store.values<unknown>('personBatches')) {
    const batch = PeopleBatch.from(value);
    if (!batch) continue;
    const rows = decodeRows(batch);
    for (let n = 0; n < batch.count; n++) yield newPerson(batch.personId(n), batch.clientId, rows[n]!, batch.createdAt);
  }
}
