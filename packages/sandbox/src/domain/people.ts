import type { Store } from '../store/store.js';
import { newId } from './ids.js';
import {
  decodeRows,
  IdNumbers,
  type InvestorRow,
  MAX_BATCH_PEOPLE,
  newPerson,
  PeopleBatch,
  personFields,
} from './people-batch.js';
import { clientSeed, hashText, PersonIndex } from './person-index.js';
import type { PersonRecord } from './records.js';
import { rowSpans } from './row-spans.js';

export { type InvestorRow, PeopleBatch, storedPeople } from './people-batch.js';

/** One bulk create's batch while its rows are judged: nothing is stored until `People.commit`. */
export interface Draft {
  readonly clientId: string;
  readonly seed: number;
  /** Its batch number, key and id numbering, chosen by its first `add` (-1, '', undefined until then). */
  number: number;
  key: string;
  numbers: IdNumbers | undefined;
  /** The rows it creates, person n at n. */
  readonly rows: InvestorRow[];
  /** The hash of the id `find` looked up last (what `add` indexes it under). */
  hash: number;
  /**
   * The earlier batch `find` last found in the store (asked once per request, not once per row), and its decoded
   * rows when it was decoded then: the rows of one request nearly always name people of one batch.
   */
  seen: PeopleBatch | undefined;
  seenDecoded: Decoded | undefined;
}

/**
 * A batch's rows decoded, the ids of its people as they are asked for (one string each, made once), and, once a
 * request has looked a second row up in it, its people's numbers by `partnerInvestorId`.
 */
interface Decoded {
  rows: InvestorRow[];
  ids: (string | undefined)[];
  numbers: Map<string, number> | undefined;
}

/**
 * The most request characters per person kept as they arrived (a typical row is under 200). Rows may carry members
 * the API ignores, and a body may be padded: a larger body is re-encoded as the people's own fields, so what the
 * sandbox keeps stays the size of the people it holds.
 */
const RAW_CHARACTERS_PER_PERSON = 1024;

/** How many batches are kept decoded, most recently used first out last. */
const RECENT_BATCHES = 16;

/**
 * Everyone bulk creates made: the batches in the store, and the index that finds a partner's person by the
 * `partnerInvestorId` it registered. People stored one by one by an older sandbox (`people` and its
 * `personByPartnerId` index) are still found. The index is this process's: a sandbox expects to be the only one
 * writing its store (the file store's lock enforces it), and builds the index from the store when it starts.
 *
 * A person is read from the decoded rows of its batch when the batch is among the recently used, else alone, from
 * its span of the body; a batch read alone for a quarter of its rows is decoded whole. Decoding whole batches only
 * made a request whose rows named people of more than 16 earlier requests parse a whole body for every row.
 */
export class People {
  private readonly index = new PersonIndex();
  /** Batches by number (the index's); a number whose batch was never committed holds undefined. */
  private readonly batches: (PeopleBatch | undefined)[] = [];
  private readonly recent = new Map<PeopleBatch, Decoded>();
  /** Where each row of a batch sits in its body, once a row of it was read alone (8 bytes a person). */
  private readonly spans = new WeakMap<PeopleBatch, Uint32Array>();
  /** Rows of a batch read alone since it was last decoded whole. */
  private readonly reads = new WeakMap<PeopleBatch, number>();
  /** Batches rebuilt from copies a store handed back, by key (so their caches last). */
  private readonly rebuilt = new Map<string, PeopleBatch>();
  private readonly legacy: boolean;
  /** The first 8 hex digits of every older person id: no batch key may spell one of them. */
  private readonly legacyKeys = new Set<string>();

  constructor(private readonly store: Store) {
    migrateLegacyIndex(store);
    for (const person of store.values<PersonRecord>('people'))
      if (/^psn_[0-9a-f]{12}$/.test(person.zestPersonId)) this.legacyKeys.add(person.zestPersonId.slice(4, 12));
    this.legacy = !store.values('people').next().done || !store.values('personByPartnerId').next().done;
    for (const value of store.values<unknown>('personBatches')) {
      const batch = this.asBatch(value);
      if (!batch) continue;
      const number = this.batches.push(batch) - 1;
      const rows = decodeRows(batch);
      const seed = clientSeed(batch.clientId);
      for (let n = 0; n < batch.count; n++) this.index.add(hashText(seed, rows[n]!.partnerInvestorId), number, n);
    }
  }

  /** A stored batch value as a batch: itself, or (from a store that copies values) rebuilt once per key. */
  private asBatch(value: unknown): PeopleBatch | undefined {
    if (value instanceof PeopleBatch) return value;
    const copy = PeopleBatch.from(value);
    if (!copy) return undefined;
    const known = this.rebuilt.get(copy.key);
    if (known?.isStoredAs(copy)) return known;
    this.rebuilt.set(copy.key, copy);
    return copy;
  }

  /** A batch's people decoded, kept while it is among the most recently used. */
  private decoded(batch: PeopleBatch): Decoded {
    let decoded = this.recent.get(batch);
    if (decoded === undefined) {
      decoded = { rows: decodeRows(batch), ids: [], numbers: undefined };
      if (this.recent.size >= RECENT_BATCHES) this.recent.delete(this.recent.keys().next().value!);
      this.reads.delete(batch);
    } else this.recent.delete(batch);
    this.recent.set(batch, decoded);
    return decoded;
  }

