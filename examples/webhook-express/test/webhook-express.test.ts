// The Express receiver against a real sandbox: the sandbox signs and POSTs every event of a lifecycle to the app on
// a loopback port; the app verifies, deduplicates and applies them. Then redeliveries, a late (older) event and
// forgeries are thrown at it.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createZestClient } from '@zestequity/partner-api-client';
import { signWebhook } from '@zestequity/partner-auth';
import { type Sandbox, startSandbox } from '@zestequity/partner-sandbox';
import { makeTestPartner, sampleFiles, startTestSandbox } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookApp, type WebhookApp } from '../src/index.js';

const partner = makeTestPartner({ clientId: 'client_express' });
const PDF = { data: sampleFiles.pdf.bytes };

let sandbox: Sandbox;
let server: Server;
let receiver: WebhookApp;
let url: string;
const seen: string[] = [];

beforeAll(async () => {
  receiver = createWebhookApp({ secret: partner.webhookSecret, onEvent: (event) => seen.push(event.eventId) });
  server = await new Promise<Server>((resolve) => {
    const s = receiver.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ({ sandbox } = await startTestSandbox(startSandbox, {
    partner,
    webhookUrl: `${url}/webhooks/zest`,
    timeScale: 1000,
  }));
});

afterAll(async () => {
  await sandbox?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

const admin = async (path: string, body?: unknown) => {
  const res = await fetch(`${sandbox.url}/sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status).toBeLessThan(300);
  return res.json() as Promise<any>;
};

describe('the Express webhook receiver', () => {
  let subscriptionSlug: string;

  it('receives, verifies and applies every event the sandbox sends, once', async () => {
    const zest = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials, throwOnError: true });
    const attributes = {
      underlyingCompanySlug: 'co_acme',
      currency: 'USD',
      shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '20.0' }],
    };
    const { data: kept } = await zest.spvRequests.create({
      templateId: 'syndicate_secondary',
      templateVersion: '1.0.0',
      attributes,
    });
    const { data: dropped } = await zest.spvRequests.create({
      templateId: 'syndicate_secondary',
      templateVersion: '1.0.0',
      attributes,
    });
    const approved = await admin(`spv-requests/${kept.spvRequestSlug}/approve`);
    await zest.spvRequests.cancel(dropped.spvRequestSlug);
    const spvSlug = approved.materialisedRefs.vehicleSlug as string;
    const { results } = await zest.investors.bulkCreate(
      ['a', 'b'].map((id) => ({
        partnerInvestorId: `ex-${id}`,
        email: `${id}@example.com`,
        firstName: 'Ada',
        lastName: 'Byron',
        dateOfBirth: '1985-04-12',
      })),
    );
    const personId = results[0]!.zestPersonId!;
    const { data } = await zest.subscriptions.create(spvSlug, {
      subscriptions: [
        {
          zestPersonId: personId,
          lumpSum: { currency: 'USD', value: '1000.00' },
          shareClassSlug: approved.feesAndCarry.shareClasses[0].slug,
        },
      ],
    });
    subscriptionSlug = data.results[0]!.subscriptionSlug;
    await zest.subscriptions.uploadForm({ spvSlug, personId, file: PDF });
    await zest.subscriptions.uploadFundingReceipt({
      spvSlug,
      personId,
      amount: '1000.00',
      currency: 'USD',
      wireReference: 'W-1',
      file: PDF,
    });
    await admin(`subscriptions/${subscriptionSlug}/complete`);

    expect(await sandbox.admin.webhooksIdle(20_000)).toBe(true);
    const deliveries = sandbox.admin.deliveries({ clientId: partner.clientId });
    // 2 created + 1 completed + 1 cancelled, 2 investors, 4 subscription events.
    expect(deliveries).toHaveLength(10);
    expect(deliveries.every((d) => d.status === 'delivered' && d.attempts.at(-1)?.statusCode === 200)).toBe(true);
    expect(seen.sort()).toEqual(deliveries.map((d) => d.eventId).sort());

    const p = receiver.projection;
    expect(p.spvRequests.get(kept.spvRequestSlug)).toMatchObject({ status: 'approved', vehicleSlug: spvSlug });
    expect(p.spvRequests.get(dropped.spvRequestSlug)).toMatchObject({ status: 'cancelled' });
    expect(p.investors).toEqual(new Map(results.map((r) => [r.partnerInvestorId, r.zestPersonId!])));
    expect(p.subscriptions.get(subscriptionSlug)).toMatchObject({ stage: 'completed' });
  });

  it('acknowledges redeliveries without applying them twice', async () => {
    const applied = receiver.projection.applied;
    for (const d of sandbox.admin.deliveries({ clientId: partner.clientId }))
      await admin(`webhook-deliveries/${d.deliveryId}/redeliver`);
    expect(await sandbox.admin.webhooksIdle(20_000)).toBe(true);
    expect(
      sandbox.admin
        .deliveries({ clientId: partner.clientId })
        .every((d) => d.attempts.length === 2 && d.attempts[1]!.statusCode === 200),
    ).toBe(true);
    expect(receiver.projection.applied).toBe(applied);
  });

  it('keeps a late, older event from moving a subscription backwards', async () => {
    const created = sandbox.admin.deliveries({ clientId: partner.clientId, eventType: 'subscription.created' })[0]!;
    // The same event as if re-emitted under a new id (a reconciler sweep): new to the dedup store, but older.
    const late = JSON.stringify({ ...JSON.parse(created.payload), eventId: `wde_${randomBytes(8).toString('hex')}` });
    const res = await fetch(`${url}/webhooks/zest`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'zest-signature': await signWebhook({ payload: late, secret: partner.webhookSecret }),
      },
      body: late,
    });
    expect(res.status).toBe(200);
    expect(receiver.projection.stale).toBe(1);
    expect(receiver.projection.subscriptions.get(subscriptionSlug)).toMatchObject({ stage: 'completed' });
  });

  it('refuses unsigned, forged and re-serialised deliveries with 400', async () => {
    const payload = sandbox.admin.deliveries({ clientId: partner.clientId })[0]!.payload;
    const reserialised = JSON.stringify(JSON.parse(payload), null, 2);
    const post = async (body: string, signature?: string) =>
      (
        await fetch(`${url}/webhooks/zest`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(signature ? { 'zest-signature': signature } : {}) },
          body,
        })
      ).status;
    const applied = receiver.projection.applied;
    expect(await post(payload)).toBe(400);
    expect(await post(payload, await signWebhook({ payload, secret: 'whsec_someone_else' }))).toBe(400);
    expect(await post(reserialised, await signWebhook({ payload, secret: partner.webhookSecret }))).toBe(400);
    expect(receiver.projection.applied).toBe(applied);
    // Other routes still get JSON parsing.
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true, applied });
  });
});
