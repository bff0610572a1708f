import { AsyncLocalStorage } from 'node:async_hooks';
import type { Collection, MemoryStore, Transaction } from '../src/index.js';

/**
 * A store that throws on the n-th write (set or delete) of a request once armed: a failure injected at one write
 * step. Only writes made inside a request's transaction count (not the outbox recording a delivery attempt).
 */
export interface FailureSwitch {
  /** Fail the n-th write of each request from now on (0: none). */
  arm(n: number): void;
  /** Whether the armed failure was reached. */
  readonly hit: boolean;
}

export function failing<B extends new (...args: any[]) => MemoryStore>(
  Base: B,
): new (
  ...args: ConstructorParameters<B>
) => InstanceType<B> & FailureSwitch {
  return class Failing extends Base {
    private readonly request = new AsyncLocalStorage<{ open: boolean }>();
    failAt = 0;
    count = 0;
    hit = false;
    arm(n: number): void {
      this.failAt = n;
      this.count = 0;
      this.hit = false;
    }
    override async transaction<T>(fn: (tx: Transaction) => T | Promise<T>): Promise<T> {
      const mark = { open: true };
      try {
        return (await this.request.run(mark, () => super.transaction(fn))) as T;
      } finally {
        mark.open = false;
      }
    }
    private step(collection: Collection): void {
      if (this.failAt === 0 || !this.request.getStore()?.open) return;
      this.count += 1;
      if (this.count === this.failAt) {
        this.hit = true;
        throw new Error(`injected failure at write ${this.count} (${collection})`);
      }
    }
    override set<T>(collection: Collection, id: string, value: T): void {
      this.step(collection);
      super.set(collection, id, value);
    }
    override delete(collection: Collection, id: string): boolean {
      this.step(collection);
      return super.delete(collection, id);
    }
  } as unknown as new (
    ...args: ConstructorParameters<B>
  ) => InstanceType<B> & FailureSwitch;
}
