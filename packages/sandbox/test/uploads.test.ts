import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import {
  approvedSpv,
  authedClient,
  type Client,
  client,
  createInvestor,
  createSubscription,
  expectEnvelope,
  fileForm,
  JPEG,
  PDF,
  PNG,
  type TestPartner,
  token,
  useSandbox,
  WEBP,
} from './helpers.js';
import { raw } from './raw-http.js';

let sandbox: Sandbox;
let partner: TestPartner;
let api: Client;

useSandbox((started) => ({ sandbox, partner, api } = started));

async function subscription(extra: Record<string, unknown> = {}) {
  const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
  const personId = await createInvestor(api);
  const sub = await createSubscription(api, spvSlug, personId, shareClassSlug, extra);
  return {
    spvSlug,
    personId,
    subscriptionSlug: sub.subscriptionSlug,
    forms: `/v1/spvs/${spvSlug}/subscription/${personId}/forms`,
    fundings: `/v1/spvs/${spvSlug}/subscription/${personId}/fundings`,
  };
}

const funding = { amount: '50000.00', currency: 'USD', wireReference: 'ACME-WIRE-1' };

describe('uploads', () => {
  it('stores a signed form (201) served back through a time-limited signed URL, and emits the event', async () => {
    const s = await subscription();
    const result = await api.call('POST', s.forms, { form: fileForm(PDF, 'application/pdf') });
    expect(result.status, result.text).toBe(201);
    expect(result.body).toMatchObject({
      subscriptionSlug: s.subscriptionSlug,
      spvSlug: s.spvSlug,
      personId: s.personId,
      uploadedAt: expect.any(String),
    });
    const url = new URL(result.body.subscriptionFormUrl);
    expect(url.origin).toBe(sandbox.url);
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    // Tampered or expired URLs are refused.
    url.searchParams.set('sig', '0'.repeat(64));
    expect((await fetch(url)).status).toBe(403);
    const event = sandbox.admin
      .deliveries({ eventType: 'signed_subscription_form.uploaded' })
      .map((d) => JSON.parse(d.payload))
      .find((e) => e.data.subscriptionSlug === s.subscriptionSlug);
    expect(event.data).toMatchObject({
      personId: s.personId,
      partnerInvestorId: expect.stringMatching(/^inv-/),
      uploadedAt: result.body.uploadedAt,
    });
    sandbox.admin.advanceClock(3601);
    expect((await fetch(result.body.subscriptionFormUrl)).status).toBe(403);
    api = await authedClient(sandbox, partner);
  });

  it('accepts PDF, JPEG, PNG and WEBP when the declared type and the magic bytes agree', async () => {
    const s = await subscription();
    for (const [bytes, type] of [
      [PDF, 'application/pdf'],
      [JPEG, 'image/jpeg'],
      [PNG, 'image/png'],
      [WEBP, 'image/webp'],
    ] as const) {
      const result = await api.call('POST', s.forms, { form: fileForm(bytes, type) });
      expect(result.status, `${type}: ${result.text}`).toBe(201);
    }
  });

  it('answers 415 for a disallowed declared type or content that does not match it', async () => {
    const s = await subscription();
    expectEnvelope(
      await api.call('POST', s.forms, { form: fileForm(Buffer.from('hello'), 'text/plain') }),
      415,
      'unsupported_media_type',
    );
    expectEnvelope(
      await api.call('POST', s.forms, { form: fileForm(PDF, 'application/octet-stream') }),
      415,
      'unsupported_media_type',
    );
    expectEnvelope(
      await api.call('POST', s.forms, { form: fileForm(Buffer.from('not really a png'), 'image/png') }),
      415,
      'unsupported_media_type',
    );
    expectEnvelope(
      await api.call('POST', s.forms, { form: fileForm(PNG, 'application/pdf') }),
      415,
      'unsupported_media_type',
    );
    expect(
      sandbox.admin
        .deliveries({ eventType: 'signed_subscription_form.uploaded' })
        .some((d) => JSON.parse(d.payload).data.subscriptionSlug === s.subscriptionSlug),
    ).toBe(false);
  });

  it("accepts exactly the spec's x-zest-max-bytes (10,485,760 bytes) and answers 413 for one byte more", async () => {
    // docs/design-decisions.md#upload-limits
    const s = await subscription();
    const { maxBytes } = sandbox.uploadLimits.get('uploadSubscriptionForm')!;
    const exact = Buffer.alloc(maxBytes, 0x20);
    PDF.copy(exact);
    expect((await api.call('POST', s.forms, { form: fileForm(exact, 'application/pdf') })).status).toBe(201);
    const over = Buffer.concat([exact, Buffer.from([0x20])]);
    expectEnvelope(
      await api.call('POST', s.forms, { form: fileForm(over, 'application/pdf') }),
      413,
      'payload_too_large',
    );
    // The connection is still usable afterwards.
    expect((await api.call('GET', '/v1/oauth2/info')).status).toBe(200);
  });

  it('answers 413 for a huge upload without buffering it, and keeps serving', async () => {
    const s = await subscription();
    const huge = Buffer.alloc(40 * 1024 * 1024, 0x20);
    PDF.copy(huge);
    expectEnvelope(
      await api.call('POST', s.forms, { form: fileForm(huge, 'application/pdf') }),
      413,
      'payload_too_large',
    );
    expect((await api.call('GET', '/v1/oauth2/info')).status).toBe(200);
  });

  it('answers 400 when the file part is missing or misnamed', async () => {
    const s = await subscription();
    const noFile = new FormData();
    noFile.append('note', 'hi');
    expect(
      expectEnvelope(await api.call('POST', s.forms, { form: noFile }), 400, 'validation_error').validationErrors,
    ).toEqual([expect.objectContaining({ field: 'file', code: 'required' })]);
    expectEnvelope(
      await api.call('POST', s.forms, { form: fileForm(PDF, 'application/pdf', {}, 'document') }),
      400,
      'invalid_request',
    );
  });

  it('treats a file part without a filename as no file: 400 `file` required on both uploads, not a 500', async () => {
    const s = await subscription();
    const bearer = await token(sandbox, partner);
    const textPart = (name: string, value: Buffer | string) =>
      Buffer.concat([
        Buffer.from(`--B\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
        Buffer.isBuffer(value) ? value : Buffer.from(value),
        Buffer.from('\r\n'),
      ]);
    const send = (path: string, parts: Buffer[]) =>
      raw(sandbox.url, {
        method: 'POST',
        path,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'multipart/form-data; boundary=B' },
        body: Buffer.concat([...parts, Buffer.from('--B--\r\n')]),
      });
    const form = await send(s.forms, [textPart('file', PDF)]);
    expect(form.status).toBe(400);
    expect(form.json.validationErrors).toEqual([expect.objectContaining({ field: 'file', code: 'required' })]);
    expect((await api.call('POST', s.forms, { form: fileForm(PDF, 'application/pdf') })).status).toBe(201);
    const receipt = await send(s.fundings, [
      ...Object.entries(funding).map(([name, value]) => textPart(name, value)),
      textPart('file', PDF),
    ]);
    expect(receipt.status).toBe(400);
    expect(receipt.json.validationErrors).toEqual([expect.objectContaining({ field: 'file', code: 'required' })]);
  });

  it('answers 400 for a body that ends inside the file part, on both uploads, and keeps serving', async () => {
    const s = await subscription();
    const bearer = await token(sandbox, partner);
    // The form first: a funding receipt's body is only read once the subscription has its form.
    expect((await api.call('POST', s.forms, { form: fileForm(PDF, 'application/pdf') })).status).toBe(201);
    for (const path of [s.forms, s.fundings]) {
      for (const cut of [PDF.length, 10, 0]) {
        const answer = await raw(sandbox.url, {
          method: 'POST',
          path,
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'multipart/form-data; boundary=B' },
          body: Buffer.concat([
            Buffer.from('--B\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'),
            Buffer.from('Content-Type: application/pdf\r\n\r\n'),
            PDF.subarray(0, cut),
          ]),
        });
        expect(answer.status).toBe(400);
        expect(answer.json.detail).toMatch(/multipart body cannot be parsed/);
      }
    }
    expect((await api.call('POST', s.fundings, { form: fileForm(PDF, 'application/pdf', funding) })).status).toBe(201);
  });

  it('refuses a funding receipt before the form (409), then accepts it with its metadata and emits the event', async () => {
    const s = await subscription({ partnerSubscriptionId: 'acme-sub-77' });
    expectEnvelope(
      await api.call('POST', s.fundings, { form: fileForm(PDF, 'application/pdf', funding) }),
      409,
      'conflict',
    );
    await api.call('POST', s.forms, { form: fileForm(PDF, 'application/pdf') });
    const result = await api.call('POST', s.fundings, { form: fileForm(PNG, 'image/png', funding) });
    expect(result.status, result.text).toBe(201);
    expect(result.body).toMatchObject({
      ...funding,
      subscriptionSlug: s.subscriptionSlug,
      fundingReceiptUrl: expect.stringContaining('/sandbox/files/'),
    });
    const event = sandbox.admin
      .deliveries({ eventType: 'funding_receipt.uploaded' })
      .map((d) => JSON.parse(d.payload))
      .find((e) => e.data.subscriptionSlug === s.subscriptionSlug);
    expect(event.data).toMatchObject({ ...funding, personId: s.personId });
  });

  it('validates funding fields against the spec and the subscription (missing, pattern, currency_mismatch)', async () => {
    const s = await subscription();
    await api.call('POST', s.forms, { form: fileForm(PDF, 'application/pdf') });
    const missing = expectEnvelope(
      await api.call('POST', s.fundings, { form: fileForm(PDF, 'application/pdf', { amount: '10.00' }) }),
      400,
      'validation_error',
    );
    expect(missing.validationErrors!.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'currency:required',
      'wireReference:required',
    ]);
    const bad = expectEnvelope(
      await api.call('POST', s.fundings, { form: fileForm(PDF, 'application/pdf', { ...funding, amount: '1,000' }) }),
      400,
      'validation_error',
    );
    expect(bad.validationErrors).toEqual([expect.objectContaining({ field: 'amount', code: 'pattern' })]);
    const currency = expectEnvelope(
      await api.call('POST', s.fundings, { form: fileForm(PDF, 'application/pdf', { ...funding, currency: 'EUR' }) }),
      400,
      'validation_error',
    );
    expect(currency.validationErrors).toEqual([
      expect.objectContaining({ field: 'currency', code: 'currency_mismatch' }),
    ]);
  });

  it('answers 404 for an unknown SPV, an unknown person or a person without a subscription there', async () => {
    const s = await subscription();
    const stranger = await createInvestor(api);
    expectEnvelope(
      await api.call('POST', `/v1/spvs/veh_nope/subscription/${s.personId}/forms`, {
        form: fileForm(PDF, 'application/pdf'),
      }),
      404,
      'not_found',
    );
    expectEnvelope(
      await api.call('POST', `/v1/spvs/${s.spvSlug}/subscription/psn_nope/forms`, {
        form: fileForm(PDF, 'application/pdf'),
      }),
      404,
      'not_found',
    );
    expectEnvelope(
      await api.call('POST', `/v1/spvs/${s.spvSlug}/subscription/${stranger}/fundings`, {
        form: fileForm(PDF, 'application/pdf', funding),
      }),
      404,
      'not_found',
    );
  });

  it('completes a subscription (admin) only after funding, then refuses further uploads with 409 (terminal)', async () => {
    const s = await subscription({ partnerSubscriptionId: 'acme-sub-9' });
    const admin = client(sandbox);
    expectEnvelope(await admin.call('POST', `/sandbox/subscriptions/${s.subscriptionSlug}/complete`), 409, 'conflict');
    await api.call('POST', s.forms, { form: fileForm(PDF, 'application/pdf') });
    await api.call('POST', s.fundings, { form: fileForm(PDF, 'application/pdf', funding) });
    const done = await admin.call('POST', `/sandbox/subscriptions/${s.subscriptionSlug}/complete`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    expectEnvelope(await api.call('POST', s.forms, { form: fileForm(JPEG, 'image/jpeg') }), 409, 'conflict');
    expectEnvelope(
      await api.call('POST', s.fundings, { form: fileForm(JPEG, 'image/jpeg', funding) }),
      409,
      'conflict',
    );
    expectEnvelope(await admin.call('POST', `/sandbox/subscriptions/${s.subscriptionSlug}/complete`), 409, 'conflict');
    const event = sandbox.admin
      .deliveries({ eventType: 'subscription.completed' })
      .map((d) => JSON.parse(d.payload))
      .find((e) => e.data.subscriptionSlug === s.subscriptionSlug);
    expect(event.data).toMatchObject({
      status: 'completed',
      partnerSubscriptionId: 'acme-sub-9',
      completedAt: done.body.completedAt,
    });
  });

  it('treats re-uploading the same bytes as a no-op (content-addressed): same answer, no second event', async () => {
    const s = await subscription();
    const first = await api.call('POST', s.forms, { form: fileForm(PDF, 'application/pdf') });
    const second = await api.call('POST', s.forms, { form: fileForm(PDF, 'application/pdf') });
    expect(second.body.uploadedAt).toBe(first.body.uploadedAt);
    const events = sandbox.admin
      .deliveries({ eventType: 'signed_subscription_form.uploaded' })
      .filter((d) => JSON.parse(d.payload).data.subscriptionSlug === s.subscriptionSlug);
    expect(events.length).toBe(1);
  });
});
