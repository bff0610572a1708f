import { resolveRef } from '@zestequity/spec-model';
import { needsState } from './applicability.js';
import { type Check, type CheckContext, describeResponse } from './check.js';

const CREATED = 5;
const MAX_PAGES = 40;
const STATUS = 'pending-review';

export const paginationCheck: Check = {
  id: 'pagination.invariants',
  title: 'Pages of SPV requests honour skip, limit, count and the status filter, with no duplicates across pages',
  tags: ['pagination', 'spv-requests'],
  operations: ['createSpvRequest', 'listSpvRequests'],
  applies: needsState,
  async run(ctx) {
    const created = await createPendingRequests(ctx);
    if (!created) return;
    const count = await pendingCount(ctx);
    if (count === undefined) return;

    // Small pages so several are walked; larger ones when an old environment holds many requests, within MAX_PAGES.
    const perPage = Math.min(100, Math.max(2, Math.ceil(count / MAX_PAGES)));
    const pages = Math.ceil(count / perPage);
    const seen = await walkPages(ctx, { count, perPage, pages });
    if (!seen) return;
    if (pages <= MAX_PAGES) await expectEveryRequestWalked(ctx, { count, perPage, pages }, seen, created);
    await expectUnfilteredList(ctx, count);
  },
};

/** How the pending-review requests are paged: their count, the page size and the number of pages. */
interface Paging {
  count: number;
  perPage: number;
  pages: number;
}

/** Creates CREATED pending-review SPV requests; their slugs, or `undefined` (a failure recorded) if one fails. */
async function createPendingRequests(ctx: CheckContext): Promise<string[] | undefined> {
  const created: string[] = [];
  for (let i = 0; i < CREATED; i++) {
    const request = await ctx.fixtures.createdSpvRequest(ctx, 'creating SPV requests to page through');
    if (!request) return;
    created.push(request.slug);
  }
  return created;
}

/** The count a one-item page of pending-review requests states, if it is at least what this check created. */
async function pendingCount(ctx: CheckContext): Promise<number | undefined> {
  const probe = await ctx.call('listSpvRequests', { query: { status: STATUS, perPage: 1, page: 1 } });
  if (!ctx.expectStatus(probe, 200, 'listing pending-review SPV requests')) return;
  const count: number = probe.json?.count;
  if (
    !ctx.expect(
      Number.isInteger(count) && count >= CREATED,
      `count is ${count} after creating ${CREATED} pending-review requests`,
    )
  )
    return;
  return count;
}

/** Walks the pages (at most MAX_PAGES): each request seen with the page it was on, or `undefined` if a page failed. */
async function walkPages(
  ctx: CheckContext,
  { count, perPage, pages }: Paging,
): Promise<Map<string, number> | undefined> {
  const seen = new Map<string, number>();
  for (let page = 1; page <= Math.min(pages, MAX_PAGES); page++) {
    const response = await ctx.call('listSpvRequests', { query: { status: STATUS, perPage, page } });
    if (!ctx.expectStatus(response, 200, `page ${page}`)) return;
    const { documents = [], skip, limit } = response.json ?? {};
    ctx.expect(
      skip === (page - 1) * perPage,
      `page ${page}: skip is ${skip}, expected (page - 1) * perPage = ${(page - 1) * perPage}`,
    );
    ctx.expect(limit === perPage, `page ${page}: limit is ${limit}, expected perPage = ${perPage}`);
    ctx.expect(response.json?.count === count, `page ${page}: count changed from ${count} to ${response.json?.count}`);
    const expectedLength = Math.min(perPage, count - (page - 1) * perPage);
    ctx.expect(
      documents.length === expectedLength,
      `page ${page}: ${documents.length} documents, expected ${expectedLength}`,
    );
    for (const document of documents) {
      ctx.expect(
        document?.status === STATUS,
        `page ${page}: ${document?.spvRequestSlug} has status ${document?.status} despite status=${STATUS}`,
      );
      const slug = document?.spvRequestSlug;
      if (seen.has(slug)) ctx.expect(false, `${slug} appears on page ${seen.get(slug)} and again on page ${page}`);
      else seen.set(slug, page);
    }
  }
  return seen;
}

/** Every page walked: as many distinct requests as the count, ours among them, and nothing after the last page. */
async function expectEveryRequestWalked(
  ctx: CheckContext,
  { count, perPage, pages }: Paging,
  seen: Map<string, number>,
  created: string[],
): Promise<void> {
  ctx.expect(seen.size === count, `walking every page gave ${seen.size} distinct requests, count says ${count}`);
  const missing = created.filter((slug) => !seen.has(slug));
  ctx.expect(missing.length === 0, `requests created by this check never appeared on any page: ${missing.join(', ')}`);
  const beyond = await ctx.call('listSpvRequests', { query: { status: STATUS, perPage, page: pages + 1 } });
  if (ctx.expectStatus(beyond, 200, 'the page after the last one')) {
    ctx.expect(
      (beyond.json?.documents ?? []).length === 0,
      `the page after the last one holds ${beyond.json?.documents?.length} documents`,
    );
  }
}

/** Without parameters: no fewer requests than the filtered count, and the page size the spec declares by default. */
async function expectUnfilteredList(ctx: CheckContext, count: number): Promise<void> {
  const unfiltered = await ctx.call('listSpvRequests');
  if (!ctx.expectStatus(unfiltered, 200, 'listing without parameters')) return;
  ctx.expect(
    unfiltered.json?.count >= count,
    `without a filter count is ${unfiltered.json?.count}, below the ${count} pending-review ones`,
  );
  const perPageParameter = ctx.operations.get('listSpvRequests')?.parameters.find((p) => p.name === 'perPage');
  const declaredDefault = resolveRef<any>(ctx.spec, perPageParameter?.schema)?.default;
  if (declaredDefault !== undefined) {
    ctx.expect(
      unfiltered.json?.limit === declaredDefault,
      `without perPage the page size is ${unfiltered.json?.limit}, the spec's default is ${declaredDefault}`,
    );
  }
}

export const paginationBoundsCheck: Check = {
  id: 'pagination.bounds',
  title: 'perPage outside 1..100 and page below 1 are refused as invalid requests, with a status the spec declares',
  tags: ['pagination', 'spv-requests', 'errors'],
  operations: ['listSpvRequests'],
  async run(ctx) {
    for (const query of [{ perPage: 0 }, { perPage: 101 }, { page: 0 }]) {
      const response = await ctx.call('listSpvRequests', { query });
      const what = `listing with ${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`;
      // 422 (the framework's HTTPValidationError, docs/design-decisions.md#validation-422) or a 400 partner envelope
      // are both invalid-request answers; whether the operation declares the one that came back is the response
      // validator's verdict.
      ctx.expect(
        response.status === 400 || response.status === 422,
        `${what}: expected 400 or 422, got ${describeResponse(response)}`,
      );
    }
  },
};
