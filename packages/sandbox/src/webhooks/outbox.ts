import type { WebhookEventType } from '@zestequity/partner-api-types';
import type { People } from '../domain/people.js';
import type { Store } from '../store/store.js';
import { EVENT_KEY_HEX, EventBatch } from './event-batch.js';

/** The documented schedule: delays before attempts 2..6 (docs/design-decisions.md#webhook-retries). Six attempts, then dead-letter. */
export const RETRY_DELAYS_SECONDS = [30, 300, 1800, 7200, 43200] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** Every status of a delivery, in the order the admin API documents them. */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  /** HTTP status of the partner's answer, when there was one. */
  statusCode?: number;
  /** Why the attempt failed without a status (timeout, connection refused, ...). */
  error?: string;
  ok: boolean;
  manual: boolean;
  /** The Zest-Signature header value sent with this attempt. */
  signature?: string;
}

/** One outbox row: an event for one partner, and the history of trying to deliver it. */
export interface DeliveryRecord {
  deliveryId: string;
  eventId: string;
  eventType: WebhookEventType;
  occurredAt: string;
  clientId: string;
  /** The exact JSON bytes POSTed on every attempt (the signature covers them). */
  payload: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** Epoch ms of the next scheduled attempt; null when none is scheduled. */
  nextAttemptAt: number | null;
  /** A manual redelivery is one extra attempt; on failure it does not restart the schedule. */
  manual: boolean;
  createdAt: string;
  skippedReason?: string;
}

export interface DeliveryFilter {
  status?: string;
  eventType?: string;
  clientId?: string;
  eventId?: string;
}

/**
 * The outbox table: rows live in the store's `deliveries` collection, written in the caller's transaction. Besides
 * rows it holds event batches (`event-batch.ts`): the untouched events of a bulk create for a partner without a
 * webhook URL, read as the rows they stand for, in their place.
 */
