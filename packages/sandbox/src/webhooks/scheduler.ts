import { AsyncResource } from 'node:async_hooks';
import { MAX_TIMER_MS } from './delivery.js';
import { DueHeap } from './due-heap.js';

/**
 * When each pending delivery is due: a heap of (time, id) entries, and one timer armed for the earliest. Timers run
 * on real time, not the sandbox clock, and are unref'd so a pending retry never keeps the process alive.
 */
export class Scheduler {
  /**
   * The async context the scheduler was made in (start-up: no request, no transaction). Every timer is armed in it,
   * so a tick never runs inside the transaction of the request that happened to arm the timer: an attempt's outcome
   * would otherwise be written into that request's transaction, and rolled back with it.
   */
  private readonly root = new AsyncResource('ZestWebhookScheduler');
  /** Rows that are (or may still be) pending: what `idle` waits for. Dropped when found not pending. */
  readonly pending = new Set<string>();
  private readonly heap = new DueHeap();
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

  /** Puts a pending row on the schedule for `at` (epoch ms; null: none) and makes sure a tick happens by then. */
  schedule(id: string, at: number | null): void {
    this.pending.add(id);
    if (at === null || !Number.isFinite(at)) return;
    this.heap.push(at, id);
    this.at(at);
  }

  /** Takes the rows due by `now`, earliest first, while `room()` says another attempt may start. */
  *due(now: number, room: () => boolean): Generator<string> {
    while (this.heap.peek() <= now && room()) {
      const { at, id } = this.heap.pop();
      const current = this.nextAttemptAt(id);
      if (current === Infinity) {
        this.pending.delete(id); // delivered, dead or gone (a rolled-back enqueue)
      } else if (current !== at) {
        // Moved since this entry was made (a redelivery, a rollback): the row is due at its current time instead.
        this.heap.push(current, id);
      } else {
        yield id;
      }
    }
  }

  /** Whether an entry is due by `now` (after `due`: one was left because there was no room). */
  dueBy(now: number): boolean {
    return this.heap.peek() <= now;
  }

  /** Arms the timer for the earliest entry (after a tick or at start). */
  rearm(): void {
    this.at(this.heap.peek());
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (!this.stopped) this.tick();
  }
}