  /** Person n's row of a batch (the row as the partner sent it). */
  row(batch: PeopleBatch, n: number): InvestorRow {
    const decoded = this.recent.get(batch);
    if (decoded !== undefined) return decoded.rows[n]!;
    const reads = (this.reads.get(batch) ?? 0) + 1;
    if (reads * 4 > batch.count) return this.decoded(batch).rows[n]!;
    this.reads.set(batch, reads);
    let spans = this.spans.get(batch);
    if (spans === undefined) {
      spans = rowSpans(batch.body);
      this.spans.set(batch, spans);
    }
    return JSON.parse(batch.body.slice(spans[2 * n], spans[2 * n + 1])) as InvestorRow;
  }

  /** Person n's id: made once while the batch is decoded. */
  private idOf(batch: PeopleBatch, n: number): string {
    const decoded = this.recent.get(batch);
    if (decoded === undefined) return batch.personId(n);
    decoded.ids[n] ??= batch.personId(n);
    return decoded.ids[n];
  }

  /** Starts the batch of one bulk create by `clientId`. */
  begin(clientId: string): Draft {
    return {
      clientId,
      seed: clientSeed(clientId),
      number: -1,
      key: '',
      numbers: undefined,
      rows: [],
      hash: 0,
      seen: undefined,
      seenDecoded: undefined,
    };
  }

  /** A batch number and a key no batch and no older person id has: when a draft adds its first person. */
  private reserve(draft: Draft): void {
    let key: string;
    do key = newId('psn', 8).slice(4);
    while (this.store.get('personBatches', key) !== undefined || this.legacyKeys.has(key));
    draft.number = this.batches.push(undefined) - 1;
    draft.key = key;
    draft.numbers = new IdNumbers(key);
  }

  /** The id of the person `draft`'s partner registered as `partnerInvestorId`, earlier or in this draft. */
  find(draft: Draft, partnerInvestorId: string): string | undefined {
    // The rows of one request nearly always name people of one earlier batch (a retry, a resend): once a row found
    // one, the others are looked up in that batch's own Map, one native lookup instead of a hash computed here and a
    // walk of the index. A partner registers an id once, so a person found there is the one; a miss walks the index.
    const seen = draft.seenDecoded;
    if (seen !== undefined) {
      seen.numbers ??= numbersById(seen.rows, draft.seen!.count);
      const n = seen.numbers.get(partnerInvestorId);
      if (n !== undefined) {
        seen.ids[n] ??= draft.seen!.personId(n);
        return seen.ids[n];
      }
    }
    const hash = hashText(draft.seed, partnerInvestorId);
    draft.hash = hash;
    for (let slot = this.index.next(hash, -1); slot >= 0; slot = this.index.next(hash, slot)) {
      const number = this.index.batchAt(slot);
      const n = this.index.personAt(slot);
      if (number === draft.number) {
        if (draft.rows[n]!.partnerInvestorId === partnerInvestorId) return `psn_${draft.key}${draft.numbers!.spell(n)}`;
        continue;
      }
      const batch = this.batches[number];
      if (batch === undefined || batch.clientId !== draft.clientId) continue;
      if (batch !== draft.seen) {
        // Not in the store: rolled back (its request failed after the handler ran), so no one.
        if (!batch.isStoredAs(this.store.get('personBatches', batch.key))) continue;
        draft.seen = batch;
        draft.seenDecoded = this.recent.get(batch);
      }
      const decoded = draft.seenDecoded;
      if (decoded === undefined) {
        if (this.row(batch, n).partnerInvestorId === partnerInvestorId) return this.idOf(batch, n);
      } else if (decoded.rows[n]!.partnerInvestorId === partnerInvestorId) {
        decoded.ids[n] ??= batch.personId(n);
        return decoded.ids[n];
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
    return `psn_${draft.key}${draft.numbers!.spell(n)}`;
  }

  /**
   * Stores the draft's people (none: nothing stored). `body` is the request's JSON text, kept as it is when every one
   * of its `rows` became a person and it is not much larger than they are, else re-encoded.
   */
  commit(draft: Draft, createdAt: string, body: string | undefined, rows: number): PeopleBatch | undefined {
    const count = draft.rows.length;
    if (count === 0) return undefined;
    const lean = body !== undefined && count === rows && body.length <= count * RAW_CHARACTERS_PER_PERSON;
    const text = lean ? body : JSON.stringify({ investors: draft.rows.map(personFields) });
    const batch = new PeopleBatch(draft.key, draft.clientId, createdAt, text, count);
    this.store.set('personBatches', batch.key, batch);
    this.batches[draft.number] = batch;
    return batch;
  }

  /** The batch stored under `key`, if any. */
  batch(key: string): PeopleBatch | undefined {
    return this.asBatch(this.store.get<unknown>('personBatches', key));
  }

  /** The person `zestPersonId` names, whatever partner it belongs to. */
  person(zestPersonId: string): PersonRecord | undefined {
    if (zestPersonId.length === 16 && zestPersonId.startsWith('psn_')) {
      const batch = this.batch(zestPersonId.slice(4, 12));
      const n = batch ? batch.numbers.read(zestPersonId.slice(12)) : -1;
      if (batch && n >= 0 && n < batch.count)
        return newPerson(zestPersonId, batch.clientId, this.row(batch, n), batch.createdAt);
    }
    return this.legacy ? this.store.get<PersonRecord>('people', zestPersonId) : undefined;
  }
}

/** The people of a batch by `partnerInvestorId` (unique in a batch: a batch only holds people it created). */
function numbersById(rows: readonly InvestorRow[], count: number): Map<string, number> {
  const numbers = new Map<string, number>();
  for (let n = 0; n < count; n++) numbers.set(rows[n]!.partnerInvestorId, n);
  return numbers;
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
