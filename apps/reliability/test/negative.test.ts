// The reliability suites are only worth something if they can fail. Here their verdicts (src/verdicts.ts, the same
// functions the suites assert on) are run against targets broken the way those suites exist to catch: a sandbox
// that re-executes idempotent replays, and a webhook receiver that does not deduplicate on eventId. Each must be
// reported. Small and deterministic: the breakage, not the faults' dice, decides the outcome.
import { randomUUID } from 'node:crypto';
import { createZestClient } from '@zestequity/partner-api-client';
import { startSandbox } from '@zestequity/partner-sandbox';
import { makeTestPartner } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
import { startChaosReceiver } from '../src/chaos-receiver.js';
import { rows } from '../src/state.js';
import { notProcessedOnce, notStoredOnce } from '../src/verdicts.js';

const attributes = (dealName: string) => ({
  underlyingCompanySlug: 'co_acme',
  currency: 'USD',
  dealName,
  shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '20.0' }],
});

describe('negative runs: the reliability verdicts report a broken target', () => {
  it('exactly-once reports duplicates against a sandbox that re-executes replays', async () => {
    const partner = makeTestPartner({ clientId: 'client_negative_replay' });
    const sandbox = await startSandbox({
      port: 0,
      partners: [partner.config],
      breakages: ['idempotency-replay-reexecutes'],
    });
    try {
      const zest = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials, throwOnError: true });
      const intents = Array.from({ length: 5 }, (_, i) => ({ key: randomUUID(), dealName: `Negative ${i}` }));
      // The same sequence as the exactly-once suite: every intent once, then a restart resends some with their keys.
      for (const intent of intents)
        await zest.spvRequests.create(
          { templateId: 'syndicate_secondary', templateVersion: '1.0.0', attributes: attributes(intent.dealName) },
          { idempotencyKey: intent.key },
        );
      for (const intent of intents.slice(0, 2))
        await zest.spvRequests.create(
          { templateId: 'syndicate_secondary', templateVersion: '1.0.0', attributes: attributes(intent.dealName) },
          { idempotencyKey: intent.key },
        );
      const stored = rows<{ clientId: string; attributes: { dealName: string } }>(sandbox, 'spvRequests').filter(
        (r) => r.clientId === partner.clientId,
      );
      expect(
        notStoredOnce(
          intents.map((i) => i.dealName),
          stored.map((r) => r.attributes.dealName),
        ),
      ).toEqual(['Negative 0 stored 2 times', 'Negative 1 stored 2 times']);
    } finally {
      await sandbox.stop();
    }
  });

  it('webhook exactly-once reports events processed twice by a receiver without dedup', async () => {
    const partner = makeTestPartner({ clientId: 'client_negative_dedup' });
    const receiver = await startChaosReceiver({
      secret: partner.webhookSecret,
      behaviour: () => 'ok',
      slowMs: 0,
      dedup: false,
    });
    const sandbox = await startSandbox({
      port: 0,
      partners: [{ ...partner.config, webhookUrl: receiver.url }],
      timeScale: 100,
    });
    try {
      const zest = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials, throwOnError: true });
      await zest.spvRequests.create({
        templateId: 'syndicate_secondary',
        templateVersion: '1.0.0',
        attributes: attributes('Negative dedup'),
      });
      expect(await sandbox.admin.webhooksIdle(30_000)).toBe(true);
      expect(notProcessedOnce(receiver.processed)).toEqual([]);
      // A redelivery repeats the eventId, as a retry after a lost acknowledgement would.
      const [delivery] = sandbox.admin.deliveries({ clientId: partner.clientId });
      await sandbox.admin.redeliver(delivery!.deliveryId);
      expect(await sandbox.admin.webhooksIdle(30_000)).toBe(true);
      expect(notProcessedOnce(receiver.processed)).toEqual([`${delivery!.eventId} x2`]);
    } finally {
      await sandbox.stop();
      await receiver.close();
    }
  });
});
