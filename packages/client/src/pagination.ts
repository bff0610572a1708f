import type { components, paths } from '@zestequity/partner-api-types';
import type { CallFn } from './client.js';
import { ZestApiError } from './errors.js';
import { SPV_LIST_MAX_PER_PAGE } from './generated/spec-facts.js';
import type { RetryOptions } from './retry.js';

type Query = NonNullable<paths['/v1/spv-requests']['get']['parameters']['query']>;
type Page = components['schemas']['AggregationResponse'];
type SpvRequest = components['schemas']['SpvRequestResponse'];

/** The list filters; `page` is the iterator's business. `perPage` defaults to the largest page the spec allows. */
export type ListQuery = Omit<Query, 'page'>;

/** Options of the list iterator, applied to every page it fetches. */
export interface ListOptions {
  /** Once aborted, no further page is requested and the iteration rejects with the signal's reason. */
  signal?: AbortSignal;
  timeoutMs?: number;
  retry?: RetryOptions | false;
}

/**
 * Walks GET /v1/spv-requests page by page (page-number pagination: skip = (page - 1) * perPage,
 * count = total; docs/design-decisions.md#pagination).
 * Errors are thrown as ZestApiError: an iterator has no `error` field to return them in.
 * Offset pages can shift if requests are created while walking; ordering is the server's.
 */
export async function* paginate(
  call: CallFn,
  query: ListQuery,
  options: ListOptions,
): AsyncGenerator<SpvRequest, void, undefined> {
  const perPage = query.perPage ?? SPV_LIST_MAX_PER_PAGE;
  for (let page = 1; ; page += 1) {
    const init: Parameters<CallFn>[2] & {} = { params: { query: { ...query, perPage, page } }, throwOnError: false };
    if (options.signal) init.signal = options.signal;
    if (options.timeoutMs !== undefined) init.timeoutMs = options.timeoutMs;
    if (options.retry !== undefined) init.retry = options.retry;
    const { data, error, response } = await call('GET', '/v1/spv-requests', init);
    if (!response.ok) throw ZestApiError.from(response.status, error, response);
    const body = data as Page;
    const documents = (body.documents ?? []) as SpvRequest[];
    for (const document of documents) yield document;
    const seen = (body.skip ?? (page - 1) * perPage) + documents.length;
    const pageSize = body.limit ?? perPage;
    if (documents.length === 0 || documents.length < pageSize) return;
    if (typeof body.count === 'number' && seen >= body.count) return;
  }
}
