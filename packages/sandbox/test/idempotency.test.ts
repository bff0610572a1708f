import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import {
  approvedSpv,
  authedClient,
  type Client,
  createInvestor,
  expectEnvelope,
  makePartner,
  SAMPLE_ATTRIBUTES,
  spvRequestBody,
  type TestPartner,
  useSandbox,
} from './helpers.js';

let sandbox: Sandbox;
let partner: TestPartner;
let other: TestPartner;
let api: Client;

useSandbox(
  (started) => {
    ({ sandbox, partner, api } = started);
    [other] = started.others as [TestPartner];
  },
  { partners: () => [makePartner(), makePartner()] },
);

const count = async (c: Client = api) => (await c.call('GET', '/v1/spv-requests?perPage=100')).body.count as number;
const events = (type: string) => sandbox.admin.deliveries({ eventType: type }).length;

describe('Idempotency-Key', () => {
  it('replays the first status and body byte for byte, with no new side effect', async () => {
    const key = randomUUID();
    const before = await count();
    const eventsBefore = events('spv_request.created');
    const first = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key });
    const second = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await count()).toBe(before + 1);
    expect(events('spv_request.created')).toBe(eventsBefore + 1);
  });

  it('hashes the canonical body: the same JSON with keys in another order is a replay', async () => {
    const key = randomUUID();
    const first = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key });
    const reordered = {
      attributes: {
        currency: 'USD',
        shareClasses: [{ carryPercent: '20.0', name: 'Class A', managementFeePercent: '2.0' }],
        underlyingCompanySlug: 'co_acme',
      },
      templateVersion: '1.0.0',
      templateId: 'syndicate_secondary',
    };
    const second = await api.call('POST', '/v1/spv-requests', { json: reordered, idempotencyKey: key });
    expect(second.text).toBe(first.text);
  });

  it('refuses the same key with a different body (409 conflict) and leaves the original untouched', async () => {
    const key = randomUUID();
    const first = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key });
    const before = await count();
    const changed = await api.call('POST', '/v1/spv-requests', {
      json: spvRequestBody({ ...SAMPLE_ATTRIBUTES, underlyingCompanySlug: 'co_other' }),
      idempotencyKey: key,
    });
    expectEnvelope(changed, 409, 'conflict');
    expect(await count()).toBe(before);
    expect((await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key })).text).toBe(
      first.text,
    );
  });

  it('never executes two concurrent requests with one key: the second waits and replays', async () => {
    const key = randomUUID();
    const before = await count();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key }),
      ),
    );
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(await count()).toBe(before + 1);
  });

  it('answers 409 at once to a concurrent request with the same key and a different body; exactly one executes', async () => {
    const key = randomUUID();
    const before = await count();
    const [a, b] = await Promise.all([
      api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key }),
      api.call('POST', '/v1/spv-requests', {
        json: spvRequestBody({ ...SAMPLE_ATTRIBUTES, currency: 'EUR' }),
        idempotencyKey: key,
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await count()).toBe(before + 1);
  });

  it('scopes keys by client: another partner reusing a key gets its own execution', async () => {
    const key = randomUUID();
    const otherApi = await authedClient(sandbox, other);
    const mine = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key });
    const theirs = await otherApi.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key });
    expect(theirs.status).toBe(201);
    expect(theirs.body.spvRequestSlug).not.toBe(mine.body.spvRequestSlug);
    expect(theirs.body.clientId).toBe(other.config.clientId);
  });

  it('does not cache failures: a request that failed validation can be retried with the same key once fixed', async () => {
    const key = randomUUID();
    expectEnvelope(
      await api.call('POST', '/v1/spv-requests', { json: spvRequestBody({ currency: 'USD' }), idempotencyKey: key }),
      400,
      'validation_error',
    );
    // Same key, same (bad) body: still evaluated, still 400.
    expectEnvelope(
      await api.call('POST', '/v1/spv-requests', { json: spvRequestBody({ currency: 'USD' }), idempotencyKey: key }),
      400,
      'validation_error',
    );
  });

  it('keeps a key 24 hours: after that the same key executes again', async () => {
    const key = randomUUID();
    const first = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key });
    sandbox.admin.advanceClock(24 * 3600 - 5);
    api = await authedClient(sandbox, partner); // tokens last an hour; the key outlives them
    const replay = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key });
    expect(replay.text).toBe(first.text);
    sandbox.admin.advanceClock(10);
    const fresh = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: key });
    expect(fresh.status).toBe(201);
    expect(fresh.body.spvRequestSlug).not.toBe(first.body.spvRequestSlug);
  });

  it('applies to POST /v1/investors (optional key): replays byte for byte without new events', async () => {
    const key = randomUUID();
    const body = {
      investors: [
        {
          partnerInvestorId: `idem-${key}`,
          email: 'a@example.com',
          firstName: 'A',
          lastName: 'B',
          dateOfBirth: '1990-01-01',
        },
      ],
    };
    const before = events('investor.created');
    const first = await api.call('POST', '/v1/investors', { json: body, idempotencyKey: key });
    const second = await api.call('POST', '/v1/investors', { json: body, idempotencyKey: key });
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(events('investor.created')).toBe(before + 1);
    expectEnvelope(
      await api.call('POST', '/v1/investors', { json: { investors: [] }, idempotencyKey: key }),
      409,
      'conflict',
    );
  });

  it('applies to POST /v1/spvs/{spvSlug}/subscriptions (optional key): one set of subscriptions per key', async () => {
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const personId = await createInvestor(api);
    const key = randomUUID();
    const body = {
      subscriptions: [{ zestPersonId: personId, lumpSum: { currency: 'USD', value: '1000.00' }, shareClassSlug }],
    };
    const first = await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, { json: body, idempotencyKey: key });
    const second = await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, { json: body, idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(second.text).toBe(first.text);
    const created = sandbox.admin
      .deliveries({ eventType: 'subscription.created' })
      .filter((d) => JSON.parse(d.payload).data.spvSlug === spvSlug);
    expect(created.length).toBe(1);
    // Without a key the same body creates a second subscription: the key is what makes retries safe.
    await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, { json: body });
    expect(
      sandbox.admin
        .deliveries({ eventType: 'subscription.created' })
        .filter((d) => JSON.parse(d.payload).data.spvSlug === spvSlug).length,
    ).toBe(2);
  });
});
