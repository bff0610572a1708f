import { createOperationMatcher, type SpecOperation } from '../spec/operations.js';
import type { ContractProblem, ResponseValidator } from '../spec/response-validator.js';

/** One request the suite made to the target and what came back, judged against the spec. */
export interface Exchange {
  id: number;
  /** The check that made the request (`probe` for target detection). */
  checkId: string;
  /** Set on requests made with the second partner's credentials (tenancy checks). */
  partner?: 'second';
  method: string;
  url: string;
  operationId?: string;
  status?: number;
  /** The `responses` key the status matched, when it matched one. */
  declaredAs?: string;
  contentType?: string;
  durationMs: number;
  /** Set when the request never got an answer (connection refused, timeout). */
  networkError?: string;
  problems: ContractProblem[];
  /** The raw response body; kept so the error-envelope check can read every error the run saw. */
  body?: Uint8Array;
}

/** How long one request may take, body included, unless the options say otherwise (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The most the suite reads of one response body (16 MiB). No answer of the API comes near it; a target that sends
 * more (or an endless stream) fails the check that asked, instead of growing the process without bound.
 */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** A response body longer than the suite reads; what was read is dropped. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RecorderOptions {
  baseUrl: string;
  operations: SpecOperation[];
  validator: ResponseValidator;
  fetch?: FetchLike;
  /** Upper bound for one request, body included, so a hanging target fails a check instead of the run. */
  requestTimeoutMs?: number;
  /** The most read of one response body; default {@link MAX_RESPONSE_BYTES}. */
  maxResponseBytes?: number;
}

/**
 * Wraps fetch so every exchange with the target is validated against the spec and counted for coverage. Each check
 * gets its own wrapped fetch, so a response that breaks the contract is charged to the check that provoked it.
 */
export class Recorder {
  readonly exchanges: Exchange[] = [];
  private readonly match: ReturnType<typeof createOperationMatcher>;
  private readonly base: URL;
  private readonly fetchImpl: FetchLike;
  private nextId = 1;

  constructor(private readonly options: RecorderOptions) {
    this.match = createOperationMatcher(options.operations);
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The fetch a check uses for everything it sends to the API under test. */
  fetchFor(checkId: string, partner?: 'second'): FetchLike {
    return async (input, init) => {
      const request = new Request(input, init);
      const started = performance.now();
      const exchange: Exchange = {
        id: this.nextId++,
        checkId,
        ...(partner ? { partner } : {}),
        method: request.method.toUpperCase(),
        url: request.url,
        durationMs: 0,
        problems: [],
      };
      const matched = this.operationFor(exchange.method, request.url);
      if (matched) exchange.operationId = matched.operationId;
      this.exchanges.push(exchange);

      const timeoutMs = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
      const timeout = AbortSignal.timeout(timeoutMs);
      const caller = init?.signal ?? request.signal;
      const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
      let response: Response | undefined;
      let bytes: Uint8Array;
      try {
        // Redirects are answers too: following them would hide a status the spec does not declare.
        response = await this.fetchImpl(request, { signal, redirect: 'manual' });
        bytes = await readCapped(response, signal, this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES);
      } catch (error) {
        exchange.durationMs = performance.now() - started;
        if (error instanceof ResponseTooLargeError) {
          exchange.status = response!.status;
          exchange.problems = [{ kind: 'body-too-large', location: 'body', message: error.message }];
        } else {
          exchange.networkError = !timeout.aborted
            ? describe(error)
            : response
              ? `the body of the ${response.status} answer did not arrive within ${timeoutMs} ms`
              : `no answer within ${timeoutMs} ms`;
        }
        throw error;
      }
      exchange.durationMs = performance.now() - started;
      return this.judged(exchange, matched, response, bytes);
    };
  }

  /** Records the answer on its exchange, judges it against the spec, and hands the check a copy it can read. */
  private judged(exchange: Exchange, matched: SpecOperation | undefined, response: Response, bytes: Uint8Array) {
    exchange.status = response.status;
    exchange.contentType = response.headers.get('content-type') ?? undefined;
    exchange.body = bytes;
    if (matched) {
      const outcome = this.options.validator.validateResponse(matched, {
        status: response.status,
        headers: response.headers,
        body: bytes,
      });
      exchange.declaredAs = outcome.declaredAs;
      exchange.problems = outcome.problems;
    }
    const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
    return new Response(nullBody ? null : (bytes as BodyInit), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  private operationFor(method: string, url: string): SpecOperation | undefined {
    const target = new URL(url);
    if (target.origin !== this.base.origin || !target.pathname.startsWith(this.base.pathname)) return undefined;
    // Spec paths are absolute from the server URL; a base URL with a path prefix is stripped first.
    const relative = `/${target.pathname.slice(this.base.pathname.length)}`;
    return this.match(method, relative)?.operation;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

/**
 * The whole body, read chunk by chunk so it can be cut off: past `limit` bytes, or when `signal` aborts (a custom
 * fetch may ignore the signal once the headers are in, so the read watches it too).
 */
export async function readCapped(response: Response, signal: AbortSignal, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const stop = () => {
    reader.cancel(signal.reason).catch(() => {});
  };
  signal.addEventListener('abort', stop, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    signal.throwIfAborted();
    for (;;) {
      const { done, value } = await reader.read();
      signal.throwIfAborted();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new ResponseTooLargeError(
          `the ${response.status} answer's body is larger than the ${limit} bytes the suite reads; stopped reading it`,
        );
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener('abort', stop);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
