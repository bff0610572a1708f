import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Faults } from '../src/faults.js';
import type { FaultsConfig, Sandbox } from '../src/index.js';
import {
  approvedSpv,
  authedClient,
  type Client,
  client,
  createInvestor,
  expectEnvelope,
  makePartner,
  spvRequestBody,
  startTestSandbox,
  token,
} from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setup() {
  const partner = makePartner();
  const sandbox = await startTestSandbox([partner]);
  cleanups.push(async () => {
    expect(sandbox.responseProblems).toEqual([]);
    await sandbox.stop();
  });
  return { sandbox, partner, api: await authedClient(sandbox, partner) };
}

/** What a well-behaved client does: retry network errors and 503s with the same key, until an answer arrives. */
async function withRetries(api: Client, method: string, path: string, options: Parameters<Client['call']>[2]) {
  let networkErrors = 0;
  let unavailable = 0;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const result = await api.call(method, path, options);
      if (result.status === 503) {
        unavailable++;
        continue;
      }
      return { result, networkErrors, unavailable };
    } catch {
      networkErrors++;
    }
  }
  throw new Error('gave up after 50 attempts');
}

const setFaults = (sandbox: Sandbox, faults: FaultsConfig) =>
  client(sandbox).call('PUT', '/sandbox/faults', { json: faults });

