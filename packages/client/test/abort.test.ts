// Cancellation: once the caller's signal is aborted, nothing more reaches the network (helpers, raw methods, bulk,
// pagination, the token exchange, retries and their waits) and the call rejects with the signal's reason. Every abort
// here happens before the call or from inside the injected fetch or sleep, so no timer decides an outcome.
import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createZestClient, type ZestClient } from '../src/index.js';
import { BASE, envelope, type Handler, json, PDF, type Seen, scriptedFetch, spvCreate, spvRequest } from './helpers.js';

const TOKEN_PATH = '/v1/oauth2/tokens';
const row = {
  partnerInvestorId: 'inv-1',
  email: 'a@example.com',
  firstName: 'Ada',
  lastName: 'L',
  dateOfBirth: '1985-04-12',
};
const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });

type Options = { signal: AbortSignal };
interface Entry {
  run: (zest: ZestClient, options: Options) => Promise<unknown>;
  /** False for calls the SDK never repeats (multipart uploads carry no Idempotency-Key). */
  retried: boolean;
}

/** Every entry point, keyed `namespace.helper` or the raw method; checked against the client's own shape below. */
const entries: Record<string, Entry> = {
  GET: {
    run: (z, o) => z.GET('/v1/spv-requests/{slug}', { params: { path: { slug: 'svr_1' } }, ...o }),
    retried: true,
  },
  POST: { run: (z, o) => z.POST('/v1/investors', { body: { investors: [row] }, ...o }), retried: true },
  DELETE: {
    run: (z, o) => z.DELETE('/v1/spv-requests/{slug}', { params: { path: { slug: 'svr_1' } }, ...o }),
    retried: true,
  },
  'spvRequests.create': { run: (z, o) => z.spvRequests.create(spvCreate, o), retried: true },
  'spvRequests.get': { run: (z, o) => z.spvRequests.get('svr_1', o), retried: true },
  'spvRequests.cancel': { run: (z, o) => z.spvRequests.cancel('svr_1', o), retried: true },
  'spvRequests.listPage': { run: (z, o) => z.spvRequests.listPage({}, o), retried: true },
  'spvRequests.list': {
    run: async (z, o) => {
      for await (const request of z.spvRequests.list({}, o)) void request;
    },
    retried: true,
  },
  'investors.bulkCreate': { run: (z, o) => z.investors.bulkCreate([row], o), retried: true },
  'subscriptions.create': {
    run: (z, o) =>
      z.subscriptions.create(
        'veh_1',
        { subscriptions: [{ zestPersonId: 'psn_1', shareClassSlug: 'a', lumpSum: { value: '1', currency: 'USD' } }] },
        o,
      ),
    retried: true,
  },
  'subscriptions.uploadForm': {
    run: (z, o) => z.subscriptions.uploadForm({ spvSlug: 'veh_1', personId: 'psn_1', file: { data: PDF } }, o),
    retried: false,
  },
  'subscriptions.uploadFundingReceipt': {
    run: (z, o) =>
      z.subscriptions.uploadFundingReceipt(
        {
          spvSlug: 'veh_1',
          personId: 'psn_1',
          file: { data: PDF },
          amount: '1.00',
          currency: 'USD',
          wireReference: 'W',
        },
        o,
      ),
    retried: false,
  },
  'contracts.listVersions': { run: (z, o) => z.contracts.listVersions(o), retried: true },
  'contracts.listTemplates': { run: (z, o) => z.contracts.listTemplates('1', o), retried: true },
  'contracts.getTemplate': { run: (z, o) => z.contracts.getTemplate('1', 't', o), retried: true },
  'contracts.listCatalogs': { run: (z, o) => z.contracts.listCatalogs('1', o), retried: true },
  'contracts.getCatalog': { run: (z, o) => z.contracts.getCatalog('1', 'c', o), retried: true },
  'contracts.listPrimitives': { run: (z, o) => z.contracts.listPrimitives('1', o), retried: true },
  'contracts.getPrimitive': { run: (z, o) => z.contracts.getPrimitive('1', 'p', o), retried: true },
  'contracts.listSamples': { run: (z, o) => z.contracts.listSamples('1', o), retried: true },
  'contracts.getSample': { run: (z, o) => z.contracts.getSample('1', 's', o), retried: true },
  'auth.info': { run: (z, o) => z.auth.info(o), retried: true },
  'system.health': { run: (z, o) => z.system.health(o), retried: true },
};

/** Names of every function a client exposes: its raw methods and the helpers of each resource namespace. */
function entryPointsOf(zest: ZestClient): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(zest)) {
    if (key === 'GET' || key === 'POST' || key === 'DELETE') names.push(key);
    else if (typeof value === 'object' && value !== null) {
      for (const [helper, fn] of Object.entries(value)) if (typeof fn === 'function') names.push(`${key}.${helper}`);
    }
  }
  return names.sort();
}

/** A client that authenticates with client credentials, so the token exchange is part of every call. */
function client(handler: Handler, sleep?: (ms: number) => Promise<void>) {
  const fetch = scriptedFetch(handler);
  const zest = createZestClient({
    baseUrl: BASE,
    auth: { clientId: 'client_xyz', issuer: 'https://partner.example', privateKey },
    fetch,
    retry: { sleep: sleep ?? (async () => {}) },
  });
  return { zest, fetch, api: () => fetch.calls.filter((c) => c.url.pathname !== TOKEN_PATH) };
}

