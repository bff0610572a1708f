// The whole partner happy path against the local sandbox, through the SDK, in the order of the quickstart:
// token -> SPV request -> review -> investors -> subscription -> signed form -> funding receipt -> completion.
// Two steps belong to Zest's operators, not to the partner API: approving the SPV request and completing the
// subscription. Against the local sandbox they are its admin endpoints under /sandbox/; against Zest you would
// wait for the `spv_request.completed` and `subscription.completed` webhooks instead.

import type { KeyObject } from 'node:crypto';
import { createZestClient, type ZestClient } from '@zestequity/partner-api-client';

export interface HappyPathOptions {
  /** The sandbox's base URL, e.g. http://localhost:8080. */
  baseUrl: string;
  clientId: string;
  issuer: string;
  /** Ed25519 private key: PKCS#8 PEM text or a KeyObject (see loadPrivateKey from @zestequity/partner-auth/node). */
  privateKey: string | KeyObject;
  /** Where each step is reported; default console.log. */
  log?: (line: string) => void;
}

export interface HappyPathResult {
  spvRequestSlug: string;
  /** The key the SPV request was created with: persist it with your own record to resend safely. */
  idempotencyKey: string;
  spvSlug: string;
  personIds: string[];
  subscriptionSlug: string;
  /** Event types the sandbox recorded for this partner, in the order they occurred. */
  events: string[];
}

