import type { ServerResponse } from 'node:http';
import type { Breakages } from '../breakages.js';
import type { Reply } from '../http/context.js';
import { afterRequestBody } from '../http/drain.js';
import { ApiError, envelope, frameworkValidationBody } from '../http/errors.js';
import type { SerializedReply } from '../idempotency.js';
import type { OperationSpec } from '../spec/openapi.js';
import type { OperationValidators } from '../spec/validators.js';
import { durable, type Store, settle } from '../store/store.js';
import { ResponseCheckError, type ResponseChecker } from './check-response.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

const declares = (operation: OperationSpec, status: number) =>
  operation.responses[String(status)] !== undefined || operation.responses[`${String(status)[0]}XX`] !== undefined;

/** The "write" stage: replies become bytes (checked, then bent by breakages) and leave once durable. */
export class Writer {
  constructor(
    private readonly store: Store,
    private readonly checker: ResponseChecker,
    private readonly breakages: Breakages,
  ) {}

  serialize(
    operation: OperationSpec | undefined,
    validators: OperationValidators | undefined,
    reply: Reply,
  ): SerializedReply {
    this.checker.check(operation, validators, reply.status, reply.body, reply.json);
    const body = operation ? this.breakages.body(operation.operationId, reply.status, reply.body) : reply.body;
    // A breakage that changed the body makes the handler's text stale.
    const text = reply.json !== undefined && body === reply.body ? reply.json : JSON.stringify(body);
    return {
      status: reply.status,
      headers: { ...JSON_HEADERS, ...reply.headers },
      body: Buffer.from(text, 'utf8'),
    };
  }

  /** Any failure as the partner sees it: an ApiError's envelope, anything else a 500 with a fresh errorId. */
  errorReply(error: unknown, operation?: OperationSpec, validators?: OperationValidators): SerializedReply {
    if (error instanceof ApiError) {
      try {
        // Request validation on an operation whose spec declares the framework's 422 and no 400: answer what the
        // live service answers there. Everywhere else the partner envelope.
        if (
          error.status === 400 &&
          error.location &&
          operation &&
          !declares(operation, 400) &&
          declares(operation, 422)
        )
          return this.serialize(operation, validators, { status: 422, body: frameworkValidationBody(error) });
        return this.serialize(operation, validators, {
          status: error.status,
          body: envelope(error),
          headers: error.headers,
        });
      } catch (checkError) {
        return this.errorReply(checkError);
      }
    }
    const internal = new ApiError(500, 'internal_error', 'The sandbox failed to handle this request.');
    const body = envelope(internal);
    if (error instanceof ResponseCheckError) {
      body.detail = `Sandbox response check failed: ${error.message}`;
      console.error(`[zest-sandbox] RESPONSE CHECK FAILED ${error.message}`);
    } else {
      console.error(`[zest-sandbox] internal error ${body.errorId}:`, error);
    }
    return { status: 500, headers: { ...JSON_HEADERS }, body: Buffer.from(JSON.stringify(body), 'utf8') };
  }

  /**
   * The one place an answer leaves: it ends the transaction open in this request's context (committed for a 2xx,
   * rolled back otherwise) and waits until every commit so far is durable, so nothing is acknowledged that a crash
   * could take back. A store that can no longer write turns the answer into a 500.
   */
  write(res: ServerResponse, reply: SerializedReply, extraHeaders?: Record<string, string>): void {
    let answer = reply;
    try {
      settle(this.store, reply.status < 300);
    } catch (error) {
      answer = this.errorReply(error);
    }
    const send = (final: SerializedReply) =>
      afterRequestBody(res.req, (close) => {
        if (res.headersSent || res.destroyed) return;
        res.writeHead(final.status, {
          ...final.headers,
          ...(final === reply ? extraHeaders : undefined),
          ...(close ? { Connection: 'close' } : undefined),
          'Content-Length': String(final.body.length),
        });
        res.end(final.body);
      });
    durable(this.store).then(
      () => send(answer),
      (error: unknown) => send(this.errorReply(error)),
    );
  }
}
