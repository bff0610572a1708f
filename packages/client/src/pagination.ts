import type { components, paths } from '@zestequity/partner-api-types';
import type { CallFn } from './client.js';
import { ZestApiError } from './errors.js';
import { SPV_LIST_MAX_PER_PAGE } from './generated/spec-facts.js';
import { check, objectOr, type RetryOptions } from './retry.js';
import type { OrUndefined } from './types.js';

type Query = NonNullable<paths['/v1/spv-requests']['get']['parameters']['query']>;
type Page = components['schemas']['AggregationResponse'];
type SpvRequest = components['schemas']['SpvRequestResponse'];

/**
 * The list filters; `page` is the iterator's business. `perPage` defaults to the largest page the spec allows. A
 * filter set to undefined is left out of the query.
 */
export type ListQuery = OrUndefined<Omit<Query, 'page'>>;

/** Options of the list iterator, applied to every page it fetches. */
export interface ListOptions {
  /** Once aborted, no further page is requested and the iteration rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryOptions | false | undefined;
}

/**
 * Walks GET /v1/spv-requests page by page (page-number pagination: skip = (page - 1) * perPage,
 * count = total; docs/design-decisions.md#pagination).
 * Errors are thrown as ZestApiError: an iterator has no `error` field to return them in. So is a page the walk cannot
 * use (no `documents` array, more documents than asked for) or one that does not move it forward (a `skip` other
 * than the number of documents already walked, or, without `skip`, the previous page again): a server that keeps
 * answering so would otherwise keep the iteration going for ever.
 * Offset pages can shift if requests are created while walking (ordering is the server's): a request seen on an
 * earlier page can come round again on the next one, so the walk yields each `spvRequestSlug` once. One that moves
 * to a page already walked is missed; only walking again finds it.
 */
export async function* paginate(
  call: CallFn,
  givenQuery: ListQuery | undefined,
  givenOptions: ListOptions | undefined,
): AsyncGenerator<SpvRequest, void, undefined> {
  const query: ListQuery = objectOr('list query', givenQuery);
  const options: ListOptions = objectOr('list options', givenOptions);
  const perPage = check('perPage', query.perPage ?? SPV_LIST_MAX_PER_PAGE, 1, SPV_LIST_MAX_PER_PAGE, true);
  let walked = 0;
  let previous: string | undefined;
  const yielded = new Set<string>();
  for (let page = 1; ; page += 1) {
    const init: Parameters<CallFn>[2] & {} = { params: { query: { ...query, perPage, page } }, throwOnError: false };
    if (options.signal) init.signal = options.signal;
    if (options.timeoutMs !== undefined) init.timeoutMs = options.timeoutMs;
    if (options.retry !== undefined) init.retry = options.retry;
    const { data, error, response } = await call('GET', '/v1/spv-requests', init);
    if (!response.ok) throw ZestApiError.from(response.status, error, response);
    const { documents, pageSize, fingerprint } = checkPage(data, response, perPage, walked, previous);
    for (const document of documents) {
      // Only a real slug identifies a request; documents without one (or with `null`, `""`) all pass.
      const slug: unknown = document?.spvRequestSlug;
      if (typeof slug === 'string' && slug !== '') {
        if (yielded.has(slug)) continue;
        yielded.add(slug);
      }
      yield document;
    }
    walked += documents.length;
    previous = fingerprint;
    const body = data as Page;
    if (documents.length === 0 || documents.length < pageSize) return;
    if (typeof body.count === 'number' && walked >= body.count) return;
  }
}

/**
 * The page's documents, the page size the server used, and (when it sent no `skip`) what identifies the page, once
 * the page is known to be usable and to move the walk on; otherwise a ZestApiError `unexpected_response`.
 */
function checkPage(
  data: unknown,
  response: Response,
  perPage: number,
  walked: number,
  previous: string | undefined,
): { documents: SpvRequest[]; pageSize: number; fingerprint: string | undefined } {
  const body = data as Partial<Page> | null | undefined;
  const documents = body?.documents;
  const skip = body?.skip;
  const limit = body?.limit;
  // A server may use a smaller page than asked for (its `limit`), never a larger one.
  const pageSize = Number.isInteger(limit) && limit! >= 1 && limit! <= perPage ? limit! : perPage;
  // Without `skip`, a page is known to differ from the previous one only by its content.
  const fingerprint = skip === undefined && documents?.length ? JSON.stringify(documents) : undefined;
  if (
    !Array.isArray(documents) ||
    documents.length > pageSize ||
    (skip !== undefined && skip !== walked) ||
    (fingerprint !== undefined && fingerprint === previous)
  ) {
    throw new ZestApiError({
      status: response.status,
      code: 'unexpected_response',
      detail: `List page unusable or not moving on: skip ${skip} after ${walked}.`,
      body: data,
      response,
    });
  }
  return { documents: documents as SpvRequest[], pageSize, fingerprint };
}
