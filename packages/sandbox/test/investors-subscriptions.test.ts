import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import {
  approvedSpv,
  type Client,
  createInvestor,
  expectEnvelope,
  expectFramework422,
  type TestPartner,
  useSandbox,
} from './helpers.js';

let sandbox: Sandbox;
let partner: TestPartner;
let api: Client;

useSandbox((started) => ({ sandbox, partner, api } = started));

const row = (partnerInvestorId: string, extra: Record<string, unknown> = {}) => ({
  partnerInvestorId,
  email: `${partnerInvestorId}@example.com`,
  firstName: 'Alice',
  lastName: 'Liddell',
  dateOfBirth: '1985-04-12',
  countryOfResidence: 'AE',
  ...extra,
});
const createdEventsFor = (ids: string[]) =>
  sandbox.admin
    .deliveries({ eventType: 'investor.created' })
    .map((d) => JSON.parse(d.payload))
    .filter((e) => ids.includes(e.data.partnerInvestorId));

describe('POST /v1/investors', () => {
  it('answers 200 with one result per row; bad rows fail alone; repeats are already_exists with the same zestPersonId', async () => {
    const a = `inv-${randomUUID()}`;
    const b = `inv-${randomUUID()}`;
    const first = await api.call('POST', '/v1/investors', {
      json: { investors: [row(a), row(b, { email: 'not-an-email' }), row(a), { firstName: 'NoId' }] },
    });
    expect(first.status).toBe(200);
    const [ra, rb, ra2, rnone] = first.body.results;
    expect(ra).toEqual({ partnerInvestorId: a, status: 'created', zestPersonId: expect.stringMatching(/^psn_/) });
    expect(rb).toMatchObject({
      partnerInvestorId: b,
      status: 'failed',
      error: { code: 'format', field: 'email', retryable: false },
    });
    expect(rb.zestPersonId).toBeUndefined();
    expect(ra2).toEqual({ partnerInvestorId: a, status: 'already_exists', zestPersonId: ra.zestPersonId });
    expect(rnone).toMatchObject({ status: 'failed', error: { code: 'required' } });

    const second = await api.call('POST', '/v1/investors', {
      json: { investors: [row(a, { firstName: 'Changed' }), row(b)] },
    });
    expect(second.body.results[0]).toEqual({
      partnerInvestorId: a,
      status: 'already_exists',
      zestPersonId: ra.zestPersonId,
    });
    expect(second.body.results[1]).toMatchObject({ partnerInvestorId: b, status: 'created' });
    // investor.created fires once per created row, never for failed or already_exists rows.
    const events = createdEventsFor([a, b]);
    expect(events.map((e) => e.data.partnerInvestorId).sort()).toEqual([a, b].sort());
    expect(events.find((e) => e.data.partnerInvestorId === a).data).toEqual({
      partnerInvestorId: a,
      zestPersonId: ra.zestPersonId,
      email: `${a}@example.com`,
      firstName: 'Alice',
      lastName: 'Liddell',
      kycManagedBy: 'partner',
    });
  });

  it('fails rows with an impossible date of birth or a bad country code, by field', async () => {
    const result = await api.call('POST', '/v1/investors', {
      json: {
        investors: [
          row(`x-${randomUUID()}`, { dateOfBirth: '1985-13-45' }),
          row(`y-${randomUUID()}`, { countryOfResidence: 'ARE' }),
        ],
      },
    });
    expect(result.body.results.map((r: any) => [r.status, r.error?.field, r.error?.code])).toEqual([
      ['failed', 'dateOfBirth', 'format'],
      ['failed', 'countryOfResidence', 'pattern'],
    ]);
  });

  it('still rejects a body that is not a list of rows as a whole (the framework 422 this operation declares)', async () => {
    expect(expectFramework422(await api.call('POST', '/v1/investors', { json: { people: [] } }))).toEqual([
      expect.objectContaining({ loc: ['body', 'investors'], type: 'missing' }),
    ]);
  });
});