describe('fault injection', () => {
  it('is off by default', async () => {
    const { sandbox, api } = await setup();
    expect((await client(sandbox).call('GET', '/sandbox/faults')).body).toEqual({});
    for (let i = 0; i < 20; i++) expect((await api.call('GET', '/v1/oauth2/info')).status).toBe(200);
  });

  it('answers 503 service_unavailable before doing anything, on /v1 only', async () => {
    const { sandbox, api } = await setup();
    await setFaults(sandbox, { serviceUnavailable: { probability: 1 } });
    const result = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: randomUUID() });
    expectEnvelope(result, 503, 'service_unavailable');
    expect(result.headers.get('retry-after')).toBe('1');
    expect((await client(sandbox).call('GET', '/sandbox/spv-requests')).body.documents).toEqual([]);
    await setFaults(sandbox, {});
    expect((await api.call('GET', '/v1/spv-requests')).body.count).toBe(0);
  });

  it('adds latency within the configured bounds to /v1 only, never to the admin API', async () => {
    // The bounds come out of the seeded decision, not a stopwatch.
    const faults = new Faults({ latency: { probability: 1, minMs: 120, maxMs: 150 }, seed: 7 });
    const delays = Array.from({ length: 50 }, () => faults.decide().latencyMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(120);
    expect(Math.max(...delays)).toBeLessThanOrEqual(150);
    expect(new Set(delays).size).toBeGreaterThan(1);

    // Order, not duration: with a latency no test would wait for, the admin API answers while a /v1 call is held.
    const { sandbox, partner } = await setup();
    const accessToken = await token(sandbox, partner);
    expect((await setFaults(sandbox, { latency: { probability: 1, minMs: 60_000, maxMs: 60_000 } })).status).toBe(200);
    const abort = new AbortController();
    let answered = false;
    const held = fetch(`${sandbox.url}/v1/oauth2/info`, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: abort.signal,
    }).then(
      () => (answered = true),
      () => undefined,
    );
    expect((await client(sandbox).call('GET', '/sandbox/faults')).status).toBe(200);
    expect(answered).toBe(false);
    abort.abort();
    await held;
  });

  it('drops responses after commit; clients retrying with idempotency keys lose and duplicate nothing', async () => {
    const { sandbox, api } = await setup();
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const people = await Promise.all([createInvestor(api), createInvestor(api), createInvestor(api)]);
    await setFaults(sandbox, {
      dropAfterCommit: { probability: 0.5 },
      serviceUnavailable: { probability: 0.2 },
      seed: 42,
    });

    let drops = 0;
    const slugs: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { result, networkErrors } = await withRetries(api, 'POST', '/v1/spv-requests', {
        json: spvRequestBody(),
        idempotencyKey: `logical-${i}`,
      });
      expect(result.status).toBe(201);
      slugs.push(result.body.spvRequestSlug);
      drops += networkErrors;
    }
    const investorIds = Array.from({ length: 10 }, (_, i) => `faulty-inv-${i}`);
    const zestIds: string[] = [];
    for (const id of investorIds) {
      const { result, networkErrors } = await withRetries(api, 'POST', '/v1/investors', {
        json: {
          investors: [
            {
              partnerInvestorId: id,
              email: `${id}@example.com`,
              firstName: 'F',
              lastName: 'L',
              dateOfBirth: '1990-01-01',
            },
          ],
        },
        idempotencyKey: `inv-${id}`,
      });
      zestIds.push(result.body.results[0].zestPersonId);
      drops += networkErrors;
    }
    const subscriptionSlugs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { result, networkErrors } = await withRetries(api, 'POST', `/v1/spvs/${spvSlug}/subscriptions`, {
        json: {
          subscriptions: [
            { zestPersonId: people[i % 3], lumpSum: { currency: 'USD', value: `${1000 + i}.00` }, shareClassSlug },
          ],
        },
        idempotencyKey: `sub-${i}`,
      });
      expect(result.status).toBe(201);
      subscriptionSlugs.push(result.body.results[0].subscriptionSlug);
      drops += networkErrors;
    }
    expect(drops).toBeGreaterThan(0);

    await setFaults(sandbox, {});
    const listed = await api.call('GET', '/v1/spv-requests?perPage=100');
    // Twelve logical requests, twelve SPV requests (plus the approved one), none lost, none duplicated.
    expect(listed.body.count).toBe(13);
    expect(new Set(slugs).size).toBe(12);
    for (const slug of slugs) expect(listed.body.documents.some((d: any) => d.spvRequestSlug === slug)).toBe(true);
    expect(new Set(zestIds).size).toBe(10);
    const created = sandbox.admin
      .deliveries({ eventType: 'investor.created' })
      .map((d) => JSON.parse(d.payload).data.partnerInvestorId);
    for (const id of investorIds) expect(created.filter((c) => c === id)).toHaveLength(1);
    const subs = (await client(sandbox).call('GET', `/sandbox/subscriptions?spvSlug=${spvSlug}`)).body.subscriptions;
    expect(subs.map((s: any) => s.subscriptionSlug).sort()).toEqual([...subscriptionSlugs].sort());
    expect(sandbox.admin.deliveries({ eventType: 'spv_request.created' })).toHaveLength(13);
  });

  it('without an idempotency key, a dropped subscription create duplicates on retry (why the key matters)', async () => {
    const { sandbox, api } = await setup();
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const personId = await createInvestor(api);
    await setFaults(sandbox, { dropAfterCommit: { probability: 1 } });
    await expect(
      api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, {
        json: {
          subscriptions: [{ zestPersonId: personId, lumpSum: { currency: 'USD', value: '10.00' }, shareClassSlug }],
        },
      }),
    ).rejects.toThrow();
    await setFaults(sandbox, {});
    await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, {
      json: {
        subscriptions: [{ zestPersonId: personId, lumpSum: { currency: 'USD', value: '10.00' }, shareClassSlug }],
      },
    });
    expect(
      (await client(sandbox).call('GET', `/sandbox/subscriptions?spvSlug=${spvSlug}`)).body.subscriptions,
    ).toHaveLength(2);
  });

  it('is reproducible: the same seed gives the same sequence of faults', async () => {
    const { sandbox, api } = await setup();
    const run = async () => {
      await setFaults(sandbox, { serviceUnavailable: { probability: 0.5 }, seed: 7 });
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) statuses.push((await api.call('GET', '/v1/oauth2/info')).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('rejects a nonsensical fault config', async () => {
    const { sandbox } = await setup();
    expectEnvelope(await setFaults(sandbox, { serviceUnavailable: { probability: 2 } }), 400, 'invalid_request');
    const emptyRange = await setFaults(sandbox, { latency: { probability: 1, minMs: 500, maxMs: 100 } });
    expectEnvelope(emptyRange, 400, 'invalid_request');
    expect(emptyRange.body.detail).toContain('faults.latency.minMs (500) is above maxMs (100)');
    // Refused settings leave the ones in force alone.
    expect((await client(sandbox).call('GET', '/sandbox/faults')).body).toEqual({});
  });
});
