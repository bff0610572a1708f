import type { WebhookEvent, WebhookEventType } from '@zestequity/partner-api-types';
import { FRESH_ID_ATTEMPTS, newEventId, newId } from '../domain/ids.js';
import type { InvestorRow, People, PeopleBatch } from '../domain/people.js';
import type { Partner } from '../partners.js';
import type { Store } from '../store/store.js';
import { DELIVERY_TIMEOUT_SECONDS, type DeliveryOutcome, deliver, STOPPED } from './delivery.js';
import { EVENT_KEY_HEX, EventBatch, investorCreatedData } from './event-batch.js';
import {
  type DeliveryAttempt,
  type DeliveryFilter,
  type DeliveryRecord,
  Outbox,
  RETRY_DELAYS_SECONDS,
  recordAttempt,
} from './outbox.js';
import { isoNow, NO_WEBHOOK_URL, OutboxRow } from './outbox-row.js';
import { Scheduler } from './scheduler.js';

export interface DispatcherOptions {
  store: Store;
  partner: (clientId: string) => Partner | undefined;
  sign: (payload: string, secret: string) => Promise<string>;
  /** Divides every delay and the timeout; 1 = the documented wall-clock schedule. */
  timeScale: number;
  /** Overrides the scaled 10 s timeout (ms). */
  timeoutMs?: number;
  /** Throws when an event does not match the spec (dev-mode check). */
  checkEvent?: (event: WebhookEvent) => void;
  log?: (line: string) => void;
  /** Attempts in flight at once, all partners together; default 64. */
  maxConcurrent?: number;
  /**
   * Attempts in flight at once for one partner; default 16. A receiver that never answers holds at most this many,
   * each for the timeout, while other partners' events go out meanwhile.
   */
  maxConcurrentPerPartner?: number;
  /** Whether an event of this type is recorded at all (a breakage drops some); every event when absent. */
  emits?: (eventType: WebhookEventType) => boolean;
  /** The people bulk creates made, which an event batch's rows are rebuilt from (`investorsCreated`). */
  people?: People;
}

/**
 * The webhook outbox (`outbox.ts`), its scheduler (`scheduler.ts`) and HTTP delivery (`delivery.ts`), put together.
 * `enqueue` only writes a row (synchronously, in the same commit as the state change that caused it); delivery
 * happens afterwards, so a failing receiver never affects the API call, and pending rows survive a restart with the
 * file store (at least once: an attempt in flight at a crash is repeated).
 *
 * Each attempt POSTs the same bytes with a fresh `Zest-Signature` (t = the attempt's time). Any status >= 300, a
 * connection error or no answer within 10 s (scaled) is a failure; failures are retried after 30 s, 5 m, 30 m, 2 h
 * and 12 h (each divided by `timeScale`), then the row is dead-lettered. Attempts in flight are capped per partner
 * and in all, and due rows are taken from the partners in turn (`scheduler.ts`): a slow receiver delays only its own
 * partner's events.
 */
export class Dispatcher {
  private readonly outbox: Outbox;
  private readonly scheduler: Scheduler;
  private readonly inFlight = new Map<string, () => void>();
  private readonly waiters = new Set<() => void>();
  /** Rows a redelivery was asked for while an attempt was in flight: each gets one more attempt after it. */
  private readonly again = new Set<string>();

  constructor(private readonly options: DispatcherOptions) {
    this.outbox = new Outbox(options.store, options.people);
    this.scheduler = new Scheduler(
      (id) => this.outbox.get(id)?.nextAttemptAt ?? Infinity,
      () => this.tick(),
      { perLane: options.maxConcurrentPerPartner ?? 16, overall: options.maxConcurrent ?? 64 },
    );
    for (const row of this.outbox.pendingRows())
      this.scheduler.schedule(row.deliveryId, row.nextAttemptAt, row.clientId);
  }

  get timeoutMs(): number {
    return this.options.timeoutMs ?? Math.max(1000, (DELIVERY_TIMEOUT_SECONDS * 1000) / this.options.timeScale);
  }

  delayMs(afterAttempt: number): number {
    const seconds = RETRY_DELAYS_SECONDS[afterAttempt - 1];
    return seconds === undefined ? Infinity : (seconds * 1000) / this.options.timeScale;
  }

