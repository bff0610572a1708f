// The Web-standard endpoint two ways: served through node:http to a real sandbox that signs and delivers a
// lifecycle's events, and called directly with `Request` objects, as Workers, Deno or Bun would call it.

import { connect } from 'node:net';
import { createZestClient } from '@zestequity/partner-api-client';
import { signWebhook, type WebhookEvent } from '@zestequity/partner-auth';
import { type Sandbox, startSandbox } from '@zestequity/partner-sandbox';
import { makeTestPartner, startTestSandbox } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZestWebhookEndpoint, serve, worker } from '../src/index.js';

const partner = makeTestPartner({ clientId: 'client_web_handler' });

let sandbox: Sandbox;
let served: Awaited<ReturnType<typeof serve>>;
const received: WebhookEvent[] = [];

beforeAll(async () => {
  served = await serve(
    createZestWebhookEndpoint({ secret: partner.webhookSecret, onEvent: (event) => void received.push(event) }),
  );
  ({ sandbox } = await startTestSandbox(startSandbox, {
    partner,
    webhookUrl: `${served.url}/webhooks/zest`,
    timeScale: 1000,
  }));
});

afterAll(async () => {
  await sandbox?.stop();
  await served?.close();
});

const signed = async (payload: string, secret = partner.webhookSecret) =>
  new Request('https://partner.example/webhooks/zest', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'zest-signature': await signWebhook({ payload, secret }) },
    body: payload,
  });

/** Sends raw request bytes and resolves with the status line (or '' when the connection closed without one). */
async function rawStatus(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  socket.on('error', () => {});
  socket.write(head);
  await new Promise((resolve) => socket.once('close', resolve));
  return answer.split('\r\n', 1)[0]!;
}

describe('the Web Request handler', () => {
  it('served through node:http, answers 400 to a Host or target no URL parser accepts, and keeps serving', async () => {
    for (const head of [
      'POST /webhooks/zest HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n',
      'POST http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ])
      expect(await rawStatus(served.url, head)).toBe('HTTP/1.1 400 Bad Request');
    const payload = JSON.stringify({ eventId: 'wde_after_bad', eventType: 'x', occurredAt: '', data: {} });
    const after = await fetch(`${served.url}/webhooks/zest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'zest-signature': 'v1=00' },
      body: payload,
    });
    expect(after.status).toBe(400);
  });

  it('served through node:http, receives and verifies every event the sandbox delivers, once each', async () => {
    const zest = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials, throwOnError: true });
    const { data: request } = await zest.spvRequests.create({
      templateId: 'syndicate_secondary',
      templateVersion: '1.0.0',
      attributes: {
        underlyingCompanySlug: 'co_acme',
        currency: 'USD',
        shareClasses: [{ name: 'A', managementFeePercent: '2.0', carryPercent: '20.0' }],
      },
    });
    await fetch(`${sandbox.url}/sandbox/spv-requests/${request.spvRequestSlug}/reject`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Duplicate deal.' }),
    });
    await zest.investors.bulkCreate(
      ['x', 'y', 'z'].map((id) => ({
        partnerInvestorId: `web-${id}`,
        email: `${id}@example.com`,
        firstName: 'Kay',
        lastName: 'Lee',
        dateOfBirth: '1990-01-31',
      })),
    );
    expect(await sandbox.admin.webhooksIdle(20_000)).toBe(true);

    const deliveries = sandbox.admin.deliveries({ clientId: partner.clientId });
    expect(deliveries.map((d) => d.eventType).sort()).toEqual([
      'investor.created',
      'investor.created',
      'investor.created',
      'spv_request.created',
      'spv_request.rejected',
    ]);
    expect(
      deliveries.every((d) => d.status === 'delivered' && d.attempts.length === 1 && d.attempts[0]!.statusCode === 200),
    ).toBe(true);
    expect(received.map((e) => e.eventId).sort()).toEqual(deliveries.map((d) => d.eventId).sort());
    const rejected = received.find((e) => e.eventType === 'spv_request.rejected');
    expect(rejected?.eventType === 'spv_request.rejected' && rejected.data.rejectionReason).toBe('Duplicate deal.');
  });

  it('called with Request objects: processes once, acknowledges repeats, refuses bad input, retries failed processing', async () => {
    const events: string[] = [];
    let failNext = true;
    const endpoint = createZestWebhookEndpoint({
      secret: partner.webhookSecret,
      onEvent: (event) => {
        if (event.eventType === 'investor.created' && failNext) {
          failNext = false;
          throw new Error('database unavailable');
        }
        events.push(event.eventId);
      },
    });
    const created = sandbox.admin.deliveries({ clientId: partner.clientId, eventType: 'spv_request.created' })[0]!;
    const [first] = sandbox.admin.deliveries({ clientId: partner.clientId, eventType: 'investor.created' });

    const ok = await endpoint(await signed(created.payload));
    expect(ok.status).toBe(200);
    expect(events).toEqual([created.eventId]);

    // Processing fails: 500 and the claim is released, so the redelivery is processed.
    expect((await endpoint(await signed(first!.payload))).status).toBe(500);
    expect((await endpoint(await signed(first!.payload))).status).toBe(200);
    const repeat = await endpoint(await signed(first!.payload));
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toMatchObject({ duplicate: true });
    expect(events.filter((id) => id === first!.eventId)).toHaveLength(1);

    expect((await endpoint(await signed(first!.payload, 'whsec_wrong'))).status).toBe(400);
    expect(
      (await endpoint(new Request('https://partner.example/webhooks/zest', { method: 'POST', body: first!.payload })))
        .status,
    ).toBe(400);
    expect((await endpoint(new Request('https://partner.example/webhooks/zest'))).status).toBe(405);
    expect(
      (await endpoint(new Request('https://partner.example/elsewhere', { method: 'POST', body: '{}' }))).status,
    ).toBe(404);
  });

  it('runs as a Worker module with its secret from env and waitUntil from ctx', async () => {
    const delivery = sandbox.admin.deliveries({ clientId: partner.clientId })[0]!;
    const pending: Promise<unknown>[] = [];
    const response = await worker.fetch(
      await signed(delivery.payload),
      { ZEST_WEBHOOK_SECRET: partner.webhookSecret },
      { waitUntil: (p) => pending.push(p) },
    );
    expect(response.status).toBe(200);
    await Promise.all(pending);
  });
});
