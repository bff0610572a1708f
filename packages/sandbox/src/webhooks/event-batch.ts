import { hex4, numberFrom, type People, type PeopleBatch } from '../domain/people.js';
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
 * `domain/people.ts`). A row that is changed after all (a redelivery once the partner has a URL) is stored under
 * its own id and read instead of the rebuilt one.
 */
export class EventBatch {
  readonly mask: number;
  readonly eventMask: number;

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
    this.mask = Number.parseInt(key.slice(0, 4), 16);
    this.eventMask = Number.parseInt(eventKey.slice(0, 4), 16);
    Object.freeze(this);
  }

  get id(): string {
    return `dlv_${this.key}`;
  }

  deliveryId(n: number): string {
    return `dlv_${this.key}${hex4(n ^ this.mask)}`;
  }

  eventId(n: number): string {
    return `wde_${this.eventKey}${hex4(n ^ this.eventMask)}`;
  }

  /** The row number a delivery id names in this batch, or -1. */
  numberOf(deliveryId: string): number {
    if (deliveryId.length !== 4 + EVENT_KEY_HEX + 4 || !deliveryId.startsWith(this.id)) return -1;
    const n = numberFrom(deliveryId.slice(4 + EVENT_KEY_HEX), this.mask);
    return n < this.count ? n : -1;
  }

  /** The row number of event `eventId` in this batch, or -1. */
  numberOfEvent(eventId: string): number {
    if (eventId.length !== 4 + EVENT_KEY_HEX + 4 || !eventId.startsWith(`wde_${this.eventKey}`)) return -1;
    const n = numberFrom(eventId.slice(4 + EVENT_KEY_HEX), this.eventMask);
    return n < this.count ? n : -1;
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