const token = () => json(201, { accessToken: 'tok', expiresIn: 3600 });
/** Answers everything; the SPV request list has two one-item pages. */
const ok = (seen: Seen) => {
  if (seen.url.pathname === TOKEN_PATH) return token();
  if (seen.url.pathname === '/v1/spv-requests' && seen.method === 'GET') {
    const page = Number(seen.url.searchParams.get('page') ?? '1');
    return json(200, { documents: page <= 2 ? [spvRequest] : [], count: 2, skip: page - 1, limit: 1 });
  }
  return json(seen.method === 'POST' ? 201 : 200, spvRequest);
};

describe('abort: the entry-point table', () => {
  it('covers every helper and raw method the client exposes', () => {
    const { zest } = client(ok);
    expect(Object.keys(entries).sort()).toEqual(entryPointsOf(zest));
  });
});

describe.each(Object.entries(entries))('abort: %s', (_name, entry) => {
  it('sends nothing when the signal is already aborted, and rejects with its reason', async () => {
    const { zest, fetch } = client(ok);
    const reason = new Error('caller gave up');
    await expect(entry.run(zest, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fetch.calls).toHaveLength(0);
  });

  it('sends nothing to the API when aborted during the token exchange', async () => {
    const controller = new AbortController();
    const reason = new Error('aborted while the token was being fetched');
    const { zest, fetch, api } = client((seen) => {
      if (seen.url.pathname !== TOKEN_PATH) return json(200, spvRequest);
      controller.abort(reason);
      return token();
    });
    await expect(entry.run(zest, { signal: controller.signal })).rejects.toBe(reason);
    expect(fetch.calls.map((c) => c.url.pathname)).toEqual([TOKEN_PATH]);
    expect(api()).toHaveLength(0);
  });

  it('rejects with the reason when aborted while its request is on the wire, even if the fetch ignores the signal', async () => {
    const controller = new AbortController();
    const reason = new Error('aborted mid-request');
    const { zest, api } = client((seen) => {
      if (seen.url.pathname === TOKEN_PATH) return token();
      controller.abort(reason);
      return envelope(503, 'service_unavailable');
    });
    await expect(entry.run(zest, { signal: controller.signal })).rejects.toBe(reason);
    expect(api()).toHaveLength(1);
  });

  it.runIf(entry.retried)(
    'sends no retry when aborted during the backoff wait, even by a sleep that ignores the signal',
    async () => {
      for (const sleepResolves of [true, false]) {
        const controller = new AbortController();
        const reason = new Error('aborted during backoff');
        // One sleep returns normally after the abort, the other never settles: neither may lead to another attempt.
        const sleep = () => {
          controller.abort(reason);
          return sleepResolves ? Promise.resolve() : new Promise<void>(() => {});
        };
        const { zest, api } = client(
          (seen) => (seen.url.pathname === TOKEN_PATH ? token() : envelope(503, 'service_unavailable')),
          sleep,
        );
        await expect(entry.run(zest, { signal: controller.signal })).rejects.toBe(reason);
        expect(api()).toHaveLength(1);
      }
    },
  );

  it('asks for no second token when aborted while waiting to retry a failed token exchange', async () => {
    const controller = new AbortController();
    const reason = new Error('aborted between token attempts');
    const { zest, fetch } = client(
      (seen) => (seen.url.pathname === TOKEN_PATH ? envelope(503, 'service_unavailable') : json(200, spvRequest)),
      async () => void controller.abort(reason),
    );
    await expect(entry.run(zest, { signal: controller.signal })).rejects.toBe(reason);
    expect(fetch.calls.map((c) => c.url.pathname)).toEqual([TOKEN_PATH]);
  });
});

describe('abort between units of work', () => {
  it('requests no further page once the iterator is aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('enough pages');
    const { zest, api } = client(ok);
    const walk = async () => {
      for await (const request of zest.spvRequests.list({ perPage: 1 }, { signal: controller.signal })) {
        void request;
        controller.abort(reason);
      }
    };
    await expect(walk()).rejects.toBe(reason);
    expect(api()).toHaveLength(1);
  });

  it('sends no further chunk once a bulk call is aborted, and rejects with the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop the import');
    let chunksSeen = 0;
    const { zest, api } = client((seen) => {
      if (seen.url.pathname === TOKEN_PATH) return token();
      chunksSeen += 1;
      const rows = (JSON.parse(seen.body) as { investors: { partnerInvestorId: string }[] }).investors;
      const answer = json(200, {
        results: rows.map((r) => ({
          partnerInvestorId: r.partnerInvestorId,
          status: 'created',
          zestPersonId: 'psn_1',
        })),
      });
      return answer;
    });
    const many = Array.from({ length: 5 }, (_, i) => ({ ...row, partnerInvestorId: `inv-${i}` }));
    const onChunk = () => controller.abort(reason);
    await expect(
      zest.investors.bulkCreate(many, { chunkSize: 1, concurrency: 1, signal: controller.signal, onChunk }),
    ).rejects.toBe(reason);
    expect(chunksSeen).toBe(1);
    expect(api()).toHaveLength(1);
  });
});
