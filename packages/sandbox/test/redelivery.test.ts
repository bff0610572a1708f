import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { authedClient, createInvestor, freshWebhookSandbox } from './helpers.js';

// Manual redelivery (`POST /sandbox/webhook-deliveries/{id}/redeliver`) at the moments that are easy to get wrong:
// while an attempt is still in flight, and for a delivery the receiver already has.

const startWithReceiver = freshWebhookSandbox();

/** A sandbox on the documented schedule (the first retry 30 s away) whose one partner's webhooks `receiver` gets. */
async function start(webhookTimeoutMs?: number) {
  const { sandbox, receiver, partner } = await startWithReceiver({ timeScale: 1, webhookTimeoutMs });
  await createInvestor(await authedClient(sandbox, partner));
  const [row] = sandbox.admin.deliveries({ eventType: 'investor.created' });
  return { sandbox, receiver, deliveryId: row!.deliveryId };
}

const redeliver = async (target: Sandbox, deliveryId: string) => {
  const answer = await fetch(`${target.url}/sandbox/webhook-deliveries/${deliveryId}/redeliver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  expect(answer.status).toBe(202);
};

describe('redelivery', () => {
  it('asked while an attempt is in flight, is one more attempt right after it, however often it was asked', async () => {
    const { sandbox, receiver, deliveryId } = await start(1000);
    receiver.respond = ({ count }) => (count === 0 ? 'hang' : 200);
    await receiver.waitFor((got) => got.length === 1);
    // The first attempt hangs until its 1 s timeout; three redeliveries are asked for meanwhile.
    await Promise.all([1, 2, 3].map(() => redeliver(sandbox, deliveryId)));
    // Without them the next attempt would be the schedule's, 30 s after the failure.
    await receiver.waitFor((got) => got.length === 2, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received.map((r) => r.status)).toEqual([-1, 200]);
    const row = sandbox.admin.deliveries({ eventType: 'investor.created' })[0]!;
    expect(row.status).toBe('delivered');
    expect(row.attempts.map((a) => a.ok)).toEqual([false, true]);
  });

  it('of a delivery the receiver already has, leaves it delivered when the extra attempt fails', async () => {
    const { sandbox, receiver, deliveryId } = await start();
    await receiver.waitFor((got) => got.length === 1);
    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    receiver.respond = () => 500;
    await redeliver(sandbox, deliveryId);
    await receiver.waitFor((got) => got.length === 2);
    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    const row = sandbox.admin.deliveries({ eventType: 'investor.created' })[0]!;
    expect(row.attempts.map((a) => [a.ok, a.manual])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(row.status).toBe('delivered');
    expect(sandbox.admin.deliveries({ status: 'delivered' }).map((r) => r.deliveryId)).toContain(deliveryId);
  });
});
