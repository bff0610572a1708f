// Webhooks through a receiver that fails, times out and recovers. The sandbox runs the documented retry schedule
// 3000x faster (30 s -> 10 ms, 5 min -> 100 ms, 30 min -> 600 ms, ...) with a 500 ms delivery timeout. The receiver is
// the auth package's Node handler (signature over the raw body, dedup on eventId, 200 only after processing) behind
// a front door that is down for the first requests, then, per event, answers 500, hangs past the timeout, crashes
// while processing, or processes too slowly. A lifecycle of SPV requests, investors, subscriptions, uploads and
// completions is driven through the SDK and the admin API. In the end every event is processed exactly once, every
// signature was verified (forgeries are refused), and sorting by occurredAt gives back each resource's lifecycle.
import { createZestClient } from '@zestequity/partner-api-client';
import { signWebhook } from '@zestequity/partner-auth';
import { type DeliveryRecord, type Sandbox, startSandbox } from '@zestequity/partner-sandbox';
import { makeTestPartner } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Behaviour, type ChaosReceiver, startChaosReceiver } from '../src/chaos-receiver.js';
import { notProcessedOnce } from '../src/verdicts.js';

const TIME_SCALE = 3000;
const TIMEOUT_MS = 500;
/** Requests answered 500 while the receiver is "down" at the start. */
const OUTAGE_REQUESTS = 12;
/** Per event, by rank of first arrival: what its first attempts meet. Every plan recovers. */
const PLANS: Behaviour[][] = [
  ['down', 'hang'], // fails, then times out, then recovers
  ['crash'], // verified and claimed, processing throws: claim released, 500, retried
  ['slow'], // processing outlives the sender's timeout: the retry must be a duplicate, processed once
  ['hang'],
  [], // delivered at once
];

const partner = makeTestPartner({ clientId: 'client_webhooks' });
let sandbox: Sandbox;
let receiver: ChaosReceiver;
const figures: string[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  receiver = await startChaosReceiver({
    secret: partner.webhookSecret,
    slowMs: TIMEOUT_MS * 2,
    behaviour: ({ attempt, index, requestNumber }) => {
      if (requestNumber <= OUTAGE_REQUESTS) return 'down';
      return PLANS[index % PLANS.length]![attempt - 1] ?? 'ok';
    },
  });
  sandbox = await startSandbox({
    port: 0,
    partners: [{ ...partner.config, webhookUrl: receiver.url }],
    timeScale: TIME_SCALE,
    webhookTimeoutMs: TIMEOUT_MS,
  });
});

afterAll(async () => {
  console.log(['[webhooks]', ...figures].join('\n'));
  await sandbox?.stop();
  await receiver?.close();
});

async function admin(path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sandbox.url}/sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 300) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Until the outbox is idle and no slow processing run is still going. */
async function settle(deadlineMs = 45_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const idle = await sandbox.admin.webhooksIdle(Math.max(1, deadline - Date.now()));
    if (idle && receiver.busy() === 0) {
      await sleep(50);
      if ((await sandbox.admin.webhooksIdle(1)) && receiver.busy() === 0) return;
    }
    if (Date.now() > deadline) throw new Error('webhook deliveries did not settle in time');
    await sleep(20);
  }
}

