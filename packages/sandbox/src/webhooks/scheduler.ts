import { AsyncResource } from 'node:async_hooks';
import { MAX_TIMER_MS } from './delivery.js';

/**
 * When the next delivery attempt is due: one timer, armed for the earliest pending row. Timers run on real time,
 * not the sandbox clock, and are unref'd so a pending retry never keeps the process alive.
 */
export class Scheduler {
  /**
   * The async context the scheduler was made in (start-up: no request, no transaction). Every timer is armed in it,
   * so a tick never runs inside the transaction of the request that happened to arm the timer: an attempt's outcome
   * would otherwise be written into that request's transaction, and rolled back with it.
   */
  private readonly root = new AsyncResource('ZestWebhookScheduler');
  /** Rows that are (or may still be) pending; entries that are no longer pending are dropped on the next tick. */
  readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private stopped = false;

  /**
   * @param nextAttemptAt the epoch ms a row is due (Infinity when it is gone or has none)
   * @param tick runs when the timer fires
   */
  constructor(
    private readonly nextAttemptAt: (id: string) => number,
    private readonly tick: () => void,
  ) {}

  start(): void {
    this.stopped = false;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Makes sure a tick happens no later than `at` (epoch ms). O(1): used on every enqueue. */
  at(at: number | null): void {
    if (this.stopped || at === null || !Number.isFinite(at)) return;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    // A time scale below 1 stretches the 12 h delay past setTimeout's ~24.8-day cap, and a longer delay would fire
    // after 1 ms, over and over. Capped, the timer fires early at worst: the tick finds nothing due and re-arms.
    const delay = Math.min(Math.max(0, at - Date.now()), MAX_TIMER_MS);
    this.timer = this.root.runInAsyncScope(() => setTimeout(() => this.fire(), delay));
    this.timer.unref();
  }

  /** Re-arms the timer for the earliest pending row not in `busy` (one scan; after a tick, a start or an attempt). */
  rearm(busy: ReadonlyMap<string, unknown>): void {
    let next = Infinity;
    for (const id of this.pending) {
      if (busy.has(id)) continue;
      const at = this.nextAttemptAt(id);
      if (at < next) next = at;
    }
    this.at(next);
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (!this.stopped) this.tick();
  }
}
