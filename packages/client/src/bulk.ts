import type { components } from '@zestequity/partner-api-types';
import { ZestError } from '@zestequity/partner-auth';
import type { CallFn } from './client.js';
import { isTransientError, ZestApiError } from './errors.js';
import { IDEMPOTENCY_HEADER } from './generated/spec-facts.js';
import { newIdempotencyKey } from './idempotency.js';
import { check, objectOr, type RetryOptions, refuse } from './retry.js';

type Row = components['schemas']['InvestorCreateRow'];
type RowResult = components['schemas']['InvestorRowResult'];

export interface BulkCreateOptions {
  /** Rows per request. Default 100. */
  chunkSize?: number | undefined;
  /** Requests in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** Once aborted, no further chunk is sent and the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Per attempt of each chunk's request, in ms; overrides the client's. */
  timeoutMs?: number | undefined;
  /** Retry limits for each chunk's request, merged over the client's. */
  retry?: RetryOptions | false | undefined;
  /** Called as each chunk settles, e.g. to persist progress or the chunk's idempotency key. */
  onChunk?: ((report: ChunkReport) => void) | undefined;
}

export interface ChunkReport {
  index: number;
  /** Input positions [start, end) the chunk covered. */
  start: number;
  end: number;
  /** Reused by every retry of this chunk; replaying it with the same rows returns the cached answer. */
  idempotencyKey: string;
  ok: boolean;
  /**
   * Why the chunk failed after its retries: a ZestApiError, a ZestNetworkError, or a TokenExchangeError when no token
   * could be obtained for it. Branch on `code`.
   */
  error?: ZestError;
}

export interface BulkCreateResult {
  /** One result per input row, in input order. */
  results: RowResult[];
  chunks: ChunkReport[];
  /** Rows whose result is `failed` with `retryable: true` (safe to send again as they are). */
  retryableRows: Row[];
}

/** Error code for a row the server answered for the chunk but left out of its results. */
export const MISSING_ROW_RESULT = 'missing_result';

