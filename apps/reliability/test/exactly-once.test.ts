// Exactly once under faults. The sandbox drops 20% of responses after committing the change, answers 10% of
// requests with 503 (Retry-After: 1) and delays every request by 0-20 ms, from a fixed seed. Through the SDK (retries
// on, each logical request with its own Idempotency-Key reused by its retries) we create SPV requests, onboard
// thousands of investors in chunks (then "resume after a crash" over an overlapping window), and subscribe investors
// to every SPV. Then the state is read back through the API and from the sandbox's store: every intended resource
// exists once, nothing is duplicated or lost, every row has exactly one result, and the faults really fired.
import { randomUUID } from 'node:crypto';
import { createZestClient } from '@zestequity/partner-api-client';
import { type Sandbox, startSandbox } from '@zestequity/partner-sandbox';
import { makeTestPartner } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CountingFetch, createCountingFetch } from '../src/counting-fetch.js';
import { rows } from '../src/state.js';
import { notStoredOnce } from '../src/verdicts.js';

const SPV_REQUESTS = 50;
const INVESTORS = 3_000;
/** The first pass stops here ("the process crashed"); the resumed pass starts from an older checkpoint. */
const CRASH_AT = 2_500;
const RESUME_FROM = 2_000;
const SUBSCRIBERS_PER_SPV = 20;
const FAULTS = {
  dropAfterCommit: { probability: 0.2 },
  serviceUnavailable: { probability: 0.1 },
  latency: { probability: 1, minMs: 0, maxMs: 20 },
  seed: 20260507,
};

const partner = makeTestPartner({ clientId: 'client_exactly_once' });
let sandbox: Sandbox;
let wire: CountingFetch;
let zest: ReturnType<typeof createZestClient<true>>;

interface Person {
  zestPersonId: string;
  clientId: string;
  partnerInvestorId: string;
}
interface Subscription {
  subscriptionSlug: string;
  spvSlug: string;
  personId: string;
}
interface Delivery {
  eventType: string;
  clientId: string;
}

const intents = Array.from({ length: SPV_REQUESTS }, (_, i) => ({
  key: randomUUID(),
  body: {
    templateId: 'syndicate_secondary',
    templateVersion: '1.0.0',
    attributes: {
      underlyingCompanySlug: 'co_acme',
      currency: 'USD',
      dealName: `Intent ${String(i).padStart(3, '0')}`,
      shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '20.0' }],
    },
  },
}));
const investorRows = Array.from({ length: INVESTORS }, (_, i) => ({
  partnerInvestorId: `eo-inv-${String(i).padStart(5, '0')}`,
  email: `investor${i}@example.com`,
  firstName: 'Ada',
  lastName: `Investor ${i}`,
  dateOfBirth: '1985-04-12',
  countryOfResidence: 'AE',
}));

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        out[index] = await task(items[index]!, index);
      }
    }),
  );
  return out;
}

const counts: Record<string, number | string> = {};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, partners: [partner.config], faults: FAULTS });
  wire = createCountingFetch();
  zest = createZestClient({
    baseUrl: sandbox.url,
    auth: partner.credentials,
    fetch: wire.fetch,
    // Generous attempts and short backoff: the point is that retries converge, not how long they wait.
    retry: { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 2_000 },
    timeoutMs: 10_000,
    throwOnError: true,
  });
});

afterAll(async () => {
  const width = Math.max(...Object.keys(counts).map((k) => k.length));
  console.log(
    [
      `[exactly-once] faults: drop-after-commit 20%, 503 10%, latency 0-20 ms, seed ${FAULTS.seed}`,
      ...Object.entries(counts).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    ].join('\n'),
  );
  await sandbox?.stop();
});

