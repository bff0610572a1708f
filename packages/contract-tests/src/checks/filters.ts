import { resolveRef } from '@zestequity/spec-model';
import { needsState } from './applicability.js';
import type { Check, CheckContext } from './check.js';

const MAX_PAGES = 40;

/** The filter parameters of an operation: query parameters with an `enum` schema (page and perPage have none). */
function enumFilters(ctx: CheckContext, operationId: string): Array<{ name: string; values: string[] }> {
  const operation = ctx.operations.get(operationId);
  return (operation?.parameters ?? [])
    .filter((p) => p.in === 'query')
    .map((p) => ({ name: String(p.name), values: resolveRef<any>(ctx.spec, p.schema)?.enum as string[] | undefined }))
    .filter((f): f is { name: string; values: string[] } => Array.isArray(f.values));
}

function largestPage(ctx: CheckContext, operationId: string): number {
  const parameter = ctx.operations.get(operationId)?.parameters.find((p) => p.name === 'perPage');
  const maximum = resolveRef<any>(ctx.spec, parameter?.schema)?.maximum;
  return Number.isInteger(maximum) && maximum > 0 ? maximum : 100;
}

/** Walks every page of a filtered list; returns the documents and the `count` the first page reported. */
async function walk(
  ctx: CheckContext,
  query: Record<string, string>,
): Promise<{ documents: any[]; count: number } | undefined> {
  const perPage = largestPage(ctx, 'listSpvRequests');
  const documents: any[] = [];
  let count = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const response = await ctx.call('listSpvRequests', { query: { ...query, perPage, page } });
    if (!ctx.expectStatus(response, 200, `listing with ${new URLSearchParams(query).toString()} (page ${page})`))
      return undefined;
    if (page === 1) count = response.json?.count;
    const batch: any[] = response.json?.documents ?? [];
    documents.push(...batch);
    if (batch.length < perPage) return { documents, count };
  }
  ctx.notApplicable(`more than ${MAX_PAGES} pages of SPV requests; run against an environment with fewer`);
}

export const filtersCheck: Check = {
  id: 'pagination.filters',
  title:
    'Every enum filter of GET /v1/spv-requests returns only matching requests, and its count counts only those, with data the filter must exclude',
  tags: ['pagination', 'spv-requests'],
  operations: ['createSpvRequest', 'cancelSpvRequest', 'listSpvRequests'],
  applies: needsState,
  async run(ctx) {
    const filters = enumFilters(ctx, 'listSpvRequests');
    if (filters.length === 0) ctx.notApplicable('GET /v1/spv-requests declares no enum filter');
    // Two requests in two different states: whichever state is filtered on, one of them must be left out.
    const pending = await ctx.fixtures.createSpvRequest(ctx);
    const cancelled = await ctx.fixtures.createSpvRequest(ctx);
    if (!ctx.expectStatus(pending.response, 201, 'creating a request to stay pending') || !pending.slug) return;
    if (!ctx.expectStatus(cancelled.response, 201, 'creating a request to cancel') || !cancelled.slug) return;
    const cancel = await ctx.call('cancelSpvRequest', { params: { slug: cancelled.slug } });
    if (!ctx.expectStatus(cancel, 200, 'cancelling it')) return;
    const states = new Map<string, string>([
      [pending.slug, String(pending.response.json?.status)],
      [cancelled.slug, String(cancel.json?.status)],
    ]);

    const all = await walk(ctx, {});
    if (!all) return;
    ctx.expect(
      all.count === all.documents.length,
      `without a filter count is ${all.count}, but the pages hold ${all.documents.length} requests`,
    );
    for (const filter of filters) {
      let total = 0;
      for (const value of filter.values) {
        const listed = await walk(ctx, { [filter.name]: value });
        if (!listed) return;
        total += listed.documents.length;
        const wrong = listed.documents.filter((d) => d?.[filter.name] !== value);
        ctx.expect(
          wrong.length === 0,
          `${filter.name}=${value} returned ${wrong.length} request(s) with another ${filter.name}: ${wrong
            .slice(0, 3)
            .map((d) => `${d?.spvRequestSlug} (${d?.[filter.name]})`)
            .join(', ')}`,
        );
        ctx.expect(
          listed.count === listed.documents.length,
          `${filter.name}=${value}: count is ${listed.count}, but the pages hold ${listed.documents.length} matching requests`,
        );
        const slugs = new Set(listed.documents.map((d) => d?.spvRequestSlug));
        for (const [slug, state] of states) {
          if (state === value)
            ctx.expect(slugs.has(slug), `${filter.name}=${value} does not list ${slug}, which is ${state}`);
          else ctx.expect(!slugs.has(slug), `${filter.name}=${value} lists ${slug}, which is ${state}`);
        }
      }
      ctx.expect(
        total === all.documents.length,
        `the ${filter.name} values together list ${total} requests, the unfiltered list ${all.documents.length}`,
      );
    }
  },
};
