import type { RequestContext } from '../http/context.js';
import { badRequest } from '../http/errors.js';
import type { SerializedReply } from '../idempotency.js';
import type { PipelineEnv } from './env.js';
import type { Route } from './route.js';

/** A fresh request context: nothing read yet, no partner, no multipart body unless the read stage offers one. */
export function newContext(route: Route, req: RequestContext['req'], params: Record<string, string>): RequestContext {
  return {
    operation: route.operation,
    req,
    params,
    query: {},
    body: undefined,
    jsonText: undefined,
    partner: undefined,
    rowErrors: new Map(),
    multipart: () => Promise.reject(badRequest('This operation takes no multipart body.')),
  };
}

/**
 * The "handler" stage, with "check the response" folded into its serialisation: the domain handler's reply (or its
 * error, in the partner envelope) as the bytes to send. Runs inside the transaction the idempotency stage opens.
 */
export function handle(env: PipelineEnv, { operation, validators, handler }: Route, ctx: RequestContext) {
  return async (): Promise<SerializedReply> => {
    try {
      return env.writer.serialize(operation, validators, await handler(ctx));
    } catch (error) {
      return env.writer.errorReply(error, operation, validators);
    }
  };
}
