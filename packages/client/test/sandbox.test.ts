// The whole partner happy path through the SDK against the local stateful sandbox, in the docs' quickstart order:
// token, SPV request, (review), investors, subscriptions, form, funding. Real Ed25519 key, real HTTP on loopback.
import { type Sandbox, startSandbox } from '@zestequity/partner-sandbox';
import { makeTestPartner, sampleFiles, startTestSandbox, type TestSandbox } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZestClient, ZestApiError } from '../src/index.js';
import { spvCreate } from './helpers.js';

const PDF = sampleFiles.pdf.bytes;
const partner = makeTestPartner({ clientId: 'client_sdk_test' });

let started: TestSandbox<Sandbox>;
let sandbox: Sandbox;

beforeAll(async () => {
  started = await startTestSandbox(startSandbox, { partner });
  sandbox = started.sandbox;
}, 30_000);

afterAll(async () => {
  await started?.stop();
});

/** The reviewer's side, which is not part of the partner API. */
async function approve(slug: string): Promise<void> {
  const res = await fetch(`${sandbox.url}/sandbox/spv-requests/${slug}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
}

describe('happy path against the sandbox', () => {
  it('runs token -> SPV request -> investors -> subscriptions -> form -> funding', async () => {
    const zest = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials, throwOnError: true });

    const { data: info } = await zest.auth.info();
    expect(info.clientId).toBe(partner.clientId);

    const { data: spvRequest, idempotencyKey } = await zest.spvRequests.create(spvCreate);
    expect(spvRequest.status).toBe('pending-review');

    // A retry with the same key replays the original answer instead of creating a second request.
    const replay = await zest.spvRequests.create(
      { templateId: 'syndicate_secondary', templateVersion: '1.0.0', attributes: spvRequest.attributes },
      { idempotencyKey: idempotencyKey! },
    );
    expect(replay.data.spvRequestSlug).toBe(spvRequest.spvRequestSlug);

    await approve(spvRequest.spvRequestSlug);
    const { data: approved } = await zest.spvRequests.get(spvRequest.spvRequestSlug);
    expect(approved.status).toBe('approved');
    const spvSlug = approved.materialisedRefs!.vehicleSlug;
    const shareClassSlug = approved.feesAndCarry!.shareClasses![0]!.slug;

    const listed = [];
    for await (const r of zest.spvRequests.list({ status: 'approved', perPage: 1 })) listed.push(r.spvRequestSlug);
    expect(listed).toContain(spvRequest.spvRequestSlug);

    const rows = Array.from({ length: 5 }, (_, i) => ({
      partnerInvestorId: `acme-inv-${i}`,
      email: `investor${i}@example.com`,
      firstName: 'Ada',
      lastName: `Investor${i}`,
      dateOfBirth: '1985-04-12',
      countryOfResidence: 'AE',
    }));
    const { results } = await zest.investors.bulkCreate(rows, { chunkSize: 2, concurrency: 2 });
    expect(results.map((r) => [r.partnerInvestorId, r.status])).toEqual(
      rows.map((r) => [r.partnerInvestorId, 'created']),
    );
    const personId = results[0]!.zestPersonId!;

    const { data: subscriptions } = await zest.subscriptions.create(spvSlug, {
      subscriptions: [
        {
          zestPersonId: personId,
          lumpSum: { currency: 'USD', value: '50000.00' },
          shareClassSlug,
          partnerSubscriptionId: 'acme-sub-1',
        },
      ],
    });
    expect(subscriptions.results[0]).toMatchObject({
      personId,
      status: 'pending',
      partnerSubscriptionId: 'acme-sub-1',
    });

    // Strict order: a receipt before the form is refused.
    const early = await zest.subscriptions
      .uploadFundingReceipt({
        spvSlug,
        personId,
        amount: '50000.00',
        currency: 'USD',
        wireReference: 'W-1',
        file: { data: PDF },
      })
      .catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ZestApiError);
    expect(early).toMatchObject({ status: 409, code: 'conflict' });

    const { data: form } = await zest.subscriptions.uploadForm({
      spvSlug,
      personId,
      file: { data: PDF, filename: 'signed.pdf' },
    });
    expect(form.personId).toBe(personId);

    const { data: funding } = await zest.subscriptions.uploadFundingReceipt({
      spvSlug,
      personId,
      amount: '50000.00',
      currency: 'USD',
      wireReference: 'ACME-WIRE-1',
      file: { data: PDF, filename: 'receipt.pdf' },
    });
    expect(funding).toMatchObject({ amount: '50000.00', currency: 'USD', wireReference: 'ACME-WIRE-1' });

    // An approved request is terminal: cancelling it is a typed 409.
    await expect(zest.spvRequests.cancel(spvRequest.spvRequestSlug)).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
    });
  });

  it('turns a contract validation failure into normalised validationErrors', async () => {
    const zest = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials });
    const { error, response } = await zest.spvRequests.create({
      templateId: 'syndicate_secondary',
      templateVersion: '1.0.0',
      attributes: { currency: 'USD', shareClasses: [{ name: 'A', managementFeePercent: '2.0', carryPercent: '-1.0' }] },
    });
    expect(response.status).toBe(400);
    const normalised = ZestApiError.from(response.status, error);
    expect(normalised.code).toBe('validation_error');
    expect(normalised.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(normalised.validationErrors.length).toBeGreaterThan(0);
    expect(normalised.validationErrors.every((v) => v.path !== '' && v.code !== '' && v.message !== '')).toBe(true);
  });
});

describe('cancellation against the sandbox', () => {
  it('creates nothing when the signal is already aborted: no SPV request, no partial state', async () => {
    const zest = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials });
    const before = await zest.spvRequests.listPage({ perPage: 100 }, { throwOnError: true });
    const body = spvCreate;
    const reason = new Error('the user closed the page');
    await expect(zest.spvRequests.create(body, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(
      zest.POST('/v1/spv-requests', {
        params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
        body,
        signal: AbortSignal.abort(reason),
      }),
    ).rejects.toBe(reason);
    const after = await zest.spvRequests.listPage({ perPage: 100 }, { throwOnError: true });
    expect(typeof before.data.count).toBe('number');
    expect(after.data.count).toBe(before.data.count);
  });
});
