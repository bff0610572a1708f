import { AsyncResource } from 'node:async_hooks';
import { MAX_TIMER_MS } from './delivery.js';
import { DueHeap } from './due-heap.js';

/** One partner's deliveries: when each is due, and how many of its attempts are in flight. */
interface Lane {
  readonly heap: DueHeap;
  inFlight: number;
}

export interface SchedulerLimits {
  /** Attempts in flight at once for one lane (one partner). */
  perLane: number;
  /** Attempts in flight at once in all. */
  overall: number;
}

/**
 * When each pending delivery is due: per lane (a partner's `clientId`) a heap of (time, id) entries, and one timer
 * armed for the earliest entry a tick could start. Timers run on real time, not the sandbox clock, and are unref'd so
 * a pending retry never keeps the process alive.
 *
 * Lanes keep partners apart: a tick takes due rows from the lanes in turn, and a lane's attempts in flight are capped
 * on their own, so a receiver that never answers holds at most `perLane` attempts and delays only its own events.
 * Invariant: a pending row always has a timer armed for it or an attempt in flight whose end ticks again (see `end`).
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
  /** Only lanes with entries or attempts in flight: a tick's work grows with the partners that have some. */
  private readonly lanes = new Map<string, Lane>();
  private inFlight = 0;
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
    private readonly limits: SchedulerLimits,
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

  /**
   * Puts a pending row of `lane` on the schedule for `at` (epoch ms; null: none) and makes sure a tick happens by
   * then. When the lane (or every lane) has no room, no timer: a tick could start nothing, and the attempt whose end
   * makes room ticks then (`end`), which is also what keeps a hung partner's new events from ticking at all.
   */
  schedule(id: string, at: number | null, lane: string): void {
    this.pending.add(id);
    if (at === null || !Number.isFinite(at)) return;
    const entries = this.lane(lane);
    entries.heap.push(at, id);
    if (this.hasRoom(entries)) this.at(at);
  }

  /** An attempt of a row of `lane` started (the dispatcher calls this as it starts one). */
  begin(lane: string): void {
    this.lane(lane).inFlight++;
    this.inFlight++;
  }

  /**
   * An attempt of `lane` ended. When its lane, or the whole, was full, the last re-arm left out that lane's (or
   * every lane's) entries, so no timer may be armed for rows it now has room for: tick again, now.
   */
  end(lane: string): void {
    const entries = this.lane(lane);
    const wasFull = entries.inFlight >= this.limits.perLane || this.inFlight >= this.limits.overall;
    entries.inFlight--;
    this.inFlight--;
    if (entries.inFlight === 0 && entries.heap.size === 0) this.lanes.delete(lane);
    if (wasFull) this.at(Date.now());
  }

  /**
   * Takes the rows due by `now` that may start: one from each lane with room in turn, while there is room in all,
   * so no lane's backlog starves another's. The work is the lanes plus the rows taken (and stale entries dropped),
   * never a walk of a lane's whole backlog. Room is read afresh after each row, as the caller starts it.
   */
  *due(now: number): Generator<string> {
    let turn = [...this.lanes].filter(([, lane]) => this.ready(lane, now));
    while (turn.length > 0) {
      const next: [string, Lane][] = [];
      for (const entry of turn) {
        if (this.inFlight >= this.limits.overall) return;
        const id = this.take(entry[1], now);
        if (id === undefined) continue;
        yield id;
        if (this.ready(entry[1], now)) next.push(entry);
      }
      turn = next;
    }
  }

  /**
   * Arms the timer for the earliest entry of a lane with room (after a tick or at start). A full lane's entries, or
   * all of them when there is no room at all, are left out: attempts are in flight there, and the end of one that
   * makes room ticks again (`end`). Armed for them, the timer would only fire into a tick that can start nothing.
   */
  rearm(): void {
    if (this.inFlight >= this.limits.overall) return;
    let earliest = Infinity;
    for (const [name, lane] of this.lanes) {
      if (lane.heap.size === 0 && lane.inFlight === 0) this.lanes.delete(name);
      else if (lane.inFlight < this.limits.perLane) earliest = Math.min(earliest, lane.heap.peek());
    }
    this.at(earliest);
  }

  /** The lane's next row due by `now`, dropping or moving stale entries on the way; undefined when none is due. */
  private take(lane: Lane, now: number): string | undefined {
    while (lane.heap.peek() <= now) {
      const { at, id } = lane.heap.pop();
      const current = this.nextAttemptAt(id);
      if (current === Infinity) {
        this.pending.delete(id); // delivered, dead or gone (a rolled-back enqueue)
      } else if (current !== at) {
        // Moved since this entry was made (a redelivery, a rollback): the row is due at its current time instead.
        lane.heap.push(current, id);
      } else {
        return id;
      }
    }
    return undefined;
  }

  private ready(lane: Lane, now: number): boolean {
    return lane.heap.peek() <= now && this.hasRoom(lane);
  }

  private hasRoom(lane: Lane): boolean {
    return lane.inFlight < this.limits.perLane && this.inFlight < this.limits.overall;
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { heap: new DueHeap(), inFlight: 0 };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (!this.stopped) this.tick();
  }
}