  start(): void {
    this.scheduler.start();
    this.scheduler.rearm();
  }

  /**
   * Records an event for a partner. Synchronous: it is part of the caller's commit. `data` becomes the outbox's:
   * callers pass a fresh object and never touch it again.
   */
  enqueue<T extends WebhookEventType>(
    clientId: string,
    eventType: T,
    data: Extract<WebhookEvent, { eventType: T }>['data'],
    occurredAt: string,
  ): DeliveryRecord | undefined {
    if (this.options.emits && !this.options.emits(eventType)) return undefined;
    const eventId = newEventId();
    if (this.options.checkEvent)
      this.options.checkEvent({ eventId, eventType, occurredAt, data } as unknown as WebhookEvent);
    const deliverable = this.deliverable(clientId);
    const row = new OutboxRow(
      this.freshDeliveryId(),
      eventId,
      eventType,
      occurredAt,
      clientId,
      data as Record<string, unknown>,
      deliverable ? Date.now() : null,
      isoNow(),
    );
    if (!deliverable) {
      row.status = 'skipped';
      row.skippedReason = NO_WEBHOOK_URL;
    }
    this.outbox.put(row);
    if (row.status === 'pending') this.scheduler.schedule(row.deliveryId, row.nextAttemptAt, row.clientId);
    return row;
  }

  /**
   * `investor.created` for every person of a batch (`rows`: the batch's rows, person n at n). For a partner without
   * a webhook URL the events are one event batch, every row `skipped` (`event-batch.ts`); otherwise one row each.
   */
  investorsCreated(batch: PeopleBatch, rows: readonly InvestorRow[], occurredAt: string): void {
    const { clientId } = batch;
    if (this.deliverable(clientId) || this.options.emits || !this.options.people) {
      for (let n = 0; n < batch.count; n++)
        this.enqueue(clientId, 'investor.created', investorCreatedData(rows[n]!, batch.personId(n)), occurredAt);
      return;
    }
    let key: string;
    do key = newId('dlv', EVENT_KEY_HEX);
    while (this.options.store.get('deliveries', key) !== undefined);
    const events = new EventBatch(
      key.slice(4),
      newId('wde', EVENT_KEY_HEX).slice(4),
      batch.key,
      clientId,
      batch.count,
      occurredAt,
      isoNow(),
    );
    if (this.options.checkEvent)
      for (let n = 0; n < batch.count; n++) {
        const data = investorCreatedData(rows[n]!, batch.personId(n));
        this.options.checkEvent({ eventId: events.eventId(n), eventType: 'investor.created', occurredAt, data });
      }
    this.options.store.set('deliveries', events.id, events);
  }

  private deliverable(clientId: string): boolean {
    const partner = this.options.partner(clientId);
    return Boolean(partner?.webhookUrl && partner.webhookSecret);
  }

  /** A delivery id no row holds and no event batch's row is. */
  private freshDeliveryId(): string {
    for (let attempt = 0; attempt < FRESH_ID_ATTEMPTS; attempt++) {
      const id = newId('dlv', 16);
      if (this.outbox.isFree(id)) return id;
    }
    throw new Error(`no free dlv_ id left in deliveries after ${FRESH_ID_ATTEMPTS} attempts`);
  }

