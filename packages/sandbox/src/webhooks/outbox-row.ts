import type { WebhookEventType } from '@zestequity/partner-api-types';
import { UnreadableRecordError } from '../store/store.js';
import type { DeliveryAttempt, DeliveryRecord, DeliveryStatus } from './outbox.js';

let isoMs = -1;
let isoText = '';

/** `new Date().toISOString()`, computed once per millisecond: a bulk create stamps hundreds of rows in the same one. */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

/** True when every value of the event's data is a string, number, boolean or null (nothing shared can change it). */
function isFlat(data: Record<string, unknown>): boolean {
  for (const key in data) {
    const value = data[key];
    if (value !== null && typeof value === 'object') return false;
  }
  return true;
}

const NO_ATTEMPTS: readonly DeliveryAttempt[] = Object.freeze([]);

/** Why a row of a partner without a webhook URL is `skipped` (the compact journal form stores a flag for it). */
export const NO_WEBHOOK_URL = 'The partner has no webhookUrl configured.';

/**
 * The compact journal form of a row nobody has tried to deliver yet: its fields in this order and the event's
 * flat data, instead of the full record whose `payload` is the same data serialised (and then escaped again as a
 * string inside the journal record, about three times the bytes). The delivery id is the journal op's key, so it is
 * not repeated; `createdAt` is 0 when it equals `occurredAt` (a row made by the request that made the event); data
 * of the usual shape for its event type (`DATA_SHAPES`) is its values without the keys. Rebuilding the payload from
 * it gives the same bytes, so a row journaled this way still sends exactly what it would have sent.
 */
type CompactRow = [
  eventId: string,
  eventType: WebhookEventType,
  occurredAt: string,
  clientId: string,
  status: DeliveryStatus,
  nextAttemptAt: number | null,
  createdAt: string | 0,
  skipped: 0 | 1,
  data: Record<string, unknown> | unknown[],
];

/**
 * The keys of an event's data in the order the sandbox builds them, for the events written by the hundred per
 * request (a bulk create). Data of another shape is journaled as an object: a mismatch costs bytes, never data.
 */
const DATA_SHAPES: Partial<Record<WebhookEventType, readonly string[]>> = {
  'investor.created': ['partnerInvestorId', 'zestPersonId', 'email', 'firstName', 'lastName', 'kycManagedBy'],
};

/** The data's values when its keys are exactly `shape`, in order (all flat already); else undefined. */
function shapeValues(data: Record<string, unknown>, shape: readonly string[]): unknown[] | undefined {
  const values: unknown[] = [];
  let i = 0;
  for (const key in data) {
    const value = data[key];
    if (key !== shape[i] || value === undefined) return undefined;
    values.push(value);
    i += 1;
  }
  return i === shape.length ? values : undefined;
}

/**
 * An outbox row as `enqueue` creates it. The JSON bytes are produced on first read (first attempt, admin view,
 * store snapshot) and then kept, so every attempt still sends the same bytes; until then the row holds the event's
 * data object instead of a string about twice its size, and a bulk create of 100 investors does not serialise 100
 * payloads that may never be sent (a partner without a webhookUrl). Only flat data is deferred: data that nests
 * objects (which may be shared with stored records) is serialised at once.
 */
export class OutboxRow implements DeliveryRecord {
  // Own fields in the order the record always had (the admin view and snapshots list them in this order).
  readonly deliveryId: string;
  readonly eventId: string;
  readonly eventType: WebhookEventType;
  readonly occurredAt: string;
  readonly clientId: string;
  status: DeliveryStatus;
  nextAttemptAt: number | null;
  manual: boolean;
  readonly createdAt: string;
  declare skippedReason?: string;
  #data: Record<string, unknown> | undefined;
  #payload: string | undefined;
  #attempts: DeliveryAttempt[] | undefined;