describe('POST /v1/spvs/{spvSlug}/subscriptions', () => {
  it('creates every row (201, pending) and emits subscription.created per row, echoing partnerSubscriptionId', async () => {
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const p1 = await createInvestor(api);
    const p2 = await createInvestor(api);
    const result = await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, {
      json: {
        subscriptions: [
          {
            zestPersonId: p1,
            lumpSum: { currency: 'USD', value: '50000.00' },
            shareClassSlug,
            partnerSubscriptionId: 'acme-sub-1',
          },
          { zestPersonId: p2, lumpSum: { currency: 'USD', value: '25000.00' }, shareClassSlug },
        ],
      },
    });
    expect(result.status).toBe(201);
    expect(result.body.results).toEqual([
      {
        subscriptionSlug: expect.stringMatching(/^sub_/),
        spvSlug,
        personId: p1,
        status: 'pending',
        lumpSum: { currency: 'USD', value: '50000.00' },
        shareClassSlug,
        partnerSubscriptionId: 'acme-sub-1',
      },
      {
        subscriptionSlug: expect.stringMatching(/^sub_/),
        spvSlug,
        personId: p2,
        status: 'pending',
        lumpSum: { currency: 'USD', value: '25000.00' },
        shareClassSlug,
      },
    ]);
    const events = sandbox.admin
      .deliveries({ eventType: 'subscription.created' })
      .map((d) => JSON.parse(d.payload))
      .filter((e) => e.data.spvSlug === spvSlug);
    expect(events.map((e) => e.data.subscriptionSlug).sort()).toEqual(
      result.body.results.map((r: any) => r.subscriptionSlug).sort(),
    );
    expect(events.find((e) => e.data.personId === p1).data.partnerSubscriptionId).toBe('acme-sub-1');
  });

  it('is all-or-nothing: one bad row fails the request with 400 and creates nothing', async () => {
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const p1 = await createInvestor(api);
    const before = sandbox.admin.deliveries({ eventType: 'subscription.created' }).length;
    const result = await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, {
      json: {
        subscriptions: [
          { zestPersonId: p1, lumpSum: { currency: 'USD', value: '100.00' }, shareClassSlug },
          { zestPersonId: p1, lumpSum: { currency: 'EUR', value: '100.00' }, shareClassSlug: 'sc_nope' },
        ],
      },
    });
    const body = expectEnvelope(result, 400, 'validation_error');
    expect(body.validationErrors!.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'subscriptions[1].lumpSum.currency:currency_mismatch',
      'subscriptions[1].shareClassSlug:enum',
    ]);
    expect(sandbox.admin.deliveries({ eventType: 'subscription.created' }).length).toBe(before);
    const schema = expectEnvelope(
      await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, {
        json: { subscriptions: [{ zestPersonId: p1, lumpSum: { currency: 'usd', value: 'ten' }, shareClassSlug }] },
      }),
      400,
      'validation_error',
    );
    expect(schema.validationErrors!.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'subscriptions[0].lumpSum.currency:pattern',
      'subscriptions[0].lumpSum.value:pattern',
    ]);
    expect(sandbox.admin.deliveries({ eventType: 'subscription.created' }).length).toBe(before);
  });

  it('answers 404 for an unknown SPV or an unknown person, creating nothing', async () => {
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const p1 = await createInvestor(api);
    const rows = (personId: string) => ({
      subscriptions: [
        { zestPersonId: p1, lumpSum: { currency: 'USD', value: '1.00' }, shareClassSlug },
        { zestPersonId: personId, lumpSum: { currency: 'USD', value: '1.00' }, shareClassSlug },
      ],
    });
    const before = sandbox.admin.deliveries({ eventType: 'subscription.created' }).length;
    expectEnvelope(await api.call('POST', '/v1/spvs/veh_unknown/subscriptions', { json: rows(p1) }), 404, 'not_found');
    expectEnvelope(
      await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, { json: rows('psn_unknown') }),
      404,
      'not_found',
    );
    expect(sandbox.admin.deliveries({ eventType: 'subscription.created' }).length).toBe(before);
  });
});