/** A minimal, valid PDF: the SDK checks the magic bytes before sending an upload. */
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function operator<T>(baseUrl: string, path: string): Promise<T> {
  const method = path.includes('?') || path.startsWith('webhook') ? 'GET' : 'POST';
  // Admin POSTs must be JSON: the sandbox refuses anything a web page could send without a CORS preflight.
  const res = await fetch(
    `${baseUrl}/sandbox/${path}`,
    method === 'POST' ? { method, headers: { 'content-type': 'application/json' } } : { method },
  );
  if (!res.ok) throw new Error(`sandbox admin ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export async function runHappyPath(options: HappyPathOptions): Promise<HappyPathResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { baseUrl } = options;
  const zest = connect(options);

  await checkToken(zest, log);
  await chooseTemplate(zest, log);
  const { spvRequestSlug, idempotencyKey } = await requestSpv(zest, log);
  const { spvSlug, shareClassSlug } = await reviewSpvRequest(zest, baseUrl, spvRequestSlug, log);
  const personIds = await registerInvestors(zest, log);
  const personId = personIds[0]!;
  const subscriptionSlug = await subscribe(zest, spvSlug, shareClassSlug, personId, log);
  await uploadSignedForm(zest, spvSlug, personId, log);
  await uploadFundingReceipt(zest, spvSlug, personId, log);
  await completeSubscription(baseUrl, subscriptionSlug, log);
  const events = await recordedEvents(baseUrl, options.clientId, log);

  return { spvRequestSlug, idempotencyKey, spvSlug, personIds, subscriptionSlug, events };
}

type Log = (line: string) => void;

/** The SDK client for this partner. */
function connect(options: HappyPathOptions): ZestClient<true> {
  // throwOnError: every non-2xx answer becomes a ZestApiError with code, detail and errorId.
  return createZestClient({
    baseUrl: options.baseUrl,
    auth: { clientId: options.clientId, issuer: options.issuer, privateKey: options.privateKey },
    throwOnError: true,
  });
}

/** 1. The first call exchanges an EdDSA assertion for a token; auth.info says whom it belongs to. */
async function checkToken(zest: ZestClient<true>, log: Log): Promise<void> {
  const { data: info } = await zest.auth.info();
  log(`1. token: exchanged an EdDSA assertion; the token belongs to ${info.clientId} (${info.clientType})`);
}

/** 2. The contract registry must offer the template the SPV request uses. */
async function chooseTemplate(zest: ZestClient<true>, log: Log): Promise<void> {
  const { data: catalogue } = await zest.contracts.listTemplates('1.0.0');
  const templates = (catalogue as { templates?: string[] }).templates ?? [];
  if (!templates.includes('syndicate_secondary'))
    throw new Error(`template syndicate_secondary is not offered (got ${templates.join(', ')})`);
  log(`2. contracts 1.0.0 offer the templates ${templates.join(', ')}; using syndicate_secondary`);
}

/** 3. Request an SPV; the SDK generates the Idempotency-Key, which you would persist with your own record. */
async function requestSpv(
  zest: ZestClient<true>,
  log: Log,
): Promise<{ spvRequestSlug: string; idempotencyKey: string }> {
  const { data: request, idempotencyKey } = await zest.spvRequests.create({
    templateId: 'syndicate_secondary',
    templateVersion: '1.0.0',
    attributes: {
      underlyingCompanySlug: 'co_acme',
      currency: 'USD',
      dealName: 'Acme secondary 2026',
      shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '20.0' }],
    },
  });
  log(`3. SPV request ${request.spvRequestSlug} created (${request.status}), Idempotency-Key ${idempotencyKey}`);
  return { spvRequestSlug: request.spvRequestSlug, idempotencyKey: idempotencyKey! };
}

/** 4. Zest's review (the sandbox's operator approves), then read the SPV and share class it created. */
async function reviewSpvRequest(
  zest: ZestClient<true>,
  baseUrl: string,
  spvRequestSlug: string,
  log: Log,
): Promise<{ spvSlug: string; shareClassSlug: string }> {
  await operator(baseUrl, `spv-requests/${spvRequestSlug}/approve`);
  const { data: approved } = await zest.spvRequests.get(spvRequestSlug);
  const refs = approved.materialisedRefs!;
  const shareClassSlug = approved.feesAndCarry!.shareClasses![0]!.slug;
  log(`4. reviewed: ${approved.status}; SPV ${refs.vehicleSlug}, share class ${shareClassSlug}`);
  return { spvSlug: refs.vehicleSlug, shareClassSlug };
}

/** 5. Register three investors in bulk; each row succeeds or fails on its own. Returns their Zest person ids. */
async function registerInvestors(zest: ZestClient<true>, log: Log): Promise<string[]> {
  const rows = ['7341', '7342', '7343'].map((n, i) => ({
    partnerInvestorId: `acme-inv-${n}`,
    email: `investor${n}@example.com`,
    firstName: ['Alice', 'Bob', 'Carol'][i]!,
    lastName: 'Example',
    dateOfBirth: '1985-04-12',
    countryOfResidence: 'AE',
  }));
  const { results } = await zest.investors.bulkCreate(rows, { chunkSize: 100, concurrency: 2 });
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) throw new Error(`investors failed: ${JSON.stringify(failed)}`);
  const personIds = results.map((r) => r.zestPersonId!);
  log(`5. investors: ${results.map((r) => `${r.partnerInvestorId} -> ${r.zestPersonId} (${r.status})`).join(', ')}`);
  return personIds;
}

/** 6. Subscribe the first investor to the SPV's share class. Returns the subscription's slug. */
async function subscribe(
  zest: ZestClient<true>,
  spvSlug: string,
  shareClassSlug: string,
  personId: string,
  log: Log,
): Promise<string> {
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
  const subscriptionSlug = subscriptions.results[0]!.subscriptionSlug;
  log(`6. subscription ${subscriptionSlug} for ${personId}: ${subscriptions.results[0]!.status}`);
  return subscriptionSlug;
}

/** 7. Upload the investor's signed subscription form. */
async function uploadSignedForm(zest: ZestClient<true>, spvSlug: string, personId: string, log: Log): Promise<void> {
  const { data: form } = await zest.subscriptions.uploadForm({
    spvSlug,
    personId,
    file: { data: PDF, filename: 'signed-form.pdf' },
  });
  log(`7. signed form uploaded at ${form.uploadedAt}`);
}

/** 8. Upload the receipt of the investor's wire. */
async function uploadFundingReceipt(
  zest: ZestClient<true>,
  spvSlug: string,
  personId: string,
  log: Log,
): Promise<void> {
  const { data: funding } = await zest.subscriptions.uploadFundingReceipt({
    spvSlug,
    personId,
    amount: '50000.00',
    currency: 'USD',
    wireReference: 'ACME-WIRE-20260507-0042',
    file: { data: PDF, filename: 'wire-receipt.pdf' },
  });
  log(`8. funding receipt uploaded: ${funding.amount} ${funding.currency}, wire ${funding.wireReference}`);
}

/** 9. Zest completes the subscription (the sandbox's operator does it here). */
async function completeSubscription(baseUrl: string, subscriptionSlug: string, log: Log): Promise<void> {
  const completed = await operator<{ status: string }>(baseUrl, `subscriptions/${subscriptionSlug}/complete`);
  log(`9. subscription ${subscriptionSlug} ${completed.status}`);
}

/** 10. The event types the sandbox delivered to this partner, oldest first. */
async function recordedEvents(baseUrl: string, clientId: string, log: Log): Promise<string[]> {
  const { deliveries } = await operator<{ deliveries: { clientId: string; eventType: string; occurredAt: string }[] }>(
    baseUrl,
    `webhook-deliveries?clientId=${encodeURIComponent(clientId)}`,
  );
  const events = deliveries
    .filter((d) => d.clientId === clientId)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .map((d) => d.eventType);
  log(`10. events for this partner: ${events.join(', ')}`);
  return events;
}
