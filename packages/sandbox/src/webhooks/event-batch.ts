import type { People } from '../domain/people.js';
import { IdNumbers, type PeopleBatch } from '../domain/people-batch.js';
import { UnreadableRecordError } from '../store/store.js';
import { NO_WEBHOOK_URL, OutboxRow } from './outbox-row.js';

/** Hex digits of an event batch's key: its rows' ids are `dlv_` + key + 4 (the 16 every delivery id has). */
export const EVENT_KEY_HEX = 12;

/** The `investor.created` data of a person, keys in the order the event has always had them. */
export function investorCreatedData(
  row: { partnerInvestorId: string; email: string; firstName: string; lastName: string },
  zestPersonId: string,
) {
  return {
    partnerInvestorId: row.partnerInvestorId,
    zestPersonId,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    kycManagedBy: 'partner' as const,
  };
}

/**
 * The `investor.created` events of one bulk create for a partner without a webhook URL, kept as one outbox record
 * (under `dlv_` + `key`) instead of one row per person: such rows are `skipped` the moment they are written and
 * nothing ever changes them, so each is rebuilt from its person when it is read (the admin view, the deliveries
 * CLI). Row n has delivery id `dlv_` + key + n and event id `wde_` + eventKey + n (both scrambled like person ids,
 * `domain/people-batch.ts`). A row that is changed after all (a redelivery once the partner has a URL) is stored under
 * its own id and read instead of the rebuilt one.
 */
export class EventBatch {
  readonly numbers: IdNumbers;
  readonly eventNumbers: IdNumbers;

  constructor(
    readonly key: string,
    readonly eventKey: string,
    /** The key of the batch of people these events are about (event n is person n's). */
    readonly people: string,
    readonly clientId: string,
    readonly count: number,
    readonly occurredAt: string,
    readonly createdAt: string,
  ) {
    this.numbers = new IdNumbers(key);
    this.eventNumbers = new IdNumbers(eventKey);
    Object.freeze(this);
  }

  get id(): string {
    return `dlv_${this.key}`;
  }

  deliveryId(n: number): string {
    return `dlv_${this.key}${this.numbers.spell(n)}`;
  }

  eventId(n: number): string {
    return `wde_${this.eventKey}${this.eventNumbers.spell(n)}`;
  }

  /** The row number a delivery id names in this batch, or -1. */
  numberOf(deliveryId: string): number {
    if (deliveryId.length !== 4 + EVENT_KEY_HEX + 4 || !deliveryId.startsWith(this.id)) return -1;
    const n = this.numbers.read(deliveryId.slice(4 + EVENT_KEY_HEX));
    return n >= 0 && n < this.count ? n : -1;
  }

  /** The row number of event `eventId` in this batch, or -1. */
  numberOfEvent(eventId: string): number {
    if (eventId.length !== 4 + EVENT_KEY_HEX + 4 || !eventId.startsWith(`wde_${this.eventKey}`)) return -1;
    const n = this.eventNumbers.read(eventId.slice(4 + EVENT_KEY_HEX));
    return n >= 0 && n < this.count ? n : -1;
  }

  /** Row n as it was written: skipped, never tried. */
  row(n: number, people: People): OutboxRow {
    const batch: PeopleBatch | undefined = people.batch(this.people);
    if (!batch) throw new UnreadableRecordError(`the events ${this.id} are about people the store does not hold`);
    const data = investorCreatedData(people.row(batch, n), batch.personId(n));
    const row = new OutboxRow(
      this.deliveryId(n),
      this.eventId(n),
      'investor.created',
      this.occurredAt,
      this.clientId,
      data,
      null,
      this.createdAt,
    );
    row.status = 'skipped';
    row.skippedReason = NO_WEBHOOK_URL;
    return row;
  }

  /**
   * The event batch a store handed back: itself, or rebuilt from a copy (a store that keeps values as JSON or
   * clones them); undefined for anything else, an outbox row included.
   */
  static from(value: unknown): EventBatch | undefined {
    if (value instanceof EventBatch) return value;
    // Every outbox row a listing walks comes through here: it has no eventKey, and is turned away before any work.
    if (typeof (value as { eventKey?: unknown } | null)?.eventKey !== 'string') return undefined;
    const { key, eventKey, people, clientId, count, occurredAt, createdAt } = (value ?? {}) as Record<string, unknown>;
    const texts = [key, eventKey, people, clientId, occurredAt, createdAt];
    if (!texts.every((text) => typeof text === 'string') || typeof count !== 'number') return undefined;
    const [k, e, p, c, o, at] = texts as string[];
    return new EventBatch(k!, e!, p!, c!, count, o!, at!);
  }

  /** The store file's form; the leading 0 tells it from an outbox row's compact form (which starts with an id). */
  toJournal(): [0, string, string, string, number, string, string] {
    return [0, this.eventKey, this.people, this.clientId, this.count, this.occurredAt, this.createdAt];
  }

  static isJournalForm(stored: unknown): boolean {
    return Array.isArray(stored) && stored[0] === 0;
  }

  static fromJournal(id: string, stored: unknown): EventBatch {
    const [, eventKey, people, clientId, count, occurredAt, createdAt] = stored as unknown[];
    const key = id.slice(4);
    if (
      !new RegExp(`^dlv_[0-9a-f]{${EVENT_KEY_HEX}}$`).test(id) ||
      typeof eventKey !== 'string' ||
      !new RegExp(`^[0-9a-f]{${EVENT_KEY_HEX}}$`).test(eventKey) ||
      typeof people !== 'string' ||
      typeof clientId !== 'string' ||
      typeof count !== 'number' ||
      !Number.isInteger(count) ||
      count < 1 ||
      typeof occurredAt !== 'string' ||
      typeof createdAt !== 'string'
    )
      throw new UnreadableRecordError('a batch of webhook events in a form this version cannot read');
    return new EventBatch(key, eventKey, people, clientId, count, occurredAt, createdAt);
  }
}
