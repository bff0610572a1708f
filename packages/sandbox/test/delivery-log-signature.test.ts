import { verifyWebhook } from '@zestequity/partner-auth';
import { afterEach, describe, expect, it } from 'vitest';
import { authedClient, client, createInvestor, makePartner, startTestSandbox } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** The delivery log of a partner without a webhookUrl: its skipped rows and the signatures they show. */
async function skippedRow(breakages: 'webhook-signature-wrong-secret'[]) {
  const partner = makePartner();
  const sandbox = await startTestSandbox([partner], { breakages, validateResponses: false });
  cleanups.push(() => sandbox.stop());
  await createInvestor(await authedClient(sandbox, partner), 'acme-inv-log-sig');
  const [delivery] = (await client(sandbox).call('GET', '/sandbox/webhook-deliveries')).body.deliveries;
  expect(delivery).toMatchObject({ status: 'skipped' });
  return { delivery, secret: partner.config.webhookSecret! };
}

describe('the delivery log signs skipped rows as the dispatcher would send them', () => {
  it('webhook-signature-wrong-secret breaks the log signature too: the real secret no longer verifies it', async () => {
    const { delivery, secret } = await skippedRow(['webhook-signature-wrong-secret']);
    const verify = (key: string) =>
      verifyWebhook({ payload: delivery.body, signatureHeader: delivery.signature, secret: key });
    await expect(verify(secret)).rejects.toMatchObject({ reason: 'signature_mismatch' });
    await expect(verify(`${secret}_wrong`)).resolves.toMatchObject({ eventId: delivery.eventId });
  });

  it('without the breakage, the log signature verifies with the real secret', async () => {
    const { delivery, secret } = await skippedRow([]);
    await expect(
      verifyWebhook({ payload: delivery.body, signatureHeader: delivery.signature, secret }),
    ).resolves.toMatchObject({ eventId: delivery.eventId });
  });
});
