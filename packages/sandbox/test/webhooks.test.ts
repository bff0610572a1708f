import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { verifyWebhook } from '@zestequity/partner-auth';
import { afterEach, describe, expect, it } from 'vitest';
import { RETRY_DELAYS_SECONDS } from '../src/index.js';
import {
  approvedSpv,
  authedClient,
  client,
  createInvestor,
  createSubscription,
  fileForm,
  makePartner,
  PDF,
  type Receiver,
  spvRequestBody,
  startPartnerReceiver,
  startTestSandbox,
} from './helpers.js';

const TIME_SCALE = 100_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setup(options: { timeScale?: number; webhookTimeoutMs?: number; webhookUrl?: string } = {}) {
  const { partner, receiver } = await startPartnerReceiver(options.webhookUrl);
  const sandbox = await startTestSandbox([partner], {
    timeScale: options.timeScale ?? TIME_SCALE,
    webhookTimeoutMs: options.webhookTimeoutMs,
  });
  cleanups.push(async () => {
    await sandbox.stop();
    await receiver.close();
    expect(sandbox.responseProblems).toEqual([]);
  });
  return { sandbox, receiver, partner, api: await authedClient(sandbox, partner) };
}

const verified = (receiver: Receiver) => receiver.received.filter((r) => r.event);

