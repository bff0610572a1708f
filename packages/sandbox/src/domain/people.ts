import { RawJson } from '../store/raw-json.js';
import type { Store } from '../store/store.js';
import { UnreadableRecordError } from '../store/store.js';
import { newId } from './ids.js';
import { clientSeed, hashText, PersonIndex } from './person-index.js';
import type { PersonRecord, Schemas } from './records.js';

export type InvestorRow = Schemas['InvestorCreateRow'];

/**
 * The most people one batch holds: a person's number in its batch is the last 4 hex digits of its id. The JSON body
 * checks allow 10,000 items per array, so every bulk create fits in one batch.
 */
export const MAX_BATCH_PEOPLE = 0x10000;

export const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** The number that `hex4(n ^ mask)` spelled, or -1 when `tail` is not 4 lowercase hex digits. */
export function numberFrom(tail: string, mask: number): number {
  return /^[0-9a-f]{4}$/.test(tail) ? Number.parseInt(tail, 16) ^ mask : -1;
}

/**
 * The people one bulk create made, kept as one record instead of one per person (the package README,
 * "How the sandbox keeps people"). Each person is a row of `body`, the request's own JSON bytes when every row of it
 * was created, else the created rows alone re-encoded; ids are `psn_` + the batch's key + the person's number
 * (scrambled by the key so that one batch's ids do not visibly count up), so an id leads straight to its row.
 * One object and one off-heap buffer per request instead of a few hundred objects: what a garbage collection
 * walks no longer grows with every person.
 */
export class PeopleBatch {
  /** What a person's number is XORed with in its id: the key's first 4 hex digits. */
  readonly mask: number;

  constructor(
    /** 8 hex digits, unique among batches. */
    readonly key: string,
    readonly clientId: string,
    readonly createdAt: string,
    /** `{"investors": [...]}` as UTF-8 JSON: person n is `investors[n]`. */
    readonly body: Buffer,
    readonly count: number,
  ) {
    this.mask = Number.parseInt(key.slice(0, 4), 16);
    Object.freeze(this);
  }

  personId(n: number): string {
    return `psn_${this.key}${hex4(n ^ this.mask)}`;
  }

  /** The store file's form: the body written into the record as the JSON it is (valid UTF-8: the read stage checked). */
  toJournal(): [clientId: string, createdAt: string, body: RawJson, count: number] {
    return [this.clientId, this.createdAt, new RawJson(this.body.toString('utf8')), this.count];
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
    return new PeopleBatch(key, clientId, createdAt, Buffer.from(JSON.stringify(body), 'utf8'), count);
  }
}

/**
 * A person record, made by one object literal with or without `countryOfResidence` rather than by adding it after
 * (the shape every person had when they were stored one by one, so the store file's compact form still applies).
 */
