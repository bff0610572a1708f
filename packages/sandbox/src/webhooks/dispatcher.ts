import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WebhookEvent, WebhookEventType } from '@zestequity/partner-api-types';
import { newEventId, newId } from '../domain/ids.js';
import type { Partner } from '../partners.js';
import type { Store } from '../store/store.js';
import { isoNow, NO_WEBHOOK_URL, OutboxRow } from './outbox-row.js';

/** The documented schedule: delays before attempts 2..6 (docs/design-decisions.md#webhook-retries). Six attempts, then dead-letter. */
export const RETRY_DELAYS_SECONDS = [30, 300, 1800, 7200, 43200] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
export const DELIVERY_TIMEOUT_SECONDS = 10;
export const USER_AGENT = 'ZestWebhooks/1.0';
const STOPPED = 'dispatcher stopped';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'skipped';

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
  maxConcurrent?: number;
}

/**
 * The webhook outbox and its dispatcher. `enqueue` only writes a row (synchronously, in the same commit as the
 * state change that caused it); delivery happens afterwards, so a failing receiver never affects the API call, and
 * pending rows survive a restart with the file store (at least once: an attempt in flight at a crash is repeated).
 *
 * Each attempt POSTs the same bytes with a fresh `Zest-Signature` (t = the attempt's time). Any status >= 300, a
 * connection error or no answer within 10 s (scaled) is a failure; failures are retried after 30 s, 5 m, 30 m, 2 h
 * and 12 h (each divided by `timeScale`), then the row is dead-lettered. Timers run on real time, not the sandbox
 * clock.
 */
