import { createHash } from 'node:crypto';
import type { Clock } from './clock.js';
import { conflict } from './http/errors.js';
import { inTransaction, type Store } from './store/store.js';

/** A response as bytes on the wire; what idempotent replays return verbatim. */
export interface SerializedReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface IdempotencyRecord {
  clientId: string;
  key: string;
  hash: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  createdAt: number;
  expiresAt: number;
}

export const RETENTION_SECONDS = 24 * 60 * 60;

/**
 * JSON with object keys sorted at every depth (UTF-16 code unit order), `undefined` members left out: two bodies
 * that differ only in key order hash the same. This is the definition; `canonicalJson` produces the same bytes
 * faster.
 */
export function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${referenceCanonicalJson((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/**
 * Adds every key of every object in `value` to `keys`; false for what the engine would not print as the reference
 * does: array holes, functions and symbols (parsed JSON bodies never contain any of these).
 */
function collectKeys(value: unknown, keys: Set<string>): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !collectKeys(value[i], keys)) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    keys.add(key);
    if (!collectKeys((value as Record<string, unknown>)[key], keys)) return false;
  }
  return true;
}

/**
 * `referenceCanonicalJson`, byte for byte (a test compares them), in one native stringify: given a list of property
 * names, JSON.stringify writes every object's members in the order of that list, so the sorted list of all keys in
 * the body makes it write the canonical form without copying anything (building strings key by key, or sorted
 * copies of every object, cost twice to four times as much on a 100-row bulk body). The list is read with [[Get]],
 * so a key an object does not have is looked up on its prototype: harmless for every name but `__proto__`, whose
 * inherited value is an object; a body with that key goes to the reference.
 */
export function canonicalJson(value: unknown): string {
  const keys = new Set<string>();
  if (!collectKeys(value, keys) || keys.has('__proto__')) return referenceCanonicalJson(value);
  return JSON.stringify(value, [...keys].sort()) ?? 'null';
}

/** sha256 over the canonical JSON of the body, prefixed by method and path so one key cannot span two endpoints. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(canonicalJson(body), 'utf8').digest('hex');
}

/**
 * Idempotency keys, scoped by (client_id, key), kept 24 hours (sandbox clock).
 *
 * - First request with a key executes; a 2xx answer is stored as bytes, in the same transaction as the writes it
 *   reports. Non-2xx answers are not stored and their writes are rolled back, so a request that failed
 *   (validation, 5xx, injected 503) can be retried with the same key and the same body.
 * - Same key and same body later: the stored status and body bytes are returned, nothing executes.
 * - Same key, different body: 409 `conflict`, nothing executes, the stored record is untouched.
 * - Same key while the first request is still running: a second request with the same body WAITS for the first
 *   and then replays its answer (or, if the first was not stored, executes after it); one with a different body
 *   gets 409 at once. Two requests with one key therefore never execute at the same time.
 */
export class Idempotency {
  private readonly inFlight = new Map<string, { hash: string; done: Promise<void> }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly retentionSeconds = RETENTION_SECONDS,
  ) {}

  async run(
    clientId: string,
    key: string,
    hash: string,
    execute: () => Promise<SerializedReply>,
    options: { reexecuteReplays?: boolean } = {},
  ): Promise<{ reply: SerializedReply; replayed: boolean }> {
    const scoped = `${clientId}\n${key}`;
    for (;;) {
      const record = this.lookup(scoped);
      if (record) {
        if (record.hash !== hash)
          throw conflict('This Idempotency-Key was already used with a different request body.');
        if (!options.reexecuteReplays) {
          return {
            reply: { status: record.status, headers: { ...record.headers }, body: record.body },
            replayed: true,
          };
        }
      }
      const running = this.inFlight.get(scoped);
      if (!running) break;
      if (running.hash !== hash)
        throw conflict('A request with this Idempotency-Key and a different body is in progress.');
      await running.done;
    }
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.inFlight.set(scoped, { hash, done });
    try {
      let reply!: SerializedReply;
      // One transaction: the handler's writes, its events and this record commit together or not at all, and a
      // waiter on the same key wakes only after that (it then replays, or executes on a clean state).
      await inTransaction(this.store, async (tx) => {
        reply = await execute();
        if (reply.status < 200 || reply.status >= 300) {
          tx.abort();
          return;
        }
        const now = this.clock.now();
        const record: IdempotencyRecord = {
          clientId,
          key,
          hash,
          status: reply.status,
          headers: reply.headers,
          body: reply.body,
          createdAt: now,
          expiresAt: now + this.retentionSeconds * 1000,
        };
        this.store.set('idempotency', scoped, record);
      });
      return { reply, replayed: false };
    } finally {
      this.inFlight.delete(scoped);
      finish();
    }
  }

  private lookup(scoped: string): IdempotencyRecord | undefined {
    const record = this.store.get<IdempotencyRecord>('idempotency', scoped);
    if (!record) return undefined;
    if (record.expiresAt <= this.clock.now()) {
      this.store.delete('idempotency', scoped);
      return undefined;
    }
    return record;
  }

  /** Drops expired records; called periodically so a long-running sandbox does not grow without bound. */
  sweep(): void {
    const now = this.clock.now();
    for (const record of [...this.store.values<IdempotencyRecord>('idempotency')]) {
      if (record.expiresAt <= now) this.store.delete('idempotency', `${record.clientId}\n${record.key}`);
    }
  }
}
