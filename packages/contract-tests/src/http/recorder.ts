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

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RecorderOptions {
  baseUrl: string;
  operations: SpecOperation[];
  validator: ResponseValidator;
  fetch?: FetchLike;
  /** Upper bound for one request, so a hanging target fails a check instead of the run. */
  requestTimeoutMs?: number;
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

      const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000);
      const signal = init?.signal
        ? AbortSignal.any([init.signal, timeout])
        : request.signal
          ? AbortSignal.any([request.signal, timeout])
          : timeout;
      let response: Response;
      let bytes: Uint8Array;
      try {
        // Redirects are answers too: following them would hide a status the spec does not declare.
        response = await this.fetchImpl(request, { signal, redirect: 'manual' });
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        exchange.durationMs = performance.now() - started;
        exchange.networkError = timeout.aborted
          ? `no answer within ${this.options.requestTimeoutMs ?? 30_000} ms`
          : describe(error);
        throw error;
      }
      exchange.durationMs = performance.now() - started;
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
    };
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
