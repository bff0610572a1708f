import { signWebhook } from '@zestequity/partner-auth';
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../src/checks/check.js';
import { webhookDeliveriesCheck } from '../src/checks/webhooks.js';
import { loadSpec } from '../src/index.js';
import type { ReceivedWebhook, WebhookSource } from '../src/webhooks/source.js';

const SECRET = 'whsec_log_timestamps';
const TEN_MINUTES_MS = 10 * 60_000;

/** A delivery signed `ageMs` ago (a fake time source: the signature is stamped in the past, nothing waits). */
async function signedDelivery(ageMs: number): Promise<ReceivedWebhook> {
  const at = Date.now() - ageMs;
  const payload = JSON.stringify({
    eventId: 'evt_log_timestamps',
    eventType: 'investor.created',
    occurredAt: new Date(at).toISOString(),
    data: { zestPersonId: 'psn_log_timestamps' },
  });
  const signature = await signWebhook({ payload, secret: SECRET, timestamp: Math.floor(at / 1000) });
  return {
    body: new TextEncoder().encode(payload),
    headers: { 'zest-signature': signature },
    at,
    via: 'test delivery',
  };
}

/** Runs webhooks.signatures over `deliveries` read from a source of `kind`; returns the failures it recorded. */
async function signatureFailures(kind: WebhookSource['kind'], deliveries: ReceivedWebhook[]): Promise<string[]> {
  const failures: string[] = [];
  const source: WebhookSource = { kind, collect: async () => deliveries, stop: async () => {} };
  const ctx = {
    spec: await loadSpec(),
    webhooks: source,
    runStartedAt: 0,
    exchanges: [],
    operations: new Map(),
    fixtures: { adminEmitted: new Map([['investor.created', 1]]) },
    options: { webhookSecret: SECRET, webhookWaitMs: 0 },
    validator: { schemaAt: () => Object.assign(() => true, { errors: null }) },
    expect(condition: unknown, message: string) {
      if (!condition) failures.push(message);
      return Boolean(condition);
    },
    notApplicable(reason: string): never {
      throw new Error(`not applicable: ${reason}`);
    },
  } as unknown as CheckContext;
  await webhookDeliveriesCheck.run(ctx);
  return failures;
}

describe('webhooks.signatures judges a signature at the time it was made, for the delivery log', () => {
  it('accepts a delivery-log row signed 10 minutes ago (a run longer than the 300 s tolerance)', async () => {
    expect(await signatureFailures('sandbox-deliveries', [await signedDelivery(TEN_MINUTES_MS)])).toEqual([]);
  });

  it('still judges a delivery a receiver got against real time: 10 minutes old is outside the tolerance', async () => {
    const failures = await signatureFailures('receiver', [await signedDelivery(TEN_MINUTES_MS)]);
    expect(failures.join('\n')).toMatch(/timestamp_outside_tolerance/);
  });

  it('still refuses a delivery-log row signed with another secret', async () => {
    const delivery = await signedDelivery(TEN_MINUTES_MS);
    const payload = new TextDecoder().decode(delivery.body);
    const header = await signWebhook({ payload, secret: `${SECRET}_wrong`, timestamp: Math.floor(delivery.at / 1000) });
    const failures = await signatureFailures('sandbox-deliveries', [
      { ...delivery, headers: { 'zest-signature': header } },
    ]);
    expect(failures.join('\n')).toMatch(/signature_mismatch/);
  });
});
