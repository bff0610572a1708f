import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebhookEvent } from '@zestequity/partner-api-types';
import { createNodeWebhookHandler } from '@zestequity/partner-auth/node';
import { runNode } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { loadBundledSpec } from '../src/spec/openapi.js';
import { authedClient, type Client, makePartner, startTestSandbox } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/zest-sandbox.js', import.meta.url));
const EVENT_TYPES = Object.keys(loadBundledSpec().webhooks as Record<string, unknown>);

/** Runs the real bin to completion (the sub-commands talk to a running sandbox and exit). */
const run = (args: string[]) => runNode(BIN, args);

/**
 * The partner's side: partner-auth's own Node handler verifies every Zest-Signature against the secret and
 * deduplicates on eventId; `arrivals` counts what reached the socket, `processed` what the handler passed on.
 */
interface Receiver {
  url: string;
  arrivals: string[];
  processed: WebhookEvent[];
  rejected: number;
  close(): Promise<void>;
}

async function startReceiver(secret: string): Promise<Receiver> {
  const receiver: Receiver = { url: '', arrivals: [], processed: [], rejected: 0, close: async () => {} };
  const handler = createNodeWebhookHandler({ secret, onEvent: (event) => void receiver.processed.push(event) });
  const server: Server = createServer((req, res) => {
    receiver.arrivals.push(String(req.headers['zest-event-id']));
    res.on('finish', () => {
      if (res.statusCode >= 400) receiver.rejected++;
    });
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

let sandbox: Sandbox;
let receiver: Receiver;
let api: Client;
beforeAll(async () => {
  const holder = makePartner();
  receiver = await startReceiver(holder.config.webhookSecret!);
  const partner = makePartner({ webhookSecret: holder.config.webhookSecret, webhookUrl: receiver.url });
  sandbox = await startTestSandbox([partner], { timeScale: 100_000 });
  api = await authedClient(sandbox, partner);
});
afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
  expect(sandbox.responseProblems).toEqual([]);
});

describe('zest-sandbox trigger', () => {
  it('lists the event types of the spec', async () => {
    const { code, stdout } = await run(['trigger', '--list']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(EVENT_TYPES);
    expect(EVENT_TYPES).toHaveLength(9);
  });

  it('refuses an unknown event type, naming the valid ones', async () => {
    const { code, stderr } = await run(['trigger', 'subscription.exploded', '--url', sandbox.url]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown event type "subscription.exploded"');
    for (const type of EVENT_TYPES) expect(stderr).toContain(type);
    const admin = await fetch(`${sandbox.url}/sandbox/triggers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventType: 'subscription.exploded' }),
    });
    expect(admin.status).toBe(400);
    expect(((await admin.json()) as { detail: string }).detail).toContain('spv_request.created');
    const unnamed = await fetch(`${sandbox.url}/sandbox/triggers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unnamed.status).toBe(400);
    expect(((await unnamed.json()) as { detail: string }).detail).toMatch(
      /^eventType is required; valid event types: /,
    );
  });

  it('finds the sandbox at $ZEST_BASE_URL without --url, as .sandbox/env exports it', async () => {
    const env = { ...process.env, ZEST_BASE_URL: sandbox.url };
    const privateKeyFile = join(mkdtempSync(join(tmpdir(), 'zest-trigger-env-')), 'key.pem');
    writeFileSync(privateKeyFile, makePartner().privateKeyPem);
    const listed = await runNode(BIN, ['deliveries', '--limit', '1'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const signed = await runNode(
      BIN,
      ['assertion', '--client-id', 'client_x', '--issuer', 'https://x.example', '--private-key', privateKeyFile],
      { env },
    );
    expect(signed.code, signed.stderr).toBe(0);
    const payload = JSON.parse(Buffer.from(signed.stdout.trim().split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload.aud).toBe(sandbox.url);
    const unset = { ...process.env, ZEST_BASE_URL: '' };
    const fallback = await runNode(BIN, ['deliveries', '--timeout', '2'], { env: unset });
    expect(fallback.stderr).toContain('http://localhost:8080');
  });

  it('says clearly when no sandbox answers at --url', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    // Bound but not accepting HTTP: close it and expect a refusal (the port is not reused by this test for anything else).
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { code, stderr } = await run(['deliveries', '--url', `http://127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot reach a sandbox at http://127.0.0.1:${port}`);
  });

  it('needs a partner with a webhook URL, and a --client-id when there are several', async () => {
    const quiet = await startTestSandbox([makePartner(), makePartner()]);
    try {
      const unnamed = await run(['trigger', 'investor.created', '--url', quiet.url]);
      expect(unnamed.code).toBe(1);
      expect(unnamed.stderr).toMatch(/400 invalid_request: Name the partner: "clientId" is one of client_/);
      const clientId = /one of (client_\w+)/.exec(unnamed.stderr)![1]!;
      const noUrl = await run(['trigger', 'investor.created', '--url', quiet.url, '--client-id', clientId]);
      expect(noUrl.code).toBe(1);
      expect(noUrl.stderr).toContain(`409 conflict: Partner ${clientId} has no webhookUrl`);
      // Refused before anything was created.
      expect(quiet.admin.deliveries()).toEqual([]);
    } finally {
      await quiet.stop();
    }
  });

  it.each(EVENT_TYPES)('sends %s, signed, with a payload a later GET agrees with', async (eventType) => {
    const { code, stdout, stderr } = await run(['trigger', eventType, '--url', sandbox.url]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const eventId = / event (\S+) \(/.exec(stdout)?.[1];
    expect(stdout).toContain(`Triggered ${eventType}`);
    expect(eventId).toBeDefined();
    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    const event = receiver.processed.find((e) => e.eventId === eventId);
    expect(event?.eventType).toBe(eventType);
    const data = event!.data as Record<string, any>;
    // The state behind the event is real: what the partner API answers now matches the payload.
    if (eventType.startsWith('spv_request.')) {
      const got = await api.call('GET', `/v1/spv-requests/${data.spvRequestSlug}`);
      expect(got.status).toBe(200);
      expect(got.body.status).toBe(data.status);
      if (data.materialisedRefs) expect(got.body.materialisedRefs).toEqual(data.materialisedRefs);
    } else if (eventType === 'investor.created') {
      const again = await api.call('POST', '/v1/investors', {
        json: {
          investors: [
            {
              partnerInvestorId: data.partnerInvestorId,
              email: data.email,
              firstName: data.firstName,
              lastName: data.lastName,
              dateOfBirth: '1985-04-12',
            },
          ],
        },
      });
      expect(again.body.results[0]).toMatchObject({ status: 'already_exists', zestPersonId: data.zestPersonId });
    } else {
      const subs = await fetch(
        `${sandbox.url}/sandbox/subscriptions?spvSlug=${data.spvSlug}&personId=${data.personId}`,
      ).then((r) => r.json());
      const sub = (subs as { subscriptions: Record<string, any>[] }).subscriptions[0]!;
      expect(sub.subscriptionSlug).toBe(data.subscriptionSlug);
      if (eventType === 'subscription.completed')
        expect(sub).toMatchObject({ status: 'completed', completedAt: data.completedAt });
      if (eventType === 'signed_subscription_form.uploaded') expect(sub.formUploadedAt).toBe(data.uploadedAt);
      if (eventType === 'funding_receipt.uploaded') expect(sub.fundingUploadedAt).toBe(data.uploadedAt);
    }
  });

  it('every delivery so far was verified by partner-auth (none rejected)', () => {
    expect(receiver.rejected).toBe(0);
    expect(new Set(receiver.processed.map((e) => e.eventType))).toEqual(new Set(EVENT_TYPES));
  });
});

describe('zest-sandbox deliveries', () => {
  it('lists deliveries with status and attempts, and --replay re-sends one that the receiver deduplicates', async () => {
    const list = await run(['deliveries', '--url', sandbox.url, '--event-type', 'subscription.completed']);
    expect(list.code).toBe(0);
    const line = list.stdout.split('\n').find((l) => l.includes('subscription.completed'))!;
    const [deliveryId, type, status, attempts, last, eventId] = line.split(/\s+/);
    expect([type, status, attempts, last]).toEqual(['subscription.completed', 'delivered', '1', '200']);
    const processedBefore = receiver.processed.length;
    const arrivalsBefore = receiver.arrivals.filter((id) => id === eventId).length;

    const replay = await run(['deliveries', '--url', sandbox.url, '--replay', deliveryId!]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain(`Replaying ${deliveryId}: subscription.completed event ${eventId}`);
    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    // It arrived again, with the same eventId and a valid fresh signature, and was recognised as a duplicate.
    expect(receiver.arrivals.filter((id) => id === eventId)).toHaveLength(arrivalsBefore + 1);
    expect(receiver.rejected).toBe(0);
    expect(receiver.processed).toHaveLength(processedBefore);
    const row = sandbox.admin.deliveries().find((d) => d.deliveryId === deliveryId)!;
    expect(row.attempts).toHaveLength(2);
    // Signed at the replay's own time (the same second as the first attempt gives the same signature, so compare times).
    const signedAt = (signature: string | undefined) => Number(/t=(\d+)/.exec(signature ?? '')?.[1]);
    expect(signedAt(row.attempts[1]!.signature)).toBe(Math.floor(Date.parse(row.attempts[1]!.startedAt) / 1000));
    expect(row.attempts[1]!.manual).toBe(true);

    const missing = await run(['deliveries', '--url', sandbox.url, '--replay', 'dlv_nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('404');
  });
});