export async function bulkCreateInvestors(
  call: CallFn,
  rows: ReadonlyArray<Row>,
  givenOptions: BulkCreateOptions | undefined,
): Promise<BulkCreateResult> {
  const options: BulkCreateOptions = objectOr('bulkCreate options', givenOptions);
  if (options.signal?.aborted) throw options.signal.reason;
  checkRows(rows);
  const chunkSize = positiveInt(options.chunkSize ?? 100, 'chunkSize');
  const concurrency = positiveInt(options.concurrency ?? 4, 'concurrency');
  const chunks: ChunkReport[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    const end = Math.min(rows.length, start + chunkSize);
    chunks.push({ index: chunks.length, start, end, idempotencyKey: newIdempotencyKey(), ok: false });
  }
  const results: RowResult[] = new Array(rows.length);

  let next = 0;
  // Once the call has failed (onChunk threw, the signal aborted) it has rejected: no worker starts another chunk.
  let failed = false;
  const worker = async () => {
    try {
      while (!failed && next < chunks.length) {
        if (options.signal?.aborted) throw options.signal.reason;
        const chunk = chunks[next++]!;
        await runChunk(call, rows, chunk, results, options);
        if (!failed) options.onChunk?.(chunk);
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));

  const retryableRows = rows.filter((_, i) => results[i]!.status === 'failed' && results[i]!.error?.retryable === true);
  return { results, chunks, retryableRows };
}

async function runChunk(
  call: CallFn,
  rows: ReadonlyArray<Row>,
  chunk: ChunkReport,
  results: RowResult[],
  options: BulkCreateOptions,
): Promise<void> {
  const { signal } = options;
  const slice = rows.slice(chunk.start, chunk.end);
  let answer: RowResult[] | undefined;
  try {
    const init: Parameters<CallFn>[2] & {} = {
      body: { investors: slice },
      params: { header: { [IDEMPOTENCY_HEADER]: chunk.idempotencyKey } },
      throwOnError: false,
    };
    if (signal) init.signal = signal;
    if (options.timeoutMs !== undefined) init.timeoutMs = options.timeoutMs;
    if (options.retry !== undefined) init.retry = options.retry;
    const { data, error, response } = await call('POST', '/v1/investors', init);
    if (!response.ok) {
      chunk.error = ZestApiError.from(response.status, error, response);
    } else {
      answer = usableResults(data);
      // A success whose body is not JSON (a proxy's page) comes back as `error`: the chunk did not go through, and
      // its report says why, while its rows are left without a result like those of any answer without results.
      chunk.ok = error === undefined;
      if (error) chunk.error = error as ZestApiError;
    }
  } catch (error) {
    // The caller's abort ends the whole bulk call. Any SDK error (the API unreachable, no token) only fails this
    // chunk's rows, so the results of chunks that already went through are still returned.
    if (signal?.aborted || !(error instanceof ZestError)) throw error;
    chunk.error = error;
  }

  if (!answer) {
    const failure = chunk.error!;
    // Transient failures (network, timeout, 408, 429, 5xx) are worth resending as is; a 4xx is not.
    const retryable = isTransientError(failure);
    slice.forEach((row, offset) => {
      results[chunk.start + offset] = failedRow(row, failure.code, failure.message, retryable);
    });
    return;
  }

  matchResults(slice, answer).forEach((result, offset) => {
    results[chunk.start + offset] = result;
  });
}

/**
 * One result per row of `slice`. The server answers one result per row in request order, and a row without a string
 * `partnerInvestorId` gets one with `""` as its id: so an answer with one result per row whose ids agree wherever the
 * row has one is matched by position. Otherwise results are matched by id (a repeated id takes its results in order),
 * and a row left without one is `missing_result`, retryable unless its id could never be matched.
 */
function matchResults(slice: ReadonlyArray<Row>, answer: RowResult[]): RowResult[] {
  const ordered =
    answer.length === slice.length &&
    slice.every(
      (row, i) => typeof row.partnerInvestorId !== 'string' || row.partnerInvestorId === answer[i]!.partnerInvestorId,
    );
  const byId = new Map<string, RowResult[]>();
  for (const result of answer) {
    const queue = byId.get(result.partnerInvestorId);
    if (queue) queue.push(result);
    else byId.set(result.partnerInvestorId, [result]);
  }
  return slice.map((row, i) => {
    const named = typeof row.partnerInvestorId === 'string';
    return (
      (ordered ? answer[i] : named && byId.get(row.partnerInvestorId)?.shift()) ||
      failedRow(row, MISSING_ROW_RESULT, 'The server returned no result for this row.', named)
    );
  });
}

/**
 * The row results of a chunk's answer that can be matched to a row. An answer without a `results` array, or entries
 * that are not results, leave the rows they should have covered without a result: those become `missing_result`
 * failures of their own instead of failing the whole call.
 */
function usableResults(data: unknown): RowResult[] {
  const results = (data as { results?: unknown } | null | undefined)?.results;
  return Array.isArray(results)
    ? results.filter((r): r is RowResult => typeof (r as RowResult | null)?.partnerInvestorId === 'string')
    : [];
}

function checkRows(rows: unknown): void {
  if (!Array.isArray(rows)) refuse('bulkCreate rows', rows, 'an array');
  const bad = rows.findIndex((row) => typeof row !== 'object' || row === null);
  if (bad !== -1) refuse(`bulkCreate row ${bad}`, rows[bad], 'an object');
}

function failedRow(row: Row, code: string, message: string, retryable: boolean): RowResult {
  return {
    partnerInvestorId: row.partnerInvestorId,
    status: 'failed',
    error: { code, message, retryable },
  } as RowResult;
}

function positiveInt(value: number, name: string): number {
  return check(name, value, 1, Number.POSITIVE_INFINITY, true);
}
