import type { WebhookEventType } from '@zestequity/partner-api-types';
import type { Store } from '../store/store.js';

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

/** The outbox table: rows live in the store's `deliveries` collection, written in the caller's transaction. */
export class Outbox {
  constructor(private readonly store: Store) {}

  get(deliveryId: string): DeliveryRecord | undefined {
    return this.store.get<DeliveryRecord>('deliveries', deliveryId);
  }

  put(row: DeliveryRecord): void {
    this.store.set('deliveries', row.deliveryId, row);
  }

  /** The rows still waiting for an attempt (what a restart resumes). */
  pendingRows(): DeliveryRecord[] {
    const rows: DeliveryRecord[] = [];
    for (const row of this.store.values<DeliveryRecord>('deliveries')) {
      if (row.status === 'pending') rows.push(row);
    }
    return rows;
  }

  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    const rows: DeliveryRecord[] = [];
    for (const row of this.store.values<DeliveryRecord>('deliveries')) {
      if (filter.status && row.status !== filter.status) continue;
      if (filter.eventType && row.eventType !== filter.eventType) continue;
      if (filter.clientId && row.clientId !== filter.clientId) continue;
      if (filter.eventId && row.eventId !== filter.eventId) continue;
      rows.push(row);
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