  get(deliveryId: string): DeliveryRecord | undefined {
    return this.outbox.get(deliveryId);
  }

  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    return this.outbox.list(filter);
  }

  /** How many rows match `filter`, and the last `newest` of them (all when not given). */
  select(filter: DeliveryFilter, newest?: number): { rows: DeliveryRecord[]; total: number } {
    return this.outbox.select(filter, newest);
  }

  /**
   * Sends a delivery again now, whatever its state (a delivered one too: receivers must dedup on eventId). Same
   * eventId and bytes, fresh signature. A pending row simply has its next attempt moved to now; for any other row
   * this is one extra manual attempt, after which it is `delivered` (or stays so, when it was) or back to `dead`.
   * Asked while an attempt is under way, it is one more attempt as soon as that one's outcome is recorded (asked
   * several times meanwhile, still one).
   */
  redeliver(deliveryId: string): DeliveryRecord | undefined {
    const row = this.get(deliveryId);
    if (!row) return undefined;
    const partner = this.options.partner(row.clientId);
    if (!partner?.webhookUrl) return row;
    if (this.inFlight.has(deliveryId)) {
      this.again.add(deliveryId);
      return row;
    }
    if (row.status !== 'pending') row.manual = true;
    row.status = 'pending';
    row.nextAttemptAt = Date.now();
    delete row.skippedReason;
    this.outbox.put(row);
    this.scheduler.schedule(row.deliveryId, row.nextAttemptAt, row.clientId);
    return row;
  }

  /** Resolves when nothing is pending or in flight (or after `timeoutMs`); for tests and graceful shutdown. */
  async idle(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.scheduler.pending.size > 0 || this.inFlight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          () => {
            this.waiters.delete(resolve);
            resolve();
          },
          Math.min(left, 50),
        );
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  async stop(): Promise<void> {
    this.scheduler.stop();
    for (const abort of this.inFlight.values()) abort();
    while (this.inFlight.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }

  /**
   * Starts an attempt for every due row there is room for (partners in turn, see `Scheduler.due`), then re-arms for
   * the next one. Rows left due for want of room need no timer: the attempt whose end makes room ticks again.
   */
  private tick(): void {
    for (const id of this.scheduler.due(Date.now())) {
      // An attempt under way records its outcome and schedules what follows itself.
      if (this.inFlight.has(id)) continue;
      const row = this.get(id)!;
      // Recording the outcome can fail (a store that can no longer write): log it, never crash the process.
      this.attempt(row).catch((error: unknown) =>
        this.options.log?.(`webhook ${row.eventId}: ${(error as Error).message}`),
      );
    }
    // Armed from what the lanes hold, never from a fresh clock reading: an earlier version decided from a later
    // `Date.now()` than `due` saw that a row was left for want of room, armed nothing, and with nothing in flight the
    // row stayed pending for good. Now only a full lane (or a full whole) goes without a timer, and it has attempts
    // in flight whose end ticks again (`Scheduler.end`).
    this.scheduler.rearm();
  }

  private async attempt(row: DeliveryRecord): Promise<void> {
    const startedAt = Date.now();
    const number = row.attempts.length + 1;
    let abort: () => void = () => {};
    // Counted synchronously, before the first await: `due` reads the room left as each row it yields is started.
    this.inFlight.set(row.deliveryId, () => abort());
    this.scheduler.begin(row.clientId);
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliver(row, {
        partner: this.options.partner(row.clientId),
        sign: this.options.sign,
        timeoutMs: this.timeoutMs,
        onAbort: (fn) => {
          abort = fn;
        },
      });
    } finally {
      // Even when delivery throws: a slot never given back would keep the partner's lane full for good.
      this.inFlight.delete(row.deliveryId);
      this.scheduler.end(row.clientId);
    }
    if (this.scheduler.isStopped && outcome.error === STOPPED) {
      // Interrupted by shutdown, not refused by the partner: the row stays pending and is tried again on restart.
      this.notify();
      return;
    }
    this.record(row, number, startedAt, outcome);
  }

  /** Writes an attempt's outcome to the row (in the store) and schedules what follows. */
  private record(row: DeliveryRecord, number: number, startedAt: number, outcome: DeliveryOutcome): void {
    const ok = outcome.statusCode !== undefined && outcome.statusCode < 300;
    const current = this.get(row.deliveryId) ?? row;
    const attempt: DeliveryAttempt = {
      attempt: number,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      ok,
      manual: current.manual,
      ...(outcome.signature !== undefined ? { signature: outcome.signature } : {}),
      ...(outcome.statusCode !== undefined ? { statusCode: outcome.statusCode } : {}),
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    };
    recordAttempt(current, attempt, (failures) => this.delayMs(failures));
    if (current.status !== 'pending') this.scheduler.pending.delete(current.deliveryId);
    this.outbox.put(current);
    this.options.log?.(
      `webhook ${current.eventType} ${current.eventId} attempt ${number} -> ${attempt.statusCode ?? attempt.error} (${current.status})`,
    );
    this.notify();
    if (this.again.delete(current.deliveryId)) this.redeliver(current.deliveryId);
    else if (current.status === 'pending')
      this.scheduler.schedule(current.deliveryId, current.nextAttemptAt, current.clientId);
  }
}
