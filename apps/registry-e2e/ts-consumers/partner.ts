// A partner's file that uses every published package through its exports map (the built dist, never the sources).
// test/ts-consumers.test.ts compiles it under the strictest settings partners use, with skipLibCheck off.
import { createZestClient, ZestApiError } from '@zestequity/partner-api-client';
import { fileFromPath } from '@zestequity/partner-api-client/node';
import { formatHuman, runContractTests } from '@zestequity/partner-api-contract-tests';
import { startMock } from '@zestequity/partner-api-mock';
import type { paths, SpvRequestCreate, WebhookEvent } from '@zestequity/partner-api-types';
import { AUTH_CONSTANTS, createAssertion, createTokenProvider, verifyWebhook } from '@zestequity/partner-auth';
import { loadPrivateKey } from '@zestequity/partner-auth/node';
import { startSandbox } from '@zestequity/partner-sandbox';
import { check, formatReport } from '@zestequity/spec-guard';

export type ListQuery = paths['/v1/spv-requests']['get']['parameters']['query'];
export const body: SpvRequestCreate = { templateId: 'syndicate_secondary', templateVersion: '1.0.0', attributes: {} };

export function onEvent(event: WebhookEvent): string | undefined {
  return event.eventType === 'spv_request.completed' ? event.data.materialisedRefs.vehicleSlug : undefined;
}

export async function partnerApp(pem: string, rawBody: Uint8Array, signature: string | null): Promise<void> {
  const privateKey = await loadPrivateKey('./ed25519-private.pem');
  const tokens = createTokenProvider({ baseUrl: 'https://sandbox.example', clientId: 'c', issuer: 'i', privateKey });
  tokens.invalidate(await tokens.getToken());
  await createAssertion({ clientId: 'c', issuer: 'i', audience: 'https://sandbox.example', privateKey: pem });
  const event = await verifyWebhook({ payload: rawBody, signatureHeader: signature, secret: 'whsec_x' });
  console.log(onEvent(event), AUTH_CONSTANTS.signatureHeader);

  const zest = createZestClient({ environment: 'sandbox', auth: { clientId: 'c', issuer: 'i', privateKey: pem } });
  try {
    const { data } = await zest.spvRequests.create(body, { throwOnError: true });
    console.log(data.spvRequestSlug);
  } catch (e) {
    if (e instanceof ZestApiError) for (const v of e.validationErrors) console.log(v.path, v.code, v.message);
  }
  for await (const spvRequest of zest.spvRequests.list({ status: 'pending-review' })) console.log(spvRequest);
  console.log(await fileFromPath('signed-form.pdf'));

  const mock = await startMock({ port: 0 });
  await mock.stop();
  const sandbox = await startSandbox({ port: 0 });
  await sandbox.stop();
  const report = await runContractTests({ baseUrl: mock.url, clientId: 'c', issuer: 'i', privateKey: pem });
  console.log(formatHuman(report), report.summary.ok);
  console.log(formatReport(await check({ base: 'origin/main', head: 'spec/dist/openapi.json' }), 'markdown'));
}
