import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { asOpenApiDocument, createSpecAjv, listOperations, matchResponse } from '@zestequity/spec-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import {
  approvedSpv,
  authedClient,
  type Client,
  createInvestor,
  createSubscription,
  fileForm,
  PDF,
  type Receiver,
  spvRequestBody,
  startPartnerReceiver,
  startTestSandbox,
  type TestPartner,
} from './helpers.js';

/**
 * The sandbox checked against its own admin API document, the way it is checked against the partner spec: every
 * answer of every `/sandbox/...` route is validated against the bundled `dist/openapi.admin.json` (what the package
 * ships and the workflows load), every documented operation is exercised, and every route the sandbox serves is
 * documented.
 */
type AnyJson = any;
const doc = asOpenApiDocument(
  JSON.parse(readFileSync(fileURLToPath(new URL('../dist/openapi.admin.json', import.meta.url)), 'utf8')),
  'dist/openapi.admin.json',
);
// The same reader and validator set-up as the partner spec gets: spec-model's operations and one ajv for the document.
const model = createSpecAjv(doc);
const operations = listOperations(doc).map((op) => ({
  ...op,
  template: op.path,
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** Validates one answer against the document; returns the problems (empty when it conforms). */
function check(
  method: string,
  path: string,
  status: number,
  contentType: string,
  body: unknown,
): { operationId?: string; problems: string[] } {
  const op = operations.find((o) => o.method === method && o.pattern.test(path));
  if (!op) return { problems: [`${method} ${path} is not in the admin API document`] };
  const key = matchResponse(op, status);
  if (!key)
    return {
      operationId: op.operationId,
      problems: [`${op.operationId} answered ${status}, which it does not declare`],
    };
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  const declared = op.responses[key]!.content[media];
  if (!declared)
    return { operationId: op.operationId, problems: [`${op.operationId} ${status} answered ${media}, not declared`] };
  if (media !== 'application/json' || !declared.schemaPointer) return { operationId: op.operationId, problems: [] };
  const validate = model.schemaAt(declared.schemaPointer);
  return {
    operationId: op.operationId,
    problems: validate(body) ? [] : [`${op.operationId} ${status}: ${model.ajv.errorsText(validate.errors)}`],
  };
}

let sandbox: Sandbox;
let receiver: Receiver;
let api: Client;
const exercised = new Map<string, Set<number>>();
const problems: string[] = [];

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: AnyJson }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const raw = Buffer.from(await response.arrayBuffer());
  const parsed = contentType.startsWith('application/json') ? JSON.parse(raw.toString('utf8')) : raw;
  const result = check(method, path.split('?')[0]!, response.status, contentType, parsed);
  problems.push(...result.problems);
  if (result.operationId) {
    if (!exercised.has(result.operationId)) exercised.set(result.operationId, new Set());
    exercised.get(result.operationId)!.add(response.status);
  }
  return { status: response.status, body: parsed };
}

/** One request through node:http, which (unlike fetch) sends the Host header it is given. */
function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; contentType: string; body: AnyJson }> {
  return new Promise((resolve, reject) => {
    const req = request(`${sandbox.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? '',
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        }),
      );
    });
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : '{}');
  });
}

beforeAll(async () => {
  let partner: TestPartner;
  ({ partner, receiver } = await startPartnerReceiver());
  sandbox = await startTestSandbox([partner], { timeScale: 100_000 });
  api = await authedClient(sandbox, partner);
});
afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

describe('the sandbox admin API against openapi.admin.yaml', () => {
  it('answers every documented operation as documented, successes and errors alike', async () => {
    const { spvSlug, shareClassSlug, spvRequestSlug } = await approvedSpv(sandbox, api);
    expect((await admin('GET', '/sandbox/spv-requests?status=approved')).status).toBe(200);
    expect((await admin('POST', `/sandbox/spv-requests/${spvRequestSlug}/approve`)).status).toBe(409);
    expect((await admin('POST', '/sandbox/spv-requests/svr_missing/approve')).status).toBe(404);
    const pending = await api.call('POST', '/v1/spv-requests', {
      json: spvRequestBody(),
      idempotencyKey: 'admin-doc-1',
    });
    expect((await admin('POST', `/sandbox/spv-requests/${pending.body.spvRequestSlug}/reject`, {})).status).toBe(400);
    expect(
      (await admin('POST', `/sandbox/spv-requests/${pending.body.spvRequestSlug}/reject`, { reason: 'Not eligible.' }))
        .status,
    ).toBe(200);
    const approvable = await api.call('POST', '/v1/spv-requests', {
      json: spvRequestBody(),
      idempotencyKey: 'admin-doc-2',
    });
    expect((await admin('POST', `/sandbox/spv-requests/${approvable.body.spvRequestSlug}/approve`)).status).toBe(200);

    const personId = await createInvestor(api);
    const sub = await createSubscription(api, spvSlug, personId, shareClassSlug);
    expect((await admin('POST', `/sandbox/subscriptions/${sub.subscriptionSlug}/complete`)).status).toBe(409);
    await api.call('POST', `/v1/spvs/${spvSlug}/subscription/${personId}/forms`, {
      form: fileForm(PDF, 'application/pdf'),
    });
    const funding = await api.call('POST', `/v1/spvs/${spvSlug}/subscription/${personId}/fundings`, {
      form: fileForm(PDF, 'application/pdf', { amount: '50000.00', currency: 'USD', wireReference: 'W-1' }),
    });
    expect((await admin('GET', `/sandbox/subscriptions?spvSlug=${spvSlug}`)).status).toBe(200);
    expect((await admin('POST', `/sandbox/subscriptions/${sub.subscriptionSlug}/complete`)).status).toBe(200);
    expect((await admin('POST', '/sandbox/subscriptions/sub_missing/complete')).status).toBe(404);

    const url = new URL(funding.body.fundingReceiptUrl as string);
    expect((await admin('GET', `${url.pathname}${url.search}`)).status).toBe(200);
    expect((await admin('GET', `${url.pathname}?expires=1&sig=nope`)).status).toBe(403);

    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    const list = await admin('GET', '/sandbox/webhook-deliveries?status=delivered');
    expect(list.status).toBe(200);
    const deliveryId = list.body.deliveries[0].deliveryId as string;
    expect((await admin('GET', `/sandbox/webhook-deliveries/${deliveryId}`)).status).toBe(200);
    expect((await admin('GET', '/sandbox/webhook-deliveries/dlv_missing')).status).toBe(404);
    expect((await admin('POST', `/sandbox/webhook-deliveries/${deliveryId}/redeliver`)).status).toBe(202);
    expect((await admin('POST', '/sandbox/webhook-deliveries/dlv_missing/redeliver')).status).toBe(404);

    expect((await admin('POST', '/sandbox/triggers', { eventType: 'investor.created' })).status).toBe(201);
    expect((await admin('POST', '/sandbox/triggers', { eventType: 'nope' })).status).toBe(400);

    expect((await admin('PUT', '/sandbox/faults', { serviceUnavailable: { probability: 0 }, seed: 7 })).status).toBe(
      200,
    );
    expect((await admin('PUT', '/sandbox/faults', { serviceUnavailable: { probability: 2 } })).status).toBe(400);
    expect((await admin('GET', '/sandbox/faults')).status).toBe(200);
    expect((await admin('POST', '/sandbox/clock', { advanceSeconds: 60 })).status).toBe(200);
    expect((await admin('POST', '/sandbox/clock', { advanceSeconds: -1 })).status).toBe(400);
    expect((await admin('GET', '/sandbox/clock')).status).toBe(200);
    await sandbox.admin.webhooksIdle();

    expect(problems).toEqual([]);
    const missing = operations
      .map((o) => o.operationId)
      .filter((id) => ![...(exercised.get(id) ?? [])].some((s) => s < 300));
    expect(missing).toEqual([]);
  });

  it('documents every route the sandbox serves under /sandbox/', () => {
    // The route table of admin.ts, read from its source: a route added there without a line here fails.
    const source = readFileSync(fileURLToPath(new URL('../src/admin.ts', import.meta.url)), 'utf8');
    const served = [...source.matchAll(/r\.add\('([A-Z]+)', '([^']+)'/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    const documented = operations.map((o) => `${o.method} ${o.template.replace(/\{[^}]+\}/g, (p) => p)}`).sort();
    expect(served.length).toBeGreaterThan(10);
    expect(served).toEqual(documented);
  });

  it('answers a write sent as text/plain with a documented 415 (the document did not declare it)', async () => {
    const writes = operations.filter((o) => o.method !== 'GET');
    expect(writes.length).toBeGreaterThan(5);
    for (const op of writes) {
      const path = op.template.replace(/\{[^}]+\}/g, 'x_unknown');
      const response = await fetch(`${sandbox.url}${path}`, {
        method: op.method,
        headers: { 'content-type': 'text/plain' },
        body: '{}',
      });
      const body = await response.json();
      expect(response.status, `${op.operationId}`).toBe(415);
      expect(body.code).toBe('unsupported_media_type');
      expect(check(op.method, path, 415, response.headers.get('content-type') ?? '', body).problems).toEqual([]);
    }
  });

  it('answers every operation refused as cross-site, cross-origin, self-delivered or misaddressed with a documented 403', async () => {
    expect(operations.length).toBeGreaterThan(10);
    const refusals: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'zest-signature': 't=1,v1=00' },
      { host: 'rebound.example' },
    ];
    for (const op of operations) {
      const path = op.template.replace(/\{[^}]+\}/g, 'x_unknown');
      for (const headers of refusals) {
        const { status, contentType, body } = await rawRequest(op.method, path, {
          ...headers,
          ...(op.method === 'GET' ? {} : { 'content-type': 'application/json' }),
        });
        const what = `${op.operationId} with ${JSON.stringify(headers)}`;
        expect(status, what).toBe(403);
        expect(body.code, what).toBe('forbidden');
        expect(check(op.method, path, status, contentType, body).problems, what).toEqual([]);
      }
    }
  });

  it('the check catches an answer that breaks the document', () => {
    expect(
      check('GET', '/sandbox/clock', 200, 'application/json', { now: 'yesterday', offsetSeconds: 0 }).problems,
    ).toHaveLength(1);
    expect(check('GET', '/sandbox/clock', 418, 'application/json', {}).problems[0]).toContain('does not declare');
    expect(check('GET', '/sandbox/nowhere', 200, 'application/json', {}).problems[0]).toContain(
      'not in the admin API document',
    );
  });
});
