// A partner's integration as it would be written outside this repository, against the packages installed from the
// registry: token, SPV request, approval (the sandbox's admin API stands in for Zest's reviewer), investors,
// subscription, the signed form then the funding receipt. Prints one RESULT line with what the sandbox recorded.
import { createZestClient, ZestApiError, type ZestClient } from '@zestequity/partner-api-client';
import spec from '@zestequity/partner-api-spec/openapi.json' with { type: 'json' };
import type { components } from '@zestequity/partner-api-types';
import { loadPrivateKey } from '@zestequity/partner-auth/node';

type SpvRequest = components['schemas']['SpvRequestResponse'];

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (the sandbox writes it to .sandbox/env)`);
  return value;
}

const baseUrl = env('ZEST_BASE_URL');
const clientId = env('ZEST_CLIENT_ID');
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function admin<T>(method: 'GET' | 'POST', path: string): Promise<T> {
  // Admin writes must be JSON: the sandbox refuses other content types there (a cross-site form cannot forge one).
  const res = await fetch(
    `${baseUrl}/sandbox/${path}`,
    method === 'POST' ? { method, headers: { 'content-type': 'application/json' } } : { method },
  );
  if (!res.ok) throw new Error(`sandbox admin ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function main(): Promise<void> {
  const zest: ZestClient<true> = createZestClient({
    baseUrl,
    auth: { clientId, issuer: env('ZEST_ISSUER'), privateKey: await loadPrivateKey(env('ZEST_PRIVATE_KEY_PATH')) },
    throwOnError: true,
  });
  console.log(`node ${process.version}, spec ${spec.info.title} ${spec.info.version}`);

  const { data: info } = await zest.auth.info();
  console.log(`token for ${info.clientId}`);

  const { data: request } = await zest.spvRequests.create({
    templateId: 'syndicate_secondary',
    templateVersion: '1.0.0',
    attributes: {
      underlyingCompanySlug: 'co_acme',
      currency: 'USD',
      dealName: 'Registry rehearsal',
      shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '20.0' }],
    },
  });
  console.log(`SPV request ${request.spvRequestSlug} ${request.status}`);

  await admin('POST', `spv-requests/${request.spvRequestSlug}/approve`);
  const { data: approved }: { data: SpvRequest } = await zest.spvRequests.get(request.spvRequestSlug);
  const spvSlug = approved.materialisedRefs!.vehicleSlug;
  const shareClassSlug = approved.feesAndCarry!.shareClasses![0]!.slug;
  console.log(`approved: ${approved.status}, SPV ${spvSlug}`);

  const { results } = await zest.investors.bulkCreate([
    {
      partnerInvestorId: `rehearsal-${Date.now()}`,
      email: 'investor@example.com',
      firstName: 'Ada',
      lastName: 'Example',
      dateOfBirth: '1985-04-12',
      countryOfResidence: 'AE',
    },
  ]);
  const personId = results[0]!.zestPersonId!;
  console.log(`investor ${personId} ${results[0]!.status}`);

  const { data: subscriptions } = await zest.subscriptions.create(spvSlug, {
    subscriptions: [{ zestPersonId: personId, lumpSum: { currency: 'USD', value: '50000.00' }, shareClassSlug }],
  });
  console.log(`subscription ${subscriptions.results[0]!.subscriptionSlug} ${subscriptions.results[0]!.status}`);

  // The order matters: the funding receipt is refused until the signed form is there.
  await zest.subscriptions.uploadForm({ spvSlug, personId, file: { data: PDF, filename: 'signed-form.pdf' } });
  await zest.subscriptions.uploadFundingReceipt({
    spvSlug,
    personId,
    amount: '50000.00',
    currency: 'USD',
    wireReference: 'REHEARSAL-WIRE-1',
    file: { data: PDF, filename: 'wire-receipt.pdf' },
  });
  console.log('form and funding receipt uploaded');

  const { deliveries } = await admin<{ deliveries: { eventId: string; eventType: string; clientId: string }[] }>(
    'GET',
    `webhook-deliveries?clientId=${encodeURIComponent(clientId)}`,
  );
  const events = deliveries
    .filter((d) => d.clientId === clientId)
    .map((d) => ({ eventId: d.eventId, eventType: d.eventType }));
  console.log(`RESULT ${JSON.stringify({ spvRequestSlug: request.spvRequestSlug, spvSlug, personId, events })}`);
}

main().catch((error: unknown) => {
  const detail =
    error instanceof ZestApiError ? `${error.code}: ${error.detail} (errorId ${error.errorId})` : String(error);
  console.error(`happy path failed: ${detail}`);
  process.exitCode = 1;
});