describe('webhook delivery', () => {
  it('delivers all nine event types of the quickstart flow to a real receiver, signed and verifiable', async () => {
    const { sandbox, receiver, api } = await setup();
    const admin = client(sandbox);
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const rejected = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'r1' });
    await admin.call('POST', `/sandbox/spv-requests/${rejected.body.spvRequestSlug}/reject`, {
      json: { reason: 'no' },
    });
    const cancelled = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'c1' });
    await api.call('DELETE', `/v1/spv-requests/${cancelled.body.spvRequestSlug}`);
    const personId = await createInvestor(api, 'acme-inv-1');
    const sub = await createSubscription(api, spvSlug, personId, shareClassSlug, {
      partnerSubscriptionId: 'acme-sub-1',
    });
    await api.call('POST', `/v1/spvs/${spvSlug}/subscription/${personId}/forms`, {
      form: fileForm(PDF, 'application/pdf'),
    });
    await api.call('POST', `/v1/spvs/${spvSlug}/subscription/${personId}/fundings`, {
      form: fileForm(PDF, 'application/pdf', { amount: '50000.00', currency: 'USD', wireReference: 'W-1' }),
    });
    await admin.call('POST', `/sandbox/subscriptions/${sub.subscriptionSlug}/complete`);

    const types = [
      'spv_request.created',
      'spv_request.completed',
      'spv_request.rejected',
      'spv_request.cancelled',
      'investor.created',
      'subscription.created',
      'signed_subscription_form.uploaded',
      'funding_receipt.uploaded',
      'subscription.completed',
    ];
    await receiver.waitFor((all) => types.every((t) => all.some((r) => r.event?.eventType === t)));
    expect(receiver.received.filter((r) => r.error)).toEqual([]);
    for (const r of verified(receiver)) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['user-agent']).toBe('ZestWebhooks/1.0');
      expect(r.headers['zest-event-id']).toBe(r.event!.eventId);
      expect(r.headers['zest-event-type']).toBe(r.event!.eventType);
      expect(r.headers['zest-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(r.event!.eventId).toMatch(/^wde_[0-9a-f]{16}$/);
    }
    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    expect(sandbox.admin.deliveries().every((d) => d.status === 'delivered')).toBe(true);
  });

  it('delivers a burst larger than the dispatcher’s concurrency limit, each event once', async () => {
    const { sandbox, receiver, api } = await setup();
    const investors = Array.from({ length: 40 }, (_, i) => ({
      partnerInvestorId: `burst-${i}`,
      email: `b${i}@example.com`,
      firstName: 'B',
      lastName: 'U',
      dateOfBirth: '1990-01-01',
    }));
    expect((await api.call('POST', '/v1/investors', { json: { investors } })).status).toBe(200);
    await receiver.waitFor((all) => all.length >= 40);
    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    const ids = verified(receiver).map(
      (r) => (r.event as { data: { partnerInvestorId: string } }).data.partnerInvestorId,
    );
    expect(ids.sort()).toEqual(investors.map((i) => i.partnerInvestorId).sort());
  });

  it('retries after the receiver answers 500, on the documented schedule (scaled), with the same eventId and bytes', async () => {
    const { sandbox, receiver, api } = await setup();
    receiver.respond = ({ count }) => (count < 2 ? 500 : 200);
    await createInvestor(api, 'acme-inv-retry');
    await receiver.waitFor((all) => all.filter((r) => r.event?.eventType === 'investor.created').length === 3);
    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    const attempts = verified(receiver).filter((r) => r.event!.eventType === 'investor.created');
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(new Set(attempts.map((a) => a.event!.eventId)).size).toBe(1);
    expect(new Set(attempts.map((a) => a.raw.toString('utf8'))).size).toBe(1);
    const [row] = sandbox.admin.deliveries({ eventType: 'investor.created' });
    expect(row!.status).toBe('delivered');
    expect(row!.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    // Each retry waited at least its scheduled delay.
    for (let i = 1; i < row!.attempts.length; i++) {
      const gap = Date.parse(row!.attempts[i]!.startedAt) - Date.parse(row!.attempts[i - 1]!.startedAt);
      expect(gap).toBeGreaterThanOrEqual(Math.floor((RETRY_DELAYS_SECONDS[i - 1]! * 1000) / TIME_SCALE));
    }
  });

  it('dead-letters after six failed attempts; the admin endpoint redelivers it (same eventId)', async () => {
    const { sandbox, receiver, api } = await setup();
    receiver.respond = () => 503;
    await createInvestor(api, 'acme-inv-dead');
    const admin = client(sandbox);
    let row: any;
    for (let i = 0; i < 500; i++) {
      const list = await admin.call('GET', '/sandbox/webhook-deliveries?status=dead');
      row = list.body.deliveries[0];
      if (row) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(row.attempts.map((a: any) => a.statusCode)).toEqual([503, 503, 503, 503, 503, 503]);
    expect(row.nextAttemptAt).toBeNull();
    receiver.respond = () => 200;
    const redelivered = await admin.call('POST', `/sandbox/webhook-deliveries/${row.deliveryId}/redeliver`);
    expect(redelivered.status).toBe(202);
    await receiver.waitFor((all) => all.some((r) => r.status === 200));
    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    const after = await admin.call('GET', `/sandbox/webhook-deliveries/${row.deliveryId}`);
    expect(after.body.status).toBe('delivered');
    expect(after.body.attempts).toHaveLength(7);
    expect(after.body.attempts[6]).toMatchObject({ ok: true, manual: true, statusCode: 200 });
    expect(new Set(verified(receiver).map((r) => r.event!.eventId)).size).toBe(1);
    expect((await admin.call('POST', '/sandbox/webhook-deliveries/dlv_nope/redeliver')).status).toBe(404);
  });

  it('treats no answer within the timeout as a failure and retries', async () => {
    // Long enough that, on a loaded machine, the retry is not also cut off before its bytes reach the receiver.
    const { sandbox, receiver, api } = await setup({ webhookTimeoutMs: 1000 });
    receiver.respond = ({ count }) => (count === 0 ? 'hang' : 200);
    await createInvestor(api, 'acme-inv-slow');
    await receiver.waitFor((all) => all.some((r) => r.status === 200));
    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    const [row] = sandbox.admin.deliveries();
    expect(row!.attempts[0]).toMatchObject({ ok: false, error: expect.stringMatching(/no response within 1000 ms/) });
    expect(row!.attempts[1]).toMatchObject({ ok: true, statusCode: 200 });
  });

  it('treats a refused connection as a failure and keeps the event in the outbox for retry', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { sandbox, api } = await setup({ webhookUrl: `http://127.0.0.1:${port}/hook`, timeScale: 1 });
    await createInvestor(api, 'acme-inv-refused');
    for (let i = 0; i < 200 && sandbox.admin.deliveries()[0]!.attempts.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    const [row] = sandbox.admin.deliveries();
    expect(row!.status).toBe('pending');
    expect(row!.attempts[0]).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNREFUSED/) });
    // With time scale 1 the next attempt is 30 s later.
    expect(row!.nextAttemptAt! - Date.parse(row!.attempts[0]!.startedAt)).toBeGreaterThanOrEqual(30_000);
  });

  it('records events of a partner without a webhook URL as skipped, with a verifiable body and signature', async () => {
    const partner = makePartner();
    const sandbox = await startTestSandbox([partner]);
    cleanups.push(() => sandbox.stop());
    const api = await authedClient(sandbox, partner);
    await createInvestor(api, 'acme-inv-skip');
    const list = await client(sandbox).call('GET', '/sandbox/webhook-deliveries');
    const [delivery] = list.body.deliveries;
    expect(delivery).toMatchObject({ status: 'skipped', eventType: 'investor.created' });
    expect(delivery.attempts).toBeUndefined();
    const event = await verifyWebhook({
      payload: delivery.body,
      signatureHeader: delivery.signature,
      secret: partner.config.webhookSecret!,
    });
    expect(event.eventId).toBe(delivery.eventId);
  });
});