/** The lifecycle, one step at a time (a few ms apart so that occurredAt orders every step of one resource). */
async function driveLifecycle(): Promise<{ subscriptions: number }> {
  const zest = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials, throwOnError: true });
  const step = () => sleep(3);
  const attributes = {
    underlyingCompanySlug: 'co_acme',
    currency: 'USD',
    shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '20.0' }],
  };
  const requests = [];
  for (let i = 0; i < 4; i += 1) {
    requests.push(
      (
        await zest.spvRequests.create({
          templateId: 'syndicate_secondary',
          templateVersion: '1.0.0',
          attributes: { ...attributes, dealName: `Deal ${i}` },
        })
      ).data,
    );
    await step();
  }
  const spvs = [];
  for (const request of requests.slice(0, 2)) {
    const approved = await admin(`spv-requests/${request.spvRequestSlug}/approve`);
    spvs.push({
      spvSlug: approved.materialisedRefs.vehicleSlug as string,
      shareClassSlug: approved.feesAndCarry.shareClasses[0].slug as string,
    });
    await step();
  }
  await zest.spvRequests.cancel(requests[2]!.spvRequestSlug);
  await step();
  await admin(`spv-requests/${requests[3]!.spvRequestSlug}/reject`, { reason: 'Outside the fund mandate.' });
  await step();

  const rows = Array.from({ length: 12 }, (_, i) => ({
    partnerInvestorId: `wh-inv-${i}`,
    email: `wh${i}@example.com`,
    firstName: 'Grace',
    lastName: `Hopper ${i}`,
    dateOfBirth: '1985-04-12',
  }));
  const people = (await zest.investors.bulkCreate(rows)).results.map((r) => r.zestPersonId!);
  await step();

  const pdf = { data: new TextEncoder().encode('%PDF-1.7\n%%EOF\n') };
  let subscriptions = 0;
  for (const [index, personId] of people.slice(0, 10).entries()) {
    const { spvSlug, shareClassSlug } = spvs[index % 2]!;
    const created = await zest.subscriptions.create(spvSlug, {
      subscriptions: [
        {
          zestPersonId: personId,
          lumpSum: { currency: 'USD', value: '10000.00' },
          shareClassSlug,
          partnerSubscriptionId: `wh-sub-${index}`,
        },
      ],
    });
    await step();
    await zest.subscriptions.uploadForm({ spvSlug, personId, file: pdf });
    await step();
    await zest.subscriptions.uploadFundingReceipt({
      spvSlug,
      personId,
      amount: '10000.00',
      currency: 'USD',
      wireReference: `WIRE-${index}`,
      file: pdf,
    });
    await step();
    await admin(`subscriptions/${created.data.results[0]!.subscriptionSlug}/complete`);
    await step();
    subscriptions += 1;
  }
  return { subscriptions };
}

/** The resource an event is about, and where the event sits in that resource's lifecycle. */
function resourceOf(event: { eventType: string; data: Record<string, any> }): { key: string; stage: number } {
  const d = event.data;
  switch (event.eventType) {
    case 'spv_request.created':
      return { key: `spv:${d.spvRequestSlug}`, stage: 0 };
    case 'spv_request.completed':
    case 'spv_request.rejected':
    case 'spv_request.cancelled':
      return { key: `spv:${d.spvRequestSlug}`, stage: 1 };
    case 'investor.created':
      return { key: `person:${d.zestPersonId}`, stage: 0 };
    case 'subscription.created':
      return { key: `sub:${d.subscriptionSlug}`, stage: 0 };
    case 'signed_subscription_form.uploaded':
      return { key: `sub:${d.subscriptionSlug}`, stage: 1 };
    case 'funding_receipt.uploaded':
      return { key: `sub:${d.subscriptionSlug}`, stage: 2 };
    case 'subscription.completed':
      return { key: `sub:${d.subscriptionSlug}`, stage: 3 };
    default:
      throw new Error(`unexpected event type ${event.eventType}`);
  }
}