describe('exactly once under dropped responses, 503s and latency', () => {
  const slugs: string[] = [];

  it(`creates ${SPV_REQUESTS} SPV requests once each, and a resend with the same key returns the same request`, async () => {
    const created = await pool(
      intents,
      10,
      async (intent) => (await zest.spvRequests.create(intent.body, { idempotencyKey: intent.key })).data,
    );
    slugs.push(...created.map((r) => r.spvRequestSlug));
    expect(new Set(slugs).size).toBe(SPV_REQUESTS);
    // The application restarts and sends its first 10 intents again with their persisted keys.
    const resent = await pool(
      intents.slice(0, 10),
      5,
      async (intent) => (await zest.spvRequests.create(intent.body, { idempotencyKey: intent.key })).data,
    );
    expect(resent.map((r) => r.spvRequestSlug)).toEqual(slugs.slice(0, 10));

    const stored = rows<{ clientId: string; attributes: { dealName: string } }>(sandbox, 'spvRequests').filter(
      (r) => r.clientId === partner.clientId,
    );
    expect(
      notStoredOnce(
        intents.map((i) => i.body.attributes.dealName),
        stored.map((r) => r.attributes.dealName),
      ),
    ).toEqual([]);
    expect(stored).toHaveLength(SPV_REQUESTS);
    counts['SPV requests intended / stored'] = `${SPV_REQUESTS} / ${stored.length}`;
    counts['  create attempts (token excluded)'] = wire.forPath('/v1/spv-requests').attempts;
  });

  it(`onboards ${INVESTORS} investors: one result per row, no person twice, none lost, across a crash and resume`, async () => {
    const first = await zest.investors.bulkCreate(investorRows.slice(0, CRASH_AT), { chunkSize: 50, concurrency: 4 });
    const resumed = await zest.investors.bulkCreate(investorRows.slice(RESUME_FROM), { chunkSize: 50, concurrency: 4 });

    for (const [pass, input, output] of [
      ['first', investorRows.slice(0, CRASH_AT), first],
      ['resumed', investorRows.slice(RESUME_FROM), resumed],
    ] as const) {
      expect(output.results, `${pass} pass: one result per row`).toHaveLength(input.length);
      expect(output.results.map((r) => r.partnerInvestorId)).toEqual(input.map((r) => r.partnerInvestorId));
      const failed = output.results.filter((r) => r.status === 'failed');
      expect(failed, `${pass} pass failed rows: ${JSON.stringify(failed.slice(0, 3))}`).toEqual([]);
      expect(output.retryableRows).toEqual([]);
      expect(output.chunks.every((c) => c.ok)).toBe(true);
    }
    const firstCreated = first.results.filter((r) => r.status === 'created').length;
    const resumedCreated = resumed.results.filter((r) => r.status === 'created').length;
    const resumedExisting = resumed.results.filter((r) => r.status === 'already_exists');
    // A replayed chunk returns its stored answer, so the first pass reports every row as created exactly once.
    expect(firstCreated).toBe(CRASH_AT);
    expect(resumedExisting).toHaveLength(CRASH_AT - RESUME_FROM);
    expect(resumedCreated).toBe(INVESTORS - CRASH_AT);
    expect(firstCreated + resumedCreated).toBe(INVESTORS);
    // already_exists names the person created in the first pass.
    const firstIds = new Map(first.results.map((r) => [r.partnerInvestorId, r.zestPersonId]));
    for (const row of resumedExisting) expect(row.zestPersonId).toBe(firstIds.get(row.partnerInvestorId));

    const people = rows<Person>(sandbox, 'people').filter((p) => p.clientId === partner.clientId);
    expect(people).toHaveLength(INVESTORS);
    expect(new Set(people.map((p) => p.partnerInvestorId)).size).toBe(INVESTORS);
    expect(new Set(people.map((p) => p.partnerInvestorId))).toEqual(
      new Set(investorRows.map((r) => r.partnerInvestorId)),
    );
    const allResults = [...first.results, ...resumed.results];
    expect(new Set(allResults.map((r) => r.zestPersonId))).toEqual(new Set(people.map((p) => p.zestPersonId)));

    counts['investor rows sent (first + resumed)'] =
      `${CRASH_AT} + ${INVESTORS - RESUME_FROM} = ${allResults.length} results`;
    counts['  created / already_exists / failed'] = `${firstCreated + resumedCreated} / ${resumedExisting.length} / 0`;
    counts['  persons stored / unique ids'] =
      `${people.length} / ${new Set(people.map((p) => p.partnerInvestorId)).size}`;
    counts['  chunk attempts'] = wire.forPath('/v1/investors').attempts;
  });

  it(`subscribes ${SUBSCRIBERS_PER_SPV} investors to each approved SPV, each subscription once`, async () => {
    // The reviewer's side is not faulted: only /v1 is.
    const spvs = await pool(slugs, 10, async (slug) => {
      const res = await fetch(`${sandbox.url}/sandbox/spv-requests/${slug}/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        materialisedRefs: { vehicleSlug: string };
        feesAndCarry: { shareClasses: { slug: string }[] };
      };
      return { spvSlug: body.materialisedRefs.vehicleSlug, shareClassSlug: body.feesAndCarry.shareClasses[0]!.slug };
    });
    const people = new Map(
      rows<Person>(sandbox, 'people')
        .filter((p) => p.clientId === partner.clientId)
        .map((p) => [p.partnerInvestorId, p.zestPersonId]),
    );
    await pool(spvs, 8, async ({ spvSlug, shareClassSlug }, i) => {
      const subscribers = investorRows.slice(i * SUBSCRIBERS_PER_SPV, (i + 1) * SUBSCRIBERS_PER_SPV);
      const { data } = await zest.subscriptions.create(spvSlug, {
        subscriptions: subscribers.map((r) => ({
          zestPersonId: people.get(r.partnerInvestorId)!,
          lumpSum: { currency: 'USD', value: '25000.00' },
          shareClassSlug,
          partnerSubscriptionId: `sub-${r.partnerInvestorId}-${i}`,
        })),
      });
      expect(data.results).toHaveLength(SUBSCRIBERS_PER_SPV);
    });
    const stored = rows<Subscription>(sandbox, 'subscriptions');
    expect(stored).toHaveLength(SPV_REQUESTS * SUBSCRIBERS_PER_SPV);
    expect(new Set(stored.map((s) => `${s.spvSlug} ${s.personId}`)).size).toBe(stored.length);
    counts['subscriptions intended / stored'] = `${SPV_REQUESTS * SUBSCRIBERS_PER_SPV} / ${stored.length}`;
  });

  it('reads back every SPV request once through the paginated API, and one event per created resource', async () => {
    const listed = [];
    for await (const request of zest.spvRequests.list({ perPage: 7 })) listed.push(request);
    expect(listed).toHaveLength(SPV_REQUESTS);
    expect(new Set(listed.map((r) => r.spvRequestSlug))).toEqual(new Set(slugs));
    expect(listed.every((r) => r.status === 'approved')).toBe(true);
    const names = listed.map((r) => (r.attributes as { dealName: string }).dealName).sort();
    expect(names).toEqual(intents.map((i) => i.body.attributes.dealName).sort());

    // The outbox is written in the same commit as the change: a duplicate would show up as a second event.
    const events = new Map<string, number>();
    for (const d of rows<Delivery>(sandbox, 'deliveries'))
      if (d.clientId === partner.clientId) events.set(d.eventType, (events.get(d.eventType) ?? 0) + 1);
    expect(Object.fromEntries(events)).toEqual({
      'spv_request.created': SPV_REQUESTS,
      'spv_request.completed': SPV_REQUESTS,
      'investor.created': INVESTORS,
      'subscription.created': SPV_REQUESTS * SUBSCRIBERS_PER_SPV,
    });
    counts['SPV requests listed (pages of 7)'] = listed.length;
    counts['events: spv_request.created / investor.created / subscription.created'] =
      `${events.get('spv_request.created')} / ${events.get('investor.created')} / ${events.get('subscription.created')}`;
  });

  it('really ran under faults: dropped responses, 503s and replays were all seen on the wire', () => {
    const c = wire.counts;
    counts['requests on the wire'] = c.attempts;
    counts['  dropped after commit (network errors)'] = c.networkErrors;
    counts['  503 service_unavailable'] = wire.status(503);
    counts['  replayed from the idempotency store'] = c.replayed;
    counts['  token exchanges'] = c.tokenExchanges;
    counts['  401 seen on the wire'] = c.unauthorized;
    expect(c.networkErrors).toBeGreaterThan(0);
    expect(wire.status(503)).toBeGreaterThan(0);
    expect(c.replayed).toBeGreaterThan(0);
    expect(c.unauthorized).toBe(0);
  });
});
