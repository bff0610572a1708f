import { randomUUID } from 'node:crypto';
import { loadSpec } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import {
  authedClient,
  type Client,
  client,
  expectEnvelope,
  makePartner,
  SAMPLE_ATTRIBUTES,
  spvRequestBody,
  startTestSandbox,
  type TestPartner,
  useSandbox,
} from './helpers.js';

let sandbox: Sandbox;
let partner: TestPartner;
let api: Client;
const admin = () => client(sandbox);

useSandbox((started) => ({ sandbox, partner, api } = started), {
  partners: () => [makePartner({ tenantSlug: 'acme' })],
});

const create = (body: unknown, key: string | null = randomUUID()) =>
  api.call('POST', '/v1/spv-requests', { json: body, ...(key ? { idempotencyKey: key } : {}) });

describe('POST /v1/spv-requests', () => {
  it('creates a pending-review request (201) with the documented fields and emits spv_request.created', async () => {
    const result = await create(spvRequestBody());
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      status: 'pending-review',
      templateId: 'syndicate_secondary',
      templateVersion: '1.0.0',
      tenantSlug: 'acme',
      clientId: partner.config.clientId,
      attributes: SAMPLE_ATTRIBUTES,
      feesAndCarry: {
        shareClasses: [
          { name: 'Class A', slug: expect.stringMatching(/^sc_/), managementFeePercent: '2.0', carryPercent: '20.0' },
        ],
      },
    });
    expect(result.body.spvRequestSlug).toMatch(/^svr_[0-9a-f]+$/);
    expect(result.body.createdAt).toBe(result.body.updatedAt);
    const events = sandbox.admin.deliveries({ eventType: 'spv_request.created' }).map((d) => JSON.parse(d.payload));
    const event = events.find((e) => e.data.spvRequestSlug === result.body.spvRequestSlug);
    expect(event).toMatchObject({
      eventType: 'spv_request.created',
      occurredAt: result.body.createdAt,
      data: { status: 'pending-review', tenantSlug: 'acme' },
    });
    expect(event.eventId).toMatch(/^wde_[0-9a-f]{16}$/);
  });

  it('accepts the second template (primary_deal, snake_case attributes) with its published example', async () => {
    const sample = (await admin().call('GET', '/v1/contracts/samples/1.0.0/primary_deal')).body;
    const result = await create({
      templateId: 'primary_deal',
      templateVersion: '1.0.0',
      attributes: sample.attributes,
    });
    expect(result.status, result.text).toBe(201);
    expect(result.body.feesAndCarry.shareClasses).toEqual([{ name: 'Class A', slug: 'acme-class-a' }]);
  });

  it('requires an Idempotency-Key: 400 invalid_request without one, and nothing is created', async () => {
    const before = (await api.call('GET', '/v1/spv-requests?perPage=100')).body.count;
    expect(expectEnvelope(await create(spvRequestBody(), null), 400, 'invalid_request').detail).toMatch(
      /Idempotency-Key/,
    );
    expect((await api.call('GET', '/v1/spv-requests?perPage=100')).body.count).toBe(before);
  });

  it('answers 404 not_found for an unknown template or version', async () => {
    expect(expectEnvelope(await create({ ...spvRequestBody(), templateId: 'nope' }), 404, 'not_found').detail).toMatch(
      /nope/,
    );
    expectEnvelope(await create({ ...spvRequestBody(), templateVersion: '2.0.0' }), 404, 'not_found');
  });

  const attributeCases: [
    string,
    Record<string, unknown>,
    { field: string; attribute: string; code: string; value?: unknown },
  ][] = [
    [
      'required',
      { currency: 'USD', shareClasses: SAMPLE_ATTRIBUTES.shareClasses },
      { field: 'attributes.underlyingCompanySlug', attribute: 'underlyingCompanySlug', code: 'required' },
    ],
    [
      'unknown_attribute',
      { ...SAMPLE_ATTRIBUTES, colour: 'blue' },
      { field: 'attributes.colour', attribute: 'colour', code: 'unknown_attribute', value: 'blue' },
    ],
    [
      'type',
      { ...SAMPLE_ATTRIBUTES, shareClasses: 'Class A' },
      { field: 'attributes.shareClasses', attribute: 'shareClasses', code: 'type', value: 'Class A' },
    ],
    [
      'enum',
      { ...SAMPLE_ATTRIBUTES, securityType: 'Tulips' },
      { field: 'attributes.securityType', attribute: 'securityType', code: 'enum', value: 'Tulips' },
    ],
    [
      'pattern',
      { ...SAMPLE_ATTRIBUTES, underlyingCompanySlug: 'Acme Inc' },
      {
        field: 'attributes.underlyingCompanySlug',
        attribute: 'underlyingCompanySlug',
        code: 'pattern',
        value: 'Acme Inc',
      },
    ],
    [
      'max_length',
      { ...SAMPLE_ATTRIBUTES, dealName: 'x'.repeat(121) },
      { field: 'attributes.dealName', attribute: 'dealName', code: 'max_length' },
    ],
    [
      'min_value',
      { ...SAMPLE_ATTRIBUTES, shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '-1.0' }] },
      {
        field: 'attributes.shareClasses[0].carryPercent',
        attribute: 'shareClasses[0].carryPercent',
        code: 'min_value',
        value: '-1.0',
      },
    ],
    [
      'max_value',
      { ...SAMPLE_ATTRIBUTES, shareClasses: [{ name: 'Class A', managementFeePercent: '101', carryPercent: '20' }] },
      {
        field: 'attributes.shareClasses[0].managementFeePercent',
        attribute: 'shareClasses[0].managementFeePercent',
        code: 'max_value',
        value: '101',
      },
    ],
    [
      'format (date)',
      { ...SAMPLE_ATTRIBUTES, closingDate: '2026-02-30' },
      { field: 'attributes.closingDate', attribute: 'closingDate', code: 'format', value: '2026-02-30' },
    ],
    [
      'format (currency)',
      { ...SAMPLE_ATTRIBUTES, currency: 'XYZ' },
      { field: 'attributes.currency', attribute: 'currency', code: 'format', value: 'XYZ' },
    ],
    [
      'format (decimal)',
      { ...SAMPLE_ATTRIBUTES, targetRaise: { currency: 'USD', value: '1e6' } },
      { field: 'attributes.targetRaise.value', attribute: 'targetRaise.value', code: 'format', value: '1e6' },
    ],
    [
      'currency_mismatch',
      { ...SAMPLE_ATTRIBUTES, minimumTicket: { currency: 'EUR', value: '1000.00' } },
      {
        field: 'attributes.minimumTicket.currency',
        attribute: 'minimumTicket.currency',
        code: 'currency_mismatch',
        value: 'EUR',
      },
    ],
    [
      'server_supplied',
      { ...SAMPLE_ATTRIBUTES, tenantSlug: 'evil' },
      { field: 'attributes.tenantSlug', attribute: 'tenantSlug', code: 'server_supplied', value: 'evil' },
    ],
    [
      'institutional_not_supported',
      { ...SAMPLE_ATTRIBUTES, investorType: 'institutional' },
      { field: 'attributes.investorType', attribute: 'investorType', code: 'institutional_not_supported' },
    ],
  ];

  it.each(attributeCases)('reports %s with its path', async (_name, attributes, expected) => {
    const body = expectEnvelope(await create(spvRequestBody(attributes)), 400, 'validation_error');
    expect(body.validationErrors).toEqual([expect.objectContaining(expected)]);
    expect(typeof body.validationErrors![0].message).toBe('string');
  });

  it('reports several problems at once, snake_case template included', async () => {
    const sample = (await admin().call('GET', '/v1/contracts/samples/1.0.0/primary_deal')).body.attributes;
    const { deal_name: _omit, ...rest } = sample;
    const body = expectEnvelope(
      await create({
        templateId: 'primary_deal',
        templateVersion: '1.0.0',
        attributes: { ...rest, price_per_share: { currency: 'GBP', value: '36.97' }, tenant_slug: 'x' },
      }),
      400,
      'validation_error',
    );
    expect(body.validationErrors!.map((e) => `${e.field}:${e.code}`).sort()).toEqual(
      [
        'attributes.deal_name:required',
        'attributes.price_per_share.currency:currency_mismatch',
        'attributes.tenant_slug:server_supplied',
      ].sort(),
    );
  });

  it('validates the envelope fields against the spec before the template (templateId missing -> validation_error)', async () => {
    const body = expectEnvelope(await create({ templateVersion: '1.0.0', attributes: {} }), 400, 'validation_error');
    expect(body.validationErrors).toEqual([expect.objectContaining({ field: 'templateId', code: 'required' })]);
  });
});

