// The list iterator against a real local server that answers pages the walk cannot use or that never move it on:
// the iteration must end with a typed error, not loop for ever or fail with a bare TypeError.
import { describe, expect, it } from 'vitest';
import { SPV_LIST_MAX_PER_PAGE } from '../src/generated/spec-facts.js';
import { createZestClient, ZestApiError } from '../src/index.js';
import { answer, type Loopback, spvRequest, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();
/** The server the current test started, for the helpers below. */
let server: Loopback | undefined;

const docs = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ ...spvRequest, spvRequestSlug: `svr_${from + i}` }));

/** Walks the list, stopping on its own after `cap` items so a walk that never ends fails instead of hanging. */
async function walk(query: Record<string, unknown> = {}, cap = 1000): Promise<{ items: number; failure: unknown }> {
  const zest = createZestClient({ baseUrl: server!.url, auth: { accessToken: 't' }, retry: false });
  let items = 0;
  try {
    for await (const _ of zest.spvRequests.list(query)) if (++items >= cap) break;
  } catch (failure) {
    return { items, failure };
  }
  return { items, failure: undefined };
}

const answers: Array<[string, (index: number) => unknown, number]> = [
  [
    'a count that never ends with skip stuck at 0',
    () => ({ documents: docs(100), count: 1e9, skip: 0, limit: 100 }),
    100,
  ],
  ['the same full page for ever, without skip or count', () => ({ documents: docs(100) }), 100],
  ['skip going backwards', (i) => ({ documents: docs(100), count: 300, skip: Math.max(0, 100 - i * 100) }), 0],
  ['a limit smaller than the documents sent', () => ({ documents: docs(100), limit: 1 }), 0],
  ['a count that is a string', () => ({ documents: docs(100), count: '100' }), 100],
];

describe('spvRequests.list against a server that does not move the walk on', () => {
  for (const [what, page, before] of answers) {
    it(`ends with ZestApiError unexpected_response: ${what}`, async () => {
      server = await loopback((res, index) => answer(res, 200, page(index)));
      const { items, failure } = await walk();
      expect(failure).toBeInstanceOf(ZestApiError);
      expect(failure).toMatchObject({ status: 200, code: 'unexpected_response' });
      expect(items).toBe(before);
    });
  }

  it('yields a request once when one created during the walk pushes it onto the next page', async () => {
    // Newest first: svr_6 is created after page 1 was read, so page 2 starts with page 1's last request again.
    const before = docs(5, 1).reverse();
    const after = [docs(1, 6)[0]!, ...before];
    server = await loopback((res, index) => {
      const list = index === 0 ? before : after;
      answer(res, 200, {
        documents: list.slice(index * 2, index * 2 + 2),
        skip: index * 2,
        limit: 2,
        count: list.length,
      });
    });
    const zest = createZestClient({ baseUrl: server.url, auth: { accessToken: 't' }, retry: false });
    const slugs: string[] = [];
    for await (const request of zest.spvRequests.list({ perPage: 2 })) slugs.push(request.spvRequestSlug);
    expect(slugs).toEqual(['svr_5', 'svr_4', 'svr_3', 'svr_2', 'svr_1']);
  });

  it('passes documents without a usable slug through, and drops only a repeated slug', async () => {
    const documents = [
      { ...spvRequest, spvRequestSlug: null },
      { ...spvRequest, spvRequestSlug: null },
      { ...spvRequest, spvRequestSlug: '' },
      { ...spvRequest, spvRequestSlug: '' },
      { ...spvRequest, spvRequestSlug: undefined },
      { ...spvRequest, spvRequestSlug: 'svr_1' },
      { ...spvRequest, spvRequestSlug: 'svr_1' },
    ];
    server = await loopback((res) => answer(res, 200, { documents, skip: 0, limit: 100, count: 7 }));
    expect(await walk()).toEqual({ items: 6, failure: undefined });
  });

  it('still walks an honest server whose pages carry skip, limit and count', async () => {
    const all = docs(5);
    server = await loopback((res, index) =>
      answer(res, 200, { documents: all.slice(index * 2, index * 2 + 2), skip: index * 2, limit: 2, count: 5 }),
    );
    expect(await walk({ perPage: 2 })).toEqual({ items: 5, failure: undefined });
  });
});

describe('spvRequests.list against a page without a documents array', () => {
  const bodies: Array<[string, (res: import('node:http').ServerResponse) => void]> = [
    ['documents a string', (res) => answer(res, 200, { documents: 'abcdef', count: 6 })],
    ['documents an object', (res) => answer(res, 200, { documents: { a: 1 } })],
    ['a JSON null body', (res) => answer(res, 200, null)],
    ['no documents at all', (res) => answer(res, 200, { count: 3 })],
    ['204 without a body', (res) => res.writeHead(204).end()],
  ];
  for (const [what, send] of bodies) {
    it(`is a ZestApiError unexpected_response: ${what}`, async () => {
      server = await loopback(send);
      const { failure } = await walk();
      expect(failure).toBeInstanceOf(ZestApiError);
      expect(failure).toMatchObject({ code: 'unexpected_response' });
    });
  }
});

describe('spvRequests.list perPage', () => {
  for (const perPage of [0, -5, 2.5, Number.NaN, 1e9, SPV_LIST_MAX_PER_PAGE + 1, '10']) {
    it(`refuses ${String(perPage)} before asking for a page`, async () => {
      server = await loopback((res) => answer(res, 200, { documents: [] }));
      const { failure } = await walk({ perPage });
      expect(failure).toBeInstanceOf(Error);
      expect(['TypeError', 'RangeError']).toContain((failure as Error).name);
      expect((failure as Error).message).toMatch(/perPage/);
      expect(server.hits).toHaveLength(0);
    });
  }
});
