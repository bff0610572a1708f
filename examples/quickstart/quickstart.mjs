// The quickstart of the Zest Partner API toolkit, against the local sandbox. Run it after `source .sandbox/env`.
// Generated from docs/quickstart.md by apps/docs/scripts/extract-quickstart.mjs: edit the guide, not this file.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createZestClient } from '@zestequity/partner-api-client';
import { createNodeWebhookHandler } from '@zestequity/partner-auth/node';

/** @param {string} name */
function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`source .sandbox/env\` first`);
  return value;
}

const baseUrl = env('ZEST_BASE_URL');
const zest = createZestClient({
  baseUrl,
  auth: {
    clientId: env('ZEST_CLIENT_ID'),
    issuer: env('ZEST_ISSUER'),
    privateKey: await readFile(env('ZEST_PRIVATE_KEY_PATH'), 'utf8'),
  },
  throwOnError: true,
});

const { data: me } = await zest.auth.info();
console.log(`1. authenticated as ${me.clientId}`);

/** @type {import('@zestequity/partner-auth').WebhookEvent[]} */
const events = [];
const receiver = createServer(
  createNodeWebhookHandler({
    secret: env('ZEST_WEBHOOK_SECRET'),
    onEvent: (event) => {
      events.push(event);
      console.log(`   webhook: ${event.eventType} (${event.eventId})`);
    },
  }),
);
const webhookPort = Number(process.env.WEBHOOK_PORT ?? 3000);
await new Promise((resolve) => receiver.listen(webhookPort, '127.0.0.1', () => resolve(undefined)));
console.log(`   receiving webhooks on http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (receiver.address()).port}/webhooks`);

const { data: spvRequest, idempotencyKey } = await zest.spvRequests.create({
  templateId: 'syndicate_secondary',
  templateVersion: '1.0.0',
  attributes: {
    underlyingCompanySlug: 'co_acme',
    currency: 'USD',
    shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '20.0' }],
  },
});
console.log(`2. SPV request ${spvRequest.spvRequestSlug} is ${spvRequest.status} (Idempotency-Key ${idempotencyKey})`);

await fetch(`${baseUrl}/sandbox/spv-requests/${spvRequest.spvRequestSlug}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' } });

const { data: approved } = await zest.spvRequests.get(spvRequest.spvRequestSlug);
const spvSlug = approved.materialisedRefs?.vehicleSlug;
const shareClassSlug = approved.feesAndCarry?.shareClasses?.[0]?.slug;
if (!spvSlug || !shareClassSlug) throw new Error('the approved request names no SPV or share class');
console.log(`3. approved: SPV ${spvSlug}, share class ${shareClassSlug}`);

const { results } = await zest.investors.bulkCreate([
  {
    partnerInvestorId: 'acme-inv-7341',
    email: 'alice@example.com',
    firstName: 'Alice',
    lastName: 'Moreau',
    dateOfBirth: '1985-04-12',
    countryOfResidence: 'AE',
  },
]);
const personId = results[0]?.zestPersonId;
if (!personId) throw new Error(`investor not created: ${JSON.stringify(results[0])}`);
console.log(`4. investor ${results[0]?.partnerInvestorId} is ${results[0]?.status} as ${personId}`);

const { data: subscriptions } = await zest.subscriptions.create(spvSlug, {
  subscriptions: [
    {
      zestPersonId: personId,
      lumpSum: { currency: 'USD', value: '50000.00' },
      shareClassSlug,
      partnerSubscriptionId: 'acme-sub-9921',
    },
  ],
});
const subscription = subscriptions.results[0];
if (!subscription) throw new Error('no subscription was created');
console.log(`5. subscription ${subscription.subscriptionSlug} is ${subscription.status}`);

const pdf = (/** @type {string} */ title) => ({
  data: new TextEncoder().encode(`%PDF-1.4\n% ${title}\n%%EOF\n`),
  filename: `${title}.pdf`,
  contentType: 'application/pdf',
});

const { data: form } = await zest.subscriptions.uploadForm({ spvSlug, personId, file: pdf('signed-subscription-form') });
console.log(`6. signed form stored at ${form.subscriptionFormUrl}`);

const { data: funding } = await zest.subscriptions.uploadFundingReceipt({
  spvSlug,
  personId,
  amount: '50000.00',
  currency: 'USD',
  wireReference: 'WIRE-2026-0042',
  file: pdf('wire-receipt'),
});
console.log(`7. funding receipt for ${funding.amount} ${funding.currency} stored`);

await fetch(`${baseUrl}/sandbox/subscriptions/${subscription.subscriptionSlug}/complete`, { method: 'POST', headers: { 'content-type': 'application/json' } });
console.log('8. subscription completed');

const deadline = Date.now() + 10_000;
while (!events.some((e) => e.eventType === 'subscription.completed') && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}
receiver.close();
console.log(`9. received ${events.length} webhooks: ${[...new Set(events.map((e) => e.eventType))].join(', ')}`);
if (events.length === 0) {
  console.log(`   none arrived: is the sandbox delivering to http://127.0.0.1:${webhookPort}/ ? (--webhook-url, step 1)`);
}
