import { badRequest } from '../http/errors.js';
import { requestHash, type SerializedReply } from '../idempotency.js';
import type { Partner } from '../partners.js';
import type { OperationSpec } from '../spec/openapi.js';
import { inTransaction, type Store } from '../store/store.js';
import type { PipelineEnv } from './env.js';

export interface Outcome {
  reply: SerializedReply;
  /** The reply is the stored answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** Runs a request's handler as one transaction: a non-2xx answer (or a throw) leaves no write behind. */
export function atomically(store: Store, execute: () => Promise<SerializedReply>): Promise<SerializedReply> {
  return inTransaction(store, async (tx) => {
    const reply = await execute();
    if (reply.status < 200 || reply.status >= 300) tx.abort();
    return reply;
  });
}

/**
 * The path a request's idempotency hash covers: the operation's path template with each parameter's decoded value
 * encoded again in one way. Two spellings of one resource (`veh_1` and `veh%5F1`, RFC 3986 section 6.2.2.2) are the
 * same request: hashed as sent, a retry that spelled the path differently was refused with 409 "different body".
 */
export function canonicalPath(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/**
 * The "idempotency + transaction" stage. With an Idempotency-Key (on an operation that takes one, from an
 * authenticated partner) the answer is stored with the handler's writes, in the same transaction, and a retry with
 * the same key and body gets it replayed; without one the handler simply runs as one transaction (a GET outside
 * any). Not async: a refusal throws straight into the caller's try, and the common path adds no promise of its own.
 */
export function runOnce(
  env: PipelineEnv,
  request: {
    operation: OperationSpec;
    params: Readonly<Record<string, string>>;
    partner: Partner | undefined;
    body: unknown;
  },
  sentKey: string | undefined,
  execute: () => Promise<SerializedReply>,
): Promise<Outcome> {
  const { operation, partner } = request;
  const { breakages } = env;
  if (operation.idempotency === 'required' && !sentKey && breakages.requiresIdempotencyKey()) {
    throw badRequest('The Idempotency-Key header is required on this operation.').at('header');
  }
  const stored =
    partner && operation.idempotency !== 'none'
      ? breakages.idempotency(operation.idempotency, sentKey, partner.clientId, () =>
          requestHash(operation.method, canonicalPath(operation.path, request.params), request.body ?? null),
        )
      : undefined;
  if (stored?.key) {
    return env.idempotency.run(stored.scope, stored.key, stored.hash, execute, {
      reexecuteReplays: stored.reexecuteReplays,
    });
  }
  // GET and HEAD are safe methods (RFC 9110 section 9.2.1): their handlers only read, so there is nothing to roll
  // back and no transaction to open (which would also copy every record read, for a rollback that cannot happen).
  // `test/safe-methods.test.ts` checks that no GET writes to the store.
  if (operation.method === 'GET' || operation.method === 'HEAD')
    return execute().then((reply) => ({ reply, replayed: false }));
  return atomically(env.store, execute).then((reply) => ({ reply, replayed: false }));
}