describe('GET /v1/spv-requests (list)', () => {
  it('pages with page/perPage, filters by status and reports count/skip/limit', async () => {
    const fresh = makePartner();
    const local = await startTestSandbox([fresh]);
    try {
      const c = await authedClient(local, fresh);
      const slugs: string[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await c.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: `list-${i}` });
        slugs.push(r.body.spvRequestSlug);
      }
      await c.call('DELETE', `/v1/spv-requests/${slugs[0]}`);
      await c.call('DELETE', `/v1/spv-requests/${slugs[1]}`);
      const page1 = await c.call('GET', '/v1/spv-requests?perPage=3');
      expect(page1.body).toMatchObject({ count: 7, skip: 0, limit: 3 });
      expect(page1.body.documents.map((d: any) => d.spvRequestSlug)).toEqual([slugs[6], slugs[5], slugs[4]]);
      const page3 = await c.call('GET', '/v1/spv-requests?perPage=3&page=3');
      expect(page3.body).toMatchObject({ count: 7, skip: 6, limit: 3 });
      expect(page3.body.documents.map((d: any) => d.spvRequestSlug)).toEqual([slugs[0]]);
      const cancelled = await c.call('GET', '/v1/spv-requests?status=cancelled');
      expect(cancelled.body).toMatchObject({ count: 2, skip: 0, limit: 10 });
      expect(cancelled.body.documents.every((d: any) => d.status === 'cancelled')).toBe(true);
      const beyond = await c.call('GET', '/v1/spv-requests?page=9&perPage=100');
      expect(beyond.body).toMatchObject({ documents: [], count: 7, skip: 800, limit: 100 });
    } finally {
      expect(local.responseProblems).toEqual([]);
      await local.stop();
    }
  });
});