export class Outbox {
  /**
   * Ids of the event batches some of whose rows are stored on their own (changed since: a redelivery). A batch not
   * in it is all `skipped` rows, so a listing counts it without building them. Found at start-up, kept up by `put`;
   * a put that is rolled back leaves its batch here, which only costs that batch the slower path.
   */
  private readonly changed = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly people?: People,
  ) {
    for (const value of store.values<DeliveryRecord>('deliveries'))
      if (!EventBatch.from(value)) this.noteChanged(value.deliveryId);
  }

  get(deliveryId: string): DeliveryRecord | undefined {
    const value = this.store.get<DeliveryRecord>('deliveries', deliveryId);
    if (value !== undefined) return EventBatch.from(value) ? undefined : value;
    const batch = this.batchHolding(deliveryId);
    return batch ? batch.row(batch.numberOf(deliveryId), this.people!) : undefined;
  }

  /** The event batch that `deliveryId` is a row of, if any. */
  private batchHolding(deliveryId: string): EventBatch | undefined {
    if (this.people === undefined || deliveryId.length !== 4 + EVENT_KEY_HEX + 4) return undefined;
    const batch = EventBatch.from(this.store.get<unknown>('deliveries', deliveryId.slice(0, 4 + EVENT_KEY_HEX)));
    return batch && batch.numberOf(deliveryId) >= 0 ? batch : undefined;
  }

  private noteChanged(deliveryId: string): void {
    const batch = this.batchHolding(deliveryId);
    if (batch) this.changed.add(batch.id);
  }

  put(row: DeliveryRecord): void {
    this.store.set('deliveries', row.deliveryId, row);
    this.noteChanged(row.deliveryId);
  }

  /** Whether `deliveryId` is free for a row of its own: no row holds it and no event batch's row is it. */
  isFree(deliveryId: string): boolean {
    return this.store.get('deliveries', deliveryId) === undefined && this.batchHolding(deliveryId) === undefined;
  }

  /** The rows still waiting for an attempt (what a restart resumes). A batch's rows are skipped, never pending. */
  pendingRows(): DeliveryRecord[] {
    const rows: DeliveryRecord[] = [];
    for (const row of this.store.values<DeliveryRecord>('deliveries')) {
      if (row.status === 'pending' && !EventBatch.from(row)) rows.push(row);
    }
    return rows;
  }

  /** The rows that match `filter`, in the order they were written (a batch's rows where the batch is). */
  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    return this.select(filter).rows;
  }

  /**
   * How many rows match `filter`, and the rows themselves (only the last `newest` of them when given). An untouched
   * event batch counts as its size and only the rows that are answered are built: listing the newest 20 of a
   * million took half a second a hundred thousand people ago when every row was built.
   */
  select(filter: DeliveryFilter, newest?: number): { rows: DeliveryRecord[]; total: number } {
    const segments: Segment[] = [];
    let total = 0;
    const keep = (row: DeliveryRecord) =>
      (!filter.status || row.status === filter.status) &&
      (!filter.eventType || row.eventType === filter.eventType) &&
      (!filter.clientId || row.clientId === filter.clientId) &&
      (!filter.eventId || row.eventId === filter.eventId);
    for (const stored of this.store.values<DeliveryRecord>('deliveries')) {
      const value = EventBatch.from(stored) ?? stored;
      if (!(value instanceof EventBatch)) {
        // A row stored on its own in place of a batch's row is listed where the batch is.
        if (keep(value) && (this.changed.size === 0 || this.batchHolding(value.deliveryId) === undefined)) {
          segments.push(value);
          total += 1;
        }
        continue;
      }
      // Alike for the whole batch: all `investor.created`, one partner, `skipped` unless changed since.
      if (
        (filter.eventType && filter.eventType !== 'investor.created') ||
        (filter.clientId && filter.clientId !== value.clientId)
      )
        continue;
      if (!this.changed.has(value.id) && !filter.eventId) {
        if (filter.status && filter.status !== 'skipped') continue;
        segments.push(value);
        total += value.count;
        continue;
      }
      for (const row of this.rowsOf(value, filter.eventId))
        if (keep(row)) {
          segments.push(row);
          total += 1;
        }
    }
    return { rows: this.build(segments, newest === undefined ? 0 : Math.max(0, total - newest)), total };
  }

  /** A batch's rows as they are now (a changed one as stored), or only the one of event `eventId` when given. */
  private *rowsOf(batch: EventBatch, eventId: string | undefined): Generator<DeliveryRecord> {
    const only = eventId === undefined ? -1 : batch.numberOfEvent(eventId);
    if (eventId !== undefined && only < 0) return;
    for (let n = Math.max(0, only); n < (only < 0 ? batch.count : only + 1); n++)
      yield this.store.get<DeliveryRecord>('deliveries', batch.deliveryId(n)) ?? batch.row(n, this.people!);
  }

  /** The rows of `segments` after the first `skip` of them, untouched batches built row by row. */
  private build(segments: Segment[], skip: number): DeliveryRecord[] {
    const rows: DeliveryRecord[] = [];
    for (const segment of segments) {
      const size = segment instanceof EventBatch ? segment.count : 1;
      if (skip >= size) {
        skip -= size;
        continue;
      }
      if (segment instanceof EventBatch) for (let n = skip; n < size; n++) rows.push(segment.row(n, this.people!));
      else rows.push(segment);
      skip = 0;
    }
    return rows;
  }
}

/** What a listing is made of: a row, or an untouched event batch standing for all its rows. */
type Segment = DeliveryRecord | EventBatch;

/**
 * Moves a row on after an attempt: delivered on success; after a failed manual attempt, delivered still if an
 * earlier attempt was (the receiver has the event), else dead; dead after the last scheduled attempt; otherwise
 * pending again after the next delay of the schedule (`delayMs(failures so far)`).
 */
export function recordAttempt(
  row: DeliveryRecord,
  attempt: DeliveryAttempt,
  delayMs: (failures: number) => number,
): void {
  const deliveredBefore = row.attempts.some((a) => a.ok);
  // A new array, not a push: a row that has not been tried yet shares one frozen empty array (`OutboxRow.attempts`).
  row.attempts = [...row.attempts, attempt];
  const failures = row.attempts.filter((a) => !a.ok && !a.manual).length;
  if (attempt.ok) {
    row.status = 'delivered';
    row.nextAttemptAt = null;
  } else if (row.manual || failures >= MAX_ATTEMPTS) {
    row.status = row.manual && deliveredBefore ? 'delivered' : 'dead';
    row.nextAttemptAt = null;
  } else {
    row.nextAttemptAt = Date.now() + delayMs(failures);
  }
  if (row.status !== 'pending') row.manual = false;
}
