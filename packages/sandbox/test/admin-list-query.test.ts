import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { DELIVERY_STATUSES } from '../src/webhooks/outbox.js';
import { type Client, client, createInvestor, expectEnvelope, spvRequestBody, useSandbox } from './helpers.js';

/**
 * The admin list routes read their query as `openapi.admin.yaml` declares it: a `status` outside the documented enum,
 * or a parameter the route reads given twice, is a 400 in the partner envelope (it used to be a 200 with an empty list,
 * or a silent use of the first value). Parameters a route does not read stay ignored.
 */
let sandbox: Sandbox;
let api: Client;
useSandbox((started) => ({ sandbox, api } = started));

const doc = JSON.parse(readFileSync(fileURLToPath(new URL('../dist/openapi.admin.json', import.meta.url)), 'utf8'));

/** The enum the admin document declares for a query parameter of a GET route (through its `$ref`, if any). */
function documentedEnum(path: string, name: string): string[] {
  const parameter = doc.paths[path].get.parameters.find((p: { name: string }) => p.name === name);
  const schema = parameter.schema.$ref
    ? doc.components.schemas[parameter.schema.$ref.split('/').pop()]
    : parameter.schema;
  return schema.enum;
}

const get = (path: string) => client(sandbox).call('GET', path);

/** Asserts a 400 `invalid_request` whose detail contains every one of `parts`. */
async function expectRefused(path: string, parts: string[]): Promise<void> {
  const { detail } = expectEnvelope(await get(path), 400, 'invalid_request');
  for (const part of parts) expect(detail).toContain(part);
}

describe('GET /sandbox/webhook-deliveries query', () => {
  const allowed = documentedEnum('/sandbox/webhook-deliveries', 'status');

  it('refuses a status outside the documented enum, naming the parameter and the allowed values', async () => {
    expect(allowed).toEqual([...DELIVERY_STATUSES]);
    for (const value of ['bogus', 'DELIVERED', ''])
      await expectRefused(`/sandbox/webhook-deliveries?status=${value}`, ['status', allowed.join(', ')]);
    for (const value of allowed) expect((await get(`/sandbox/webhook-deliveries?status=${value}`)).status).toBe(200);
  });

  it('refuses a parameter it reads given twice, and still ignores ones it does not read', async () => {
    await expectRefused('/sandbox/webhook-deliveries?status=delivered&status=dead', ['status', 'at most once']);
    for (const name of ['eventType', 'clientId', 'eventId'])
      await expectRefused(`/sandbox/webhook-deliveries?${name}=a&${name}=b`, [name, 'at most once']);
    expect((await get('/sandbox/webhook-deliveries?unknown=a&unknown=b')).status).toBe(200);
  });

  it('answers only the newest n matching deliveries with newest=n, oldest first, and how many match', async () => {
    for (let i = 0; i < 3; i++) await createInvestor(api, `newest-${i}`);
    const all = await get('/sandbox/webhook-deliveries?eventType=investor.created');
    const ids = all.body.deliveries.map((d: { id: string }) => d.id);
    expect(all.body.total).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const two = await get('/sandbox/webhook-deliveries?eventType=investor.created&newest=2');
    expect(two.body).toMatchObject({ total: ids.length });
    expect(two.body.deliveries.map((d: { id: string }) => d.id)).toEqual(ids.slice(-2));
    const more = await get(`/sandbox/webhook-deliveries?eventType=investor.created&newest=${ids.length + 5}`);
    expect(more.body.deliveries.map((d: { id: string }) => d.id)).toEqual(ids);
    for (const value of ['0', '-1', '1.5', 'abc', '1e3', '01', '', '99999999999999999999'])
      await expectRefused(`/sandbox/webhook-deliveries?newest=${value}`, ['newest', 'positive integer']);
  });
});

describe('GET /sandbox/spv-requests query', () => {
  const allowed = documentedEnum('/sandbox/spv-requests', 'status');

  it('refuses a status outside the documented enum and filters by a documented one', async () => {
    expect(allowed).toContain('pending-review');
    for (const value of ['bogus', 'PENDING-REVIEW', 'pending_review'])
      await expectRefused(`/sandbox/spv-requests?status=${value}`, ['status', allowed.join(', ')]);
    const created = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'list-q-1' });
    expect(created.status).toBe(201);
    const slugs = async (status: string) =>
      (await get(`/sandbox/spv-requests?status=${status}`)).body.documents.map(
        (d: { spvRequestSlug: string }) => d.spvRequestSlug,
      );
    expect(await slugs('pending-review')).toContain(created.body.spvRequestSlug);
    expect(await slugs('approved')).not.toContain(created.body.spvRequestSlug);
  });

  it('refuses a parameter it reads given twice, and still ignores ones it does not read', async () => {
    await expectRefused('/sandbox/spv-requests?status=approved&status=rejected', ['status', 'at most once']);
    await expectRefused('/sandbox/spv-requests?clientId=a&clientId=b', ['clientId', 'at most once']);
    expect((await get('/sandbox/spv-requests?unknown=a&unknown=b')).status).toBe(200);
  });
});

describe('GET /sandbox/subscriptions query', () => {
  it('refuses a parameter it reads given twice, and still ignores ones it does not read', async () => {
    for (const name of ['spvSlug', 'personId'])
      await expectRefused(`/sandbox/subscriptions?${name}=a&${name}=b`, [name, 'at most once']);
    expect((await get('/sandbox/subscriptions?unknown=a&unknown=b')).status).toBe(200);
  });
});