function newPerson(zestPersonId: string, clientId: string, row: InvestorRow, createdAt: string): PersonRecord {
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
function personFields(row: InvestorRow): InvestorRow {
  const { partnerInvestorId, email, firstName, lastName, dateOfBirth, countryOfResidence } = row;
  return countryOfResidence
    ? { partnerInvestorId, email, firstName, lastName, dateOfBirth, countryOfResidence }
    : { partnerInvestorId, email, firstName, lastName, dateOfBirth };
}

/** The rows of a batch's body. */
function decodeRows(batch: PeopleBatch): InvestorRow[] {
  const rows = (JSON.parse(batch.body.toString('utf8')) as { investors?: unknown }).investors;
  if (!Array.isArray(rows) || rows.length < batch.count)
    throw new UnreadableRecordError(`the batch of people ${batch.key} holds fewer rows than its ${batch.count} people`);
  return rows as InvestorRow[];
}

/** Every person a store holds, oldest first: the ones kept one by one by sandbox 1.x, then every batch's. */
export function* storedPeople(store: Store): Generator<PersonRecord> {
  yield* store.values<PersonRecord>('people');
  for (const batch of store.values<PeopleBatch>('personBatches')) {
    const rows = decodeRows(batch);
    for (let n = 0; n < batch.count; n++) yield newPerson(batch.personId(n), batch.clientId, rows[n]!, batch.createdAt);
  }
}

/** One bulk create's batch while its rows are judged: nothing is stored until `People.commit`. */
export interface Draft {
  readonly clientId: string;
  readonly seed: number;
  /** Its batch number, key and mask, chosen by its first `add` (-1, '', 0 until then). */
  number: number;
  key: string;
  mask: number;
  /** The rows it creates, person n at n. */
  readonly rows: InvestorRow[];
  /** The hash of the id `find` looked up last (what `add` indexes it under). */
  hash: number;
  /**
   * The earlier batch `find` last confirmed in the store, and its decoded people: the rows of one request nearly
   * always name people of one batch, so the store is asked once per request rather than once per row.
   */
  seen: PeopleBatch | undefined;
  seenPeople: Decoded | undefined;
}

/** A batch's rows, and the ids of its people as they are asked for (one string each, made once). */
interface Decoded {
  rows: InvestorRow[];
  ids: (string | undefined)[];
}

/**
 * The most request bytes per person kept as they arrived (a typical row is under 200). Rows may carry members the
 * API ignores, and a body may be padded: a larger body is re-encoded as the people's own fields, so what the
 * sandbox keeps stays the size of the people it holds.
 */
const RAW_BYTES_PER_PERSON = 1024;

/** How many batches' rows are kept decoded: lookups of one request nearly always land in a few batches. */
const RECENT_BATCHES = 16;

/**
 * Everyone bulk creates made: the batches in the store, and the index that finds a partner's person by the
 * `partnerInvestorId` it registered. People stored one by one by an older sandbox (`people` and its
 * `personByPartnerId` index) are still found.
 */
export class People {
  private readonly index = new PersonIndex();
  /** Batches by number (the index's); a number whose batch was never committed holds undefined. */
  private readonly batches: (PeopleBatch | undefined)[] = [];
  private readonly recent = new Map<PeopleBatch, Decoded>();
  private readonly legacy: boolean;
  /** The first 8 hex digits of every older person id: no batch key may spell one of them. */
  private readonly legacyKeys = new Set<string>();

  constructor(private readonly store: Store) {
    migrateLegacyIndex(store);
    for (const person of store.values<PersonRecord>('people'))
      if (/^psn_[0-9a-f]{12}$/.test(person.zestPersonId)) this.legacyKeys.add(person.zestPersonId.slice(4, 12));
    this.legacy = !store.values('people').next().done || !store.values('personByPartnerId').next().done;
    for (const batch of store.values<PeopleBatch>('personBatches')) {
      const number = this.batches.push(batch) - 1;
      const rows = this.rowsOf(batch);
      const seed = clientSeed(batch.clientId);
      for (let n = 0; n < batch.count; n++) this.index.add(hashText(seed, rows[n]!.partnerInvestorId), number, n);
    }
  }

  /** A batch's people, decoded once while it is among the recently read. */
  private decoded(batch: PeopleBatch): Decoded {
    let decoded = this.recent.get(batch);
    if (decoded === undefined) {
      decoded = { rows: decodeRows(batch), ids: [] };
      this.remember(batch, decoded);
    }
    return decoded;
  }

  private remember(batch: PeopleBatch, decoded: Decoded): void {
    if (this.recent.size >= RECENT_BATCHES) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(batch, decoded);
  }

  private rowsOf(batch: PeopleBatch): InvestorRow[] {
    return this.decoded(batch).rows;
  }

  /** Starts the batch of one bulk create by `clientId`. */
  begin(clientId: string): Draft {
    return {
      clientId,
      seed: clientSeed(clientId),
      number: -1,
      key: '',
      mask: 0,
      rows: [],
      hash: 0,
      seen: undefined,
      seenPeople: undefined,
    };
  }

  /** A batch number and a key no batch and no older person id has: when a draft adds its first person. */
  private reserve(draft: Draft): void {
    let key: string;
    do key = newId('psn', 8).slice(4);
    while (this.store.get('personBatches', key) !== undefined || this.legacyKeys.has(key));
    draft.number = this.batches.push(undefined) - 1;
    draft.key = key;
    draft.mask = Number.parseInt(key.slice(0, 4), 16);
  }

  /** The id of the person `draft`'s partner registered as `partnerInvestorId`, earlier or in this draft. */
  find(draft: Draft, partnerInvestorId: string): string | undefined {
    const hash = hashText(draft.seed, partnerInvestorId);
    draft.hash = hash;
    for (let slot = this.index.next(hash, -1); slot >= 0; slot = this.index.next(hash, slot)) {
      const number = this.index.batchAt(slot);
      const n = this.index.personAt(slot);
      if (number === draft.number) {
        if (draft.rows[n]!.partnerInvestorId === partnerInvestorId) return `psn_${draft.key}${hex4(n ^ draft.mask)}`;
        continue;
      }
      const batch = this.batches[number];
      if (batch === undefined || batch.clientId !== draft.clientId) continue;
      if (batch !== draft.seen) {
        // Not in the store: rolled back (its request failed after the handler ran), so no one.
        if (this.store.get('personBatches', batch.key) !== batch) continue;
        draft.seen = batch;
        draft.seenPeople = this.decoded(batch);
      }
      const people = draft.seenPeople!;
      if (people.rows[n]!.partnerInvestorId === partnerInvestorId) {
        people.ids[n] ??= batch.personId(n);
        return people.ids[n];
      }
    }
    if (!this.legacy) return undefined;
    return legacyPersonId(this.store.get<LegacyEntry>('personByPartnerId', partnerInvestorId), draft.clientId);
  }

  /** Adds a row `find` just found no one for; its new person's id. */
  add(draft: Draft, row: InvestorRow): string {
    const n = draft.rows.length;
    if (n === 0) this.reserve(draft);
    if (n >= MAX_BATCH_PEOPLE) throw new RangeError(`a bulk create makes at most ${MAX_BATCH_PEOPLE} people`);
    draft.rows.push(row);
    this.index.add(draft.hash, draft.number, n);
    return `psn_${draft.key}${hex4(n ^ draft.mask)}`;
  }

  /**
   * Stores the draft's people (none: nothing stored). `body` is the request's JSON bytes, kept as they are when
   * every one of its `rows` became a person and it is not much larger than they are (copied: the buffer it arrived
   * in may be shared), else re-encoded.
   */
  commit(draft: Draft, createdAt: string, body: Buffer | undefined, rows: number): PeopleBatch | undefined {
    const count = draft.rows.length;
    if (count === 0) return undefined;
    let bytes: Buffer;
    if (body !== undefined && count === rows && body.length <= count * RAW_BYTES_PER_PERSON) {
      bytes = Buffer.allocUnsafeSlow(body.length);
      body.copy(bytes);
    } else bytes = Buffer.from(JSON.stringify({ investors: draft.rows.map(personFields) }), 'utf8');
    const batch = new PeopleBatch(draft.key, draft.clientId, createdAt, bytes, count);
    this.store.set('personBatches', batch.key, batch);
    this.batches[draft.number] = batch;
    this.remember(batch, { rows: draft.rows, ids: [] });
    return batch;
  }

  /** The batch stored under `key`, if any. */
  batch(key: string): PeopleBatch | undefined {
    const batch = this.store.get<unknown>('personBatches', key);
    return batch instanceof PeopleBatch ? batch : undefined;
  }

  /** Person n of a batch's rows (the row as the partner sent it). */
  row(batch: PeopleBatch, n: number): InvestorRow {
    return this.rowsOf(batch)[n]!;
  }

  /** The person `zestPersonId` names, whatever partner it belongs to. */
  person(zestPersonId: string): PersonRecord | undefined {
    if (zestPersonId.length === 16 && zestPersonId.startsWith('psn_')) {
      const batch = this.batch(zestPersonId.slice(4, 12));
      const n = batch ? numberFrom(zestPersonId.slice(12), batch.mask) : -1;
      if (batch && n >= 0 && n < batch.count)
        return newPerson(zestPersonId, batch.clientId, this.rowsOf(batch)[n]!, batch.createdAt);
    }
    return this.legacy ? this.store.get<PersonRecord>('people', zestPersonId) : undefined;
  }
}

/**
 * `personByPartnerId` (sandbox 1.0 to this version's predecessor) maps a `partnerInvestorId` to `[clientId,
 * zestPersonId, ...]`, one pair per partner that registered that identifier.
 */
type LegacyEntry = readonly string[];

function legacyPersonId(entry: LegacyEntry | undefined, clientId: string): string | undefined {
  if (entry === undefined) return undefined;
  for (let i = 0; i < entry.length; i += 2) if (entry[i] === clientId) return entry[i + 1];
  return undefined;
}

/**
 * Store files written before the index was keyed by `partnerInvestorId` hold `"<clientId>\n<id>" -> zestPersonId`
 * rows; rebuild them from `people` (which carries both halves) once, at start-up.
 */
function migrateLegacyIndex(store: Store): void {
  let legacy = false;
  for (const value of store.values<unknown>('personByPartnerId')) {
    if (typeof value === 'string') {
      legacy = true;
      break;
    }
  }
  if (!legacy) return;
  for (const person of [...store.values<PersonRecord>('people')]) {
    const legacyKey = `${person.clientId}\n${person.partnerInvestorId}`;
    if (store.get<unknown>('personByPartnerId', legacyKey) !== person.zestPersonId) continue;
    store.delete('personByPartnerId', legacyKey);
    const entry = store.get<LegacyEntry>('personByPartnerId', person.partnerInvestorId) ?? [];
    store.set(
      'personByPartnerId',
      person.partnerInvestorId,
      Object.freeze([...entry, person.clientId, person.zestPersonId]),
    );
  }
}
