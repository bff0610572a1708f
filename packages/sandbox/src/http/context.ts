import type { IncomingMessage } from 'node:http';
import type { Partner } from '../partners.js';
import type { OperationSpec } from '../spec/openapi.js';
import type { ValidationItem } from './errors.js';
import type { MultipartBody } from './multipart.js';

/** What a handler answers; the server serialises it, checks it against the spec (when asked) and writes it. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * The body's JSON text, when the handler wrote it as it built the body because that is faster than
   * `JSON.stringify` of the whole (the bulk create's 100 results). It must be exactly what `JSON.stringify(body)`
   * gives: with response checks on (every test), the writer compares the two and fails the answer loudly if not.
   */
  json?: string;
}

export interface RequestContext {
  operation: OperationSpec;
  req: IncomingMessage;
  params: Record<string, string>;
  /** Query parameters after validation, coerced to their declared types, defaults applied. */
  query: Record<string, unknown>;
  /** Parsed and validated body (JSON or form); `undefined` for multipart and bodiless operations. */
  body: unknown;
  /** The JSON body's text as it arrived (a bulk create keeps it as its people, `domain/people.ts`). */
  jsonText: string | undefined;
  /** The partner the bearer token belongs to; always set on operations that require a token. */
  partner: Partner | undefined;
  /** Per-row schema errors of a bulk body whose rows are judged one by one (investors), by row index. */
  rowErrors: Map<number, ValidationItem[]>;
  /** Streams and validates a multipart body (uploads); the text fields are checked against the spec. */
  multipart(): Promise<MultipartBody>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export function requirePartner(ctx: RequestContext): Partner {
  if (!ctx.partner) throw new Error(`${ctx.operation.operationId} ran without an authenticated partner`);
  return ctx.partner;
}