describe('GET / DELETE /v1/spv-requests/{slug} and review', () => {
  it('gets a request; 404 for an unknown slug', async () => {
    const created = await create(spvRequestBody());
    expect((await api.call('GET', `/v1/spv-requests/${created.body.spvRequestSlug}`)).body).toEqual(created.body);
    expectEnvelope(await api.call('GET', '/v1/spv-requests/svr_unknown'), 404, 'not_found');
    expectEnvelope(await api.call('DELETE', '/v1/spv-requests/svr_unknown'), 404, 'not_found');
  });

  it('cancels only from pending-review; a second cancel is 409 conflict', async () => {
    const created = await create(spvRequestBody());
    const slug = created.body.spvRequestSlug;
    const cancelled = await api.call('DELETE', `/v1/spv-requests/${slug}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
    expectEnvelope(await api.call('DELETE', `/v1/spv-requests/${slug}`), 409, 'conflict');
    const event = sandbox.admin
      .deliveries({ eventType: 'spv_request.cancelled' })
      .map((d) => JSON.parse(d.payload))
      .find((e) => e.data.spvRequestSlug === slug);
    expect(event.data).toMatchObject({ status: 'cancelled', cancelledAt: cancelled.body.cancelledAt });
    expectEnvelope(await admin().call('POST', `/sandbox/spv-requests/${slug}/approve`), 409, 'conflict');
  });

  it('approve materialises opportunity, vehicle, SP and SPC slugs and emits spv_request.completed; cancel is then 409', async () => {
    const slug = (await create(spvRequestBody())).body.spvRequestSlug;
    const approved = await admin().call('POST', `/sandbox/spv-requests/${slug}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.materialisedRefs).toEqual({
      opportunitySlug: expect.stringMatching(/^opp_/),
      vehicleSlug: expect.stringMatching(/^veh_/),
      spSlug: expect.stringMatching(/^sp_/),
      spcSlug: expect.stringMatching(/^spc_/),
    });
    const got = await api.call('GET', `/v1/spv-requests/${slug}`);
    expect(got.body).toMatchObject({
      status: 'approved',
      approvedAt: expect.any(String),
      materialisedRefs: approved.body.materialisedRefs,
    });
    expectEnvelope(await api.call('DELETE', `/v1/spv-requests/${slug}`), 409, 'conflict');
    const event = sandbox.admin
      .deliveries({ eventType: 'spv_request.completed' })
      .map((d) => JSON.parse(d.payload))
      .find((e) => e.data.spvRequestSlug === slug);
    expect(event.data).toMatchObject({
      status: 'approved',
      materialisedRefs: approved.body.materialisedRefs,
      approvedAt: got.body.approvedAt,
    });
  });

  it('reject needs a reason, stores it and emits spv_request.rejected (terminal)', async () => {
    const slug = (await create(spvRequestBody())).body.spvRequestSlug;
    expectEnvelope(
      await admin().call('POST', `/sandbox/spv-requests/${slug}/reject`, { json: {} }),
      400,
      'invalid_request',
    );
    const rejected = await admin().call('POST', `/sandbox/spv-requests/${slug}/reject`, {
      json: { reason: 'Company not eligible' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Company not eligible' });
    expect((await api.call('GET', `/v1/spv-requests/${slug}`)).body.rejectionReason).toBe('Company not eligible');
    expectEnvelope(await api.call('DELETE', `/v1/spv-requests/${slug}`), 409, 'conflict');
    const event = sandbox.admin
      .deliveries({ eventType: 'spv_request.rejected' })
      .map((d) => JSON.parse(d.payload))
      .find((e) => e.data.spvRequestSlug === slug);
    expect(event.data).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Company not eligible',
      rejectedAt: expect.any(String),
    });
    expectEnvelope(await admin().call('POST', '/sandbox/spv-requests/svr_nope/approve'), 404, 'not_found');
  });
});

describe('response check (validateResponses)', () => {
  it('turns a response that breaks the spec into a loud 500 internal_error', async () => {
    const spec = loadSpec();
    spec.components.schemas.SpvRequestResponse.required.push('somethingTheSandboxNeverSends');
    const p = makePartner();
    const strict = await startTestSandbox([p], { spec });
    try {
      const c = await authedClient(strict, p);
      const result = await c.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'x' });
      expect(expectEnvelope(result, 500, 'internal_error').detail).toMatch(/somethingTheSandboxNeverSends/);
      expect(strict.responseProblems.length).toBe(1);
    } finally {
      await strict.stop();
    }
  });
});
