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
  constructor(
    private readonly store: Store,
    private readonly people?: People,
  ) {}

  get(deliveryId: string): DeliveryRecord | undefined {
    const value = this.store.get<DeliveryRecord | EventBatch>('deliveries', deliveryId);
    if (value !== undefined) return value instanceof EventBatch ? undefined : value;
    const batch = this.batchHolding(deliveryId);
    return batch ? batch.row(batch.numberOf(deliveryId), this.people!) : undefined;
  }

  /** The event batch that `deliveryId` is a row of, if any. */
  private batchHolding(deliveryId: string): EventBatch | undefined {
    if (this.people === undefined || deliveryId.length !== 4 + EVENT_KEY_HEX + 4) return undefined;
    const batch = this.store.get<unknown>('deliveries', deliveryId.slice(0, 4 + EVENT_KEY_HEX));
    return batch instanceof EventBatch && batch.numberOf(deliveryId) >= 0 ? batch : undefined;
  }

  put(row: DeliveryRecord): void {
    this.store.set('deliveries', row.deliveryId, row);
  }

  /** Whether `deliveryId` is free for a row of its own: no row holds it and no event batch's row is it. */
  isFree(deliveryId: string): boolean {
    return this.store.get('deliveries', deliveryId) === undefined && this.batchHolding(deliveryId) === undefined;
  }

  /** The rows still waiting for an attempt (what a restart resumes). A batch's rows are skipped, never pending. */
  pendingRows(): DeliveryRecord[] {
    const rows: DeliveryRecord[] = [];
    for (const row of this.store.values<DeliveryRecord | EventBatch>('deliveries')) {
      if (!(row instanceof EventBatch) && row.status === 'pending') rows.push(row);
    }
    return rows;
  }

  /** The rows that match `filter`, in the order they were written (a batch's rows where the batch is). */
  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    const rows: DeliveryRecord[] = [];
    const keep = (row: DeliveryRecord) =>
      (!filter.status || row.status === filter.status) &&
      (!filter.eventType || row.eventType === filter.eventType) &&
      (!filter.clientId || row.clientId === filter.clientId) &&
      (!filter.eventId || row.eventId === filter.eventId);
    for (const value of this.store.values<DeliveryRecord | EventBatch>('deliveries')) {
      if (!(value instanceof EventBatch)) {
        if (keep(value) && this.batchHolding(value.deliveryId) === undefined) rows.push(value);
        continue;
      }
      // Decided for the whole batch where its rows are alike: all `investor.created`, one partner, and `skipped`
      // unless changed since (a changed row is stored under its own id and read instead).
      if (
        (filter.eventType && filter.eventType !== 'investor.created') ||
        (filter.clientId && filter.clientId !== value.clientId)
      )
        continue;
      const untouched = !filter.status || filter.status === 'skipped';
      for (let n = 0; n < value.count; n++) {
        const row =
          this.store.get<DeliveryRecord>('deliveries', value.deliveryId(n)) ??
          (untouched ? value.row(n, this.people!) : undefined);
        if (row && keep(row)) rows.push(row);
      }
    }
    return rows;
  }
}

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