describe('webhooks through a receiver that fails, times out and recovers', () => {
  let deliveries: DeliveryRecord[] = [];

  it('delivers every event in the end, each processed exactly once', async () => {
    const { subscriptions } = await driveLifecycle();
    await settle();
    deliveries = sandbox.admin.deliveries({ clientId: partner.clientId });
    const expected = 4 + 2 + 1 + 1 + 12 + subscriptions * 4;
    expect(deliveries).toHaveLength(expected);
    expect(deliveries.filter((d) => d.status !== 'delivered').map((d) => `${d.eventType} ${d.status}`)).toEqual([]);

    const sent = new Set(deliveries.map((d) => d.eventId));
    expect(new Set(receiver.processed.keys())).toEqual(sent);
    expect(notProcessedOnce(receiver.processed)).toEqual([]);

    const attempts = deliveries.flatMap((d) => d.attempts);
    const byOutcome = (f: (a: (typeof attempts)[number]) => boolean) => attempts.filter(f).length;
    const failed500 = byOutcome((a) => a.statusCode === 500);
    const timedOut = byOutcome((a) => a.statusCode === undefined && /no response/.test(a.error ?? ''));
    const retried = deliveries.filter((d) => d.attempts.length > 1).length;
    figures.push(
      `  events ${deliveries.length}, all delivered; processed exactly once: ${[...receiver.processed.values()].filter((r) => r.length === 1).length}`,
      `  delivery attempts ${attempts.length}: 500 ${failed500}, timed out ${timedOut}, ok ${byOutcome((a) => a.ok)}; events retried ${retried}, max attempts ${Math.max(...deliveries.map((d) => d.attempts.length))}`,
      `  receiver saw: ${[...receiver.tally].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
    // The faults really fired, each kind of them.
    expect(failed500).toBeGreaterThan(0);
    expect(timedOut).toBeGreaterThan(0);
    expect(receiver.tally.get('crash') ?? 0).toBeGreaterThan(0);
    expect(receiver.tally.get('slow') ?? 0).toBeGreaterThan(0);
    expect(receiver.tally.get('duplicate') ?? 0).toBeGreaterThan(0);
    // No delivery from the sandbox failed verification: every processed event carried a valid signature.
    expect(Object.fromEntries(receiver.rejected)).toEqual({});
  }, 90_000);

  it('acknowledges redeliveries of processed events without processing them again', async () => {
    const some = deliveries.filter((_, i) => i % 5 === 0);
    for (const d of some) await admin(`webhook-deliveries/${d.deliveryId}/redeliver`);
    await settle();
    const after = sandbox.admin.deliveries({ clientId: partner.clientId });
    for (const d of some) {
      const row = after.find((r) => r.deliveryId === d.deliveryId)!;
      expect(row.status).toBe('delivered');
      expect(row.attempts.at(-1)).toMatchObject({ manual: true, ok: true });
    }
    expect(notProcessedOnce(receiver.processed)).toEqual([]);
    figures.push(`  manual redeliveries ${some.length}: acknowledged as duplicates, processed again 0`);
  });

  it('refuses forged, tampered and stale deliveries before processing them', async () => {
    const event = JSON.parse(deliveries[0]!.payload) as { eventId: string };
    const forged = { ...event, eventId: 'wde_forged000000000' };
    const body = JSON.stringify(forged);
    const post = (payload: string, signature: string) =>
      fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'zest-signature': signature },
        body: payload,
      });
    const answers = [
      await post(body, await signWebhook({ payload: body, secret: 'whsec_not_the_partners' })),
      await post(
        body.replace('wde_forged', 'wde_tamper'),
        await signWebhook({ payload: body, secret: partner.webhookSecret }),
      ),
      await post(
        body,
        await signWebhook({
          payload: body,
          secret: partner.webhookSecret,
          timestamp: Math.floor(Date.now() / 1000) - 3600,
        }),
      ),
      await post(body, ''),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(receiver.processed.has(forged.eventId)).toBe(false);
    expect([...receiver.rejected.values()].reduce((a, b) => a + b, 0)).toBe(4);
    figures.push(
      `  forged/tampered/stale/unsigned deliveries refused: ${[...receiver.rejected].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
  });

  it('reconstructs every resource lifecycle by sorting on occurredAt, whatever the arrival order', () => {
    const events = [...receiver.processed.values()].map((runs) => runs[0]!);
    const byResource = new Map<string, typeof events>();
    for (const e of events) {
      const { key } = resourceOf(e.event as never);
      byResource.set(key, [...(byResource.get(key) ?? []), e]);
    }
    let shuffled = 0;
    for (const [key, list] of byResource) {
      const sorted = [...list].sort((a, b) => Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt));
      const stages = sorted.map((e) => resourceOf(e.event as never).stage);
      expect(stages, `${key} sorted by occurredAt`).toEqual([...stages].sort((a, b) => a - b));
      expect(new Set(sorted.map((e) => e.event.occurredAt)).size, `${key}: distinct occurredAt`).toBe(sorted.length);
      const arrival = [...list].sort((a, b) => a.seq - b.seq).map((e) => resourceOf(e.event as never).stage);
      if (arrival.join() !== stages.join()) shuffled += 1;
    }
    const subs = [...byResource.keys()].filter((k) => k.startsWith('sub:'));
    expect(subs.every((k) => byResource.get(k)!.length === 4)).toBe(true);
    // A person's investor.created happened before any subscription of theirs.
    for (const e of events.filter((x) => x.event.eventType === 'subscription.created')) {
      const person = events.find(
        (x) =>
          x.event.eventType === 'investor.created' &&
          (x.event.data as { zestPersonId: string }).zestPersonId === (e.event.data as { personId: string }).personId,
      )!;
      expect(Date.parse(person.event.occurredAt)).toBeLessThan(Date.parse(e.event.occurredAt));
    }
    figures.push(
      `  resources ${byResource.size} (${subs.length} subscriptions with 4 events each): processed out of lifecycle order ${shuffled}, all put back in order by occurredAt`,
    );
    expect(shuffled).toBeGreaterThan(0);
  });
});