export class Dispatcher {
  private readonly pending = new Set<string>();
  private readonly inFlight = new Map<string, () => void>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private stopped = false;
  /** The last tick left due rows behind because `maxConcurrent` attempts were in flight. */
  private saturated = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: DispatcherOptions) {
    for (const row of options.store.values<DeliveryRecord>('deliveries')) {
      if (row.status === 'pending') this.pending.add(row.deliveryId);
    }
  }

  get timeoutMs(): number {
    return this.options.timeoutMs ?? Math.max(1000, (DELIVERY_TIMEOUT_SECONDS * 1000) / this.options.timeScale);
  }

  delayMs(afterAttempt: number): number {
    const seconds = RETRY_DELAYS_SECONDS[afterAttempt - 1];
    return seconds === undefined ? Infinity : (seconds * 1000) / this.options.timeScale;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
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
  ): DeliveryRecord {
    const eventId = newEventId();
    if (this.options.checkEvent)
      this.options.checkEvent({ eventId, eventType, occurredAt, data } as unknown as WebhookEvent);
    const partner = this.options.partner(clientId);
    const deliverable = Boolean(partner?.webhookUrl && partner.webhookSecret);
    const row = new OutboxRow(
      newId('dlv', 16),
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
    this.options.store.set('deliveries', row.deliveryId, row);
    if (row.status === 'pending') {
      this.pending.add(row.deliveryId);
      this.scheduleAt(row.nextAttemptAt);
    }
    return row;
  }

  get(deliveryId: string): DeliveryRecord | undefined {
    return this.options.store.get<DeliveryRecord>('deliveries', deliveryId);
  }

  list(filter: { status?: string; eventType?: string; clientId?: string; eventId?: string } = {}): DeliveryRecord[] {
    const rows: DeliveryRecord[] = [];
    for (const row of this.options.store.values<DeliveryRecord>('deliveries')) {
      if (filter.status && row.status !== filter.status) continue;
      if (filter.eventType && row.eventType !== filter.eventType) continue;
      if (filter.clientId && row.clientId !== filter.clientId) continue;
      if (filter.eventId && row.eventId !== filter.eventId) continue;
      rows.push(row);
    }
    return rows;
  }

  /**
   * Sends a delivery again now, whatever its state (a delivered one too: receivers must dedup on eventId). Same
   * eventId and bytes, fresh signature. A pending row simply has its next attempt moved to now; for any other row
   * this is one extra manual attempt, after which it is `delivered` or back to `dead`.
   */
  redeliver(deliveryId: string): DeliveryRecord | undefined {
    const row = this.get(deliveryId);
    if (!row) return undefined;
    const partner = this.options.partner(row.clientId);
    if (!partner?.webhookUrl) return row;
    if (row.status !== 'pending') row.manual = true;
    row.status = 'pending';
    row.nextAttemptAt = Date.now();
    delete row.skippedReason;
    this.options.store.set('deliveries', row.deliveryId, row);
    this.pending.add(row.deliveryId);
    this.scheduleAt(row.nextAttemptAt);
    return row;
  }

  /** Resolves when nothing is pending or in flight (or after `timeoutMs`); for tests and graceful shutdown. */
  async idle(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 || this.inFlight.size > 0) {
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
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const abort of this.inFlight.values()) abort();
    while (this.inFlight.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }

  /** Makes sure a tick happens no later than `at` (epoch ms). O(1): used on every enqueue. */
  private scheduleAt(at: number | null): void {
    if (this.stopped || at === null || !Number.isFinite(at)) return;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    // The longest real delay is 12 h, well under setTimeout's ~24.8-day cap.
    this.timer = setTimeout(() => this.tick(), Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  /** Re-arms the timer for the earliest pending row (one scan; after a tick, a start or a shutdown of attempts). */
  private schedule(): void {
    let next = Infinity;
    for (const id of this.pending) {
      if (this.inFlight.has(id)) continue;
      const at = this.get(id)?.nextAttemptAt ?? Infinity;
      if (at < next) next = at;
    }
    this.scheduleAt(next);
  }

  private tick(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.stopped) return;
    const now = Date.now();
    const limit = this.options.maxConcurrent ?? 16;
    this.saturated = false;
    for (const id of this.pending) {
      if (this.inFlight.size >= limit) {
        this.saturated = true;
        break;
      }
      if (this.inFlight.has(id)) continue;
      const row = this.get(id);
      if (row?.status !== 'pending') {
        this.pending.delete(id);
        continue;
      }
      if ((row.nextAttemptAt ?? Infinity) <= now) {
        // Recording the outcome can fail (a store that can no longer write): log it, never crash the process.
        this.attempt(row).catch((error: unknown) =>
          this.options.log?.(`webhook ${row.eventId}: ${(error as Error).message}`),
        );
      }
    }
    this.schedule();
  }

  private async attempt(row: DeliveryRecord): Promise<void> {
    const partner = this.options.partner(row.clientId);
    const startedAt = Date.now();
    const number = row.attempts.length + 1;
    let outcome: { statusCode?: number; error?: string };
    let signature: string | undefined;
    let abort: () => void = () => {};
    const settled = new Promise<void>((resolve) => {
      this.inFlight.set(row.deliveryId, () => abort());
      void (async () => {
        try {
          if (!partner?.webhookUrl || !partner.webhookSecret)
            throw new Error('The partner has no webhookUrl configured.');
          signature = await this.options.sign(row.payload, partner.webhookSecret);
          outcome = await post(partner.webhookUrl, row, signature, this.timeoutMs, (fn) => (abort = fn));
        } catch (error) {
          outcome = { error: (error as Error).message };
        }
        resolve();
      })();
    });
    await settled;
    this.inFlight.delete(row.deliveryId);
    if (this.stopped && outcome!.error === STOPPED) {
      // Interrupted by shutdown, not refused by the partner: the row stays pending and is tried again on restart.
      this.notify();
      return;
    }
    const ok = outcome!.statusCode !== undefined && outcome!.statusCode < 300;
    const current = this.get(row.deliveryId) ?? row;
    const record: DeliveryAttempt = {
      attempt: number,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      ok,
      manual: current.manual,
      ...(signature !== undefined ? { signature } : {}),
      ...(outcome!.statusCode !== undefined ? { statusCode: outcome!.statusCode } : {}),
      ...(outcome!.error !== undefined ? { error: outcome!.error } : {}),
    };
    current.attempts.push(record);
    const failures = current.attempts.filter((a) => !a.ok && !a.manual).length;
    if (ok) {
      current.status = 'delivered';
      current.nextAttemptAt = null;
    } else if (current.manual || failures >= MAX_ATTEMPTS) {
      current.status = 'dead';
      current.nextAttemptAt = null;
    } else {
      current.nextAttemptAt = Date.now() + this.delayMs(failures);
    }
    if (current.status !== 'pending') {
      current.manual = false;
      this.pending.delete(current.deliveryId);
    }
    this.options.store.set('deliveries', current.deliveryId, current);
    this.options.log?.(
      `webhook ${current.eventType} ${current.eventId} attempt ${number} -> ${record.statusCode ?? record.error} (${current.status})`,
    );
    this.notify();
    if (current.status === 'pending') this.scheduleAt(current.nextAttemptAt);
    if (this.saturated) this.scheduleAt(Date.now());
  }
}

function post(
  url: string,
  row: DeliveryRecord,
  signature: string,
  timeoutMs: number,
  onAbort: (abort: () => void) => void,
): Promise<{ statusCode?: number; error?: string }> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const body = Buffer.from(row.payload, 'utf8');
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let done = false;
    const finish = (result: { statusCode?: number; error?: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = send(target, {
      method: 'POST',
      agent: false,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': String(body.length),
        'User-Agent': USER_AGENT,
        'Zest-Signature': signature,
        'Zest-Event-Id': row.eventId,
        'Zest-Event-Type': row.eventType,
        Connection: 'close',
      },
    });
    const timer = setTimeout(() => {
      finish({ error: `no response within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    onAbort(() => {
      finish({ error: STOPPED });
      req.destroy();
    });
    req.on('response', (res) => {
      finish({ statusCode: res.statusCode ?? 0 });
      res.resume();
    });
    req.on('error', (error) => finish({ error: error.message }));
    req.end(body);
  });
}