  constructor(
    deliveryId: string,
    eventId: string,
    eventType: WebhookEventType,
    occurredAt: string,
    clientId: string,
    data: Record<string, unknown>,
    nextAttemptAt: number | null,
    createdAt: string,
  ) {
    this.deliveryId = deliveryId;
    this.eventId = eventId;
    this.eventType = eventType;
    this.occurredAt = occurredAt;
    this.clientId = clientId;
    this.status = 'pending';
    this.nextAttemptAt = nextAttemptAt;
    this.manual = false;
    this.createdAt = createdAt;
    if (isFlat(data)) this.#data = data;
    else this.#payload = this.serialize(data);
  }

  /**
   * The attempts so far. A row holds no array until its first attempt: most rows of a bulk create are `skipped` (the
   * partner has no webhookUrl) and never get one, and an empty array each was 32 of the ~730 bytes kept per created
   * investor. Read-only until then (`recordAttempt` assigns a new array), so nothing can push onto the shared one.
   */
  get attempts(): DeliveryAttempt[] {
    return this.#attempts ?? (NO_ATTEMPTS as DeliveryAttempt[]);
  }

  set attempts(attempts: DeliveryAttempt[]) {
    this.#attempts = attempts;
  }

  get payload(): string {
    if (this.#payload === undefined) {
      this.#payload = this.serialize(this.#data!);
      this.#data = undefined;
    }
    return this.#payload;
  }

  private serialize(data: Record<string, unknown>): string {
    return JSON.stringify({ eventId: this.eventId, eventType: this.eventType, occurredAt: this.occurredAt, data });
  }

  /** The plain record (what the admin view and a rollback copy hold). */
  toJSON(): Omit<DeliveryRecord, 'skippedReason'> & { skippedReason?: string } {
    return {
      deliveryId: this.deliveryId,
      eventId: this.eventId,
      eventType: this.eventType,
      occurredAt: this.occurredAt,
      clientId: this.clientId,
      payload: this.payload,
      status: this.status,
      attempts: this.attempts,
      nextAttemptAt: this.nextAttemptAt,
      manual: this.manual,
      createdAt: this.createdAt,
      ...(this.skippedReason !== undefined ? { skippedReason: this.skippedReason } : {}),
    };
  }

  /**
   * What the store file journals: the compact form while the payload is still unserialised and nothing but the
   * initial state is recorded (the common case: every row a bulk create writes), else the plain record.
   */
  toJournal(): CompactRow | ReturnType<OutboxRow['toJSON']> {
    const skipped = this.skippedReason === undefined ? 0 : this.skippedReason === NO_WEBHOOK_URL ? 1 : -1;
    if (this.#payload !== undefined || this.attempts.length > 0 || this.manual || skipped < 0) return this.toJSON();
    const shape = DATA_SHAPES[this.eventType];
    const data = this.#data!;
    return [
      this.eventId,
      this.eventType,
      this.occurredAt,
      this.clientId,
      this.status,
      this.nextAttemptAt,
      this.createdAt === this.occurredAt ? 0 : this.createdAt,
      skipped as 0 | 1,
      (shape && shapeValues(data, shape)) ?? data,
    ];
  }

  /** A row back from its journal form (`toJournal`): compact rows become rows again, plain records stay as they are. */
  static fromJournal(deliveryId: string, stored: unknown): unknown {
    if (!Array.isArray(stored)) return stored;
    const [eventId, eventType, occurredAt, clientId, status, nextAttemptAt, createdAt, skipped, form] =
      stored as CompactRow;
    let data = form as Record<string, unknown>;
    if (Array.isArray(form)) {
      const shape = DATA_SHAPES[eventType];
      if (!shape || form.length !== shape.length)
        throw new UnreadableRecordError(`a ${eventType} event's data in a shape this version cannot read`);
      data = {};
      for (let i = 0; i < shape.length; i++) data[shape[i]!] = form[i];
    }
    const row = new OutboxRow(
      deliveryId,
      eventId,
      eventType,
      occurredAt,
      clientId,
      data,
      nextAttemptAt,
      createdAt === 0 ? occurredAt : createdAt,
    );
    row.status = status;
    if (skipped === 1) row.skippedReason = NO_WEBHOOK_URL;
    return row;
  }
}
