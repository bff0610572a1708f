import { describe, expect, it } from 'vitest';
import { createZestClient, ZestApiError } from '../src/index.js';
import { BASE, envelope, json, scriptedFetch, spvRequest } from './helpers.js';

const all = Array.from({ length: 5 }, (_, i) => ({ ...spvRequest, spvRequestSlug: `svr_${i}` }));

/** Serves `all` with the page-number semantics of docs/design-decisions.md#pagination. */
const pagedServer = scriptedFetch((seen) => {
  const page = Number(seen.url.searchParams.get('page') ?? 1);
  const perPage = Number(seen.url.searchParams.get('perPage') ?? 10);
  const skip = (page - 1) * perPage;
  return json(200, { documents: all.slice(skip, skip + perPage), count: all.length, skip, limit: perPage });
});

describe('spvRequests.list', () => {
  it('walks every page with for await', async () => {
    pagedServer.calls.length = 0;
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch: pagedServer });
    const slugs: string[] = [];
    for await (const request of zest.spvRequests.list({ status: 'pending-review', perPage: 2 }))
      slugs.push(request.spvRequestSlug);
    expect(slugs).toEqual(all.map((r) => r.spvRequestSlug));
    expect(pagedServer.calls.map((c) => Object.fromEntries(c.url.searchParams))).toEqual([
      { status: 'pending-review', perPage: '2', page: '1' },
      { status: 'pending-review', perPage: '2', page: '2' },
      { status: 'pending-review', perPage: '2', page: '3' },
    ]);
  });

  it("asks for the spec's largest page by default and stops after a short page", async () => {
    pagedServer.calls.length = 0;
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch: pagedServer });
    const items = [];
    for await (const r of zest.spvRequests.list()) items.push(r);
    expect(items).toHaveLength(5);
    expect(pagedServer.calls).toHaveLength(1);
    expect(pagedServer.calls[0]!.url.searchParams.get('perPage')).toBe('100');
  });

  it('stops on an exactly full last page using count', async () => {
    pagedServer.calls.length = 0;
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch: pagedServer });
    const items = [];
    for await (const r of zest.spvRequests.list({ perPage: 5 })) items.push(r);
    expect(items).toHaveLength(5);
    expect(pagedServer.calls).toHaveLength(1);
  });

  it('throws ZestApiError when a page fails, after yielding the earlier pages', async () => {
    const fetch = scriptedFetch((seen) =>
      seen.url.searchParams.get('page') === '1'
        ? json(200, { documents: all.slice(0, 2), count: 5, skip: 0, limit: 2 })
        : envelope(401, 'invalid_token'),
    );
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const r of zest.spvRequests.list({ perPage: 2 })) seen.push(r.spvRequestSlug);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['svr_0', 'svr_1']);
    expect(failure).toBeInstanceOf(ZestApiError);
    expect(failure).toMatchObject({ status: 401, code: 'invalid_token' });
  });
});
