// Bad input, generated from the spec: for every operation, requests that differ from a valid one by exactly one
// defect the spec lets us derive (missing/garbage auth, bad path parameters, out-of-range or mistyped query values,
// missing or oversized headers, dropped required fields, wrong types, wrong enums, broken patterns, oversize and
// huge strings, malformed JSON, wrong content types, bad files). Against the sandbox (spec checks on responses on)
// every answer must be < 500, every error must be the partner envelope (or HTTPValidationError for a declared 422)
// with a UUID errorId, and a refused request must leave the sandbox's whole state untouched.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { createAssertion, createTokenProvider } from '@zestequity/partner-auth';
import { createZestClient } from '@zestequity/partner-api-client';
import { startSandbox, type Sandbox } from '@zestequity/partner-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineRequest, exampleOf, type Fixtures } from '../src/baseline.js';
import { mutationsFor, REUSED_KEY_MARKER } from '../src/mutations.js';
import { makePartner } from '../src/partner.js';
import { declares, errorValidators, listOperations, loadSpec, type SpecOperation } from '../src/spec.js';
import { changedCollections, rows, snapshotState } from '../src/state.js';
import { describeRequest, send, type WireRequest } from '../src/wire.js';

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 40);
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20260507);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const doc = loadSpec();
const operations = listOperations(doc);
const validators = errorValidators(doc);
const partner = makePartner('client_bad_input');

let sandbox: Sandbox;
let fixtures: Fixtures;
/** Per operation: a key already used successfully, and a body that differs from the one it was used with. */
const reused = new Map<string, { key: string; variant: (body: Record<string, unknown>) => Record<string, unknown> }>();
const tally = new Map<string, { runs: number; statuses: Map<number, number>; kinds: Map<string, number>; accepted: Map<string, number> }>();

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, validateResponses: true, partners: [partner.config()] });
  const zest = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials(), throwOnError: true });
  const tokens = createTokenProvider({ baseUrl: sandbox.url, ...partner.credentials() });
  const token = await tokens.getToken();

  // Live state the operations need: one pending request, one approved SPV with a share class, two investors,
  // a subscription for the first with its form on record (so a funding upload is valid), none for the second.
  const attributes = { underlyingCompanySlug: 'co_acme', currency: 'USD', shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '20.0' }] };
  const pending = (await zest.spvRequests.create({ templateId: 'syndicate_secondary', templateVersion: '1.0.0', attributes })).data;
  const approvedRequest = (await zest.spvRequests.create({ templateId: 'syndicate_secondary', templateVersion: '1.0.0', attributes })).data;
  await fetch(`${sandbox.url}/sandbox/spv-requests/${approvedRequest.spvRequestSlug}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  const approved = (await zest.spvRequests.get(approvedRequest.spvRequestSlug)).data;
  const spvSlug = approved.materialisedRefs!.vehicleSlug;
  const shareClassSlug = approved.feesAndCarry!.shareClasses![0]!.slug;
  const people = (
    await zest.investors.bulkCreate(
      ['bad-a', 'bad-b'].map((id) => ({ partnerInvestorId: id, email: `${id}@example.com`, firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1985-04-12' })),
    )
  ).results.map((r) => r.zestPersonId!);
  const [withSubscription, withoutSubscription] = people as [string, string];
  await zest.subscriptions.create(spvSlug, { subscriptions: [{ zestPersonId: withSubscription, lumpSum: { currency: 'USD', value: '50000.00' }, shareClassSlug }] });
  await zest.subscriptions.uploadForm({ spvSlug, personId: withSubscription, file: { data: new TextEncoder().encode('%PDF-1.7\n%%EOF\n') } });

  const names: Record<string, string> = {
    slug: pending.spvRequestSlug,
    spvSlug,
    personId: withSubscription,
    version: '1.0.0',
    templateName: 'syndicate_secondary',
    catalogName: 'deal_attributes',
    primitiveName: 'decimal',
    sampleName: 'syndicate_secondary_full',
  };
  fixtures = {
    token,
    params: (op) => Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, names[p.name]!])),
    async patchBody(op, value) {
      if (op.operationId === 'exchangeJwtAssertion') {
        return { ...value, assertion: await createAssertion({ ...partner.credentials(), audience: sandbox.url }) };
      }
      if (op.operationId === 'createSubscriptions') {
        const list = value.subscriptions as Record<string, unknown>[];
        return { ...value, subscriptions: list.map((s) => ({ ...s, zestPersonId: withoutSubscription, shareClassSlug })) };
      }
      return value;
    },
  };

  // A key per idempotent operation, used once successfully, for the "same key, different body" mutation.
  const variants: Record<string, (body: Record<string, unknown>) => Record<string, unknown>> = {
    createSpvRequest: (b) => ({ ...b, attributes: { ...(b.attributes as object), dealName: `variant ${randomUUID()}` } }),
    bulkCreateInvestors: (b) => ({ ...b, investors: [...(b.investors as unknown[]), { partnerInvestorId: `variant-${randomUUID()}`, email: 'v@example.com', firstName: 'V', lastName: 'V', dateOfBirth: '1990-01-01' }] }),
    createSubscriptions: (b) => ({ ...b, subscriptions: (b.subscriptions as Record<string, unknown>[]).map((s) => ({ ...s, partnerSubscriptionId: `variant-${randomUUID()}` })) }),
  };
  for (const op of operations.filter((o) => o.idempotency !== 'none')) {
    const variant = variants[op.operationId];
    if (!variant) throw new Error(`no body variant for idempotent operation ${op.operationId}`);
    const request = await baselineRequest(op, fixtures);
    const answer = await send(sandbox.url, request);
    if (answer.status >= 300) throw new Error(`setup: ${op.operationId} baseline failed: ${answer.status} ${answer.text}`);
    reused.set(op.operationId, { key: request.headers['idempotency-key']!, variant });
  }
}, 60_000);

afterAll(async () => {
  const lines = [...tally].map(([id, t]) => {
    const statuses = [...t.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    const accepted = [...t.accepted].map(([k, n]) => `${k}×${n}`).join(', ');
    return `  ${id.padEnd(26)} ${String(t.runs).padStart(3)} runs  ${statuses}${accepted ? `   accepted: ${accepted}` : ''}`;
  });
  const total = [...tally.values()].reduce((n, t) => n + t.runs, 0);
  const kinds = new Map<string, number>();
  for (const t of tally.values()) for (const [k, n] of t.kinds) kinds.set(k, (kinds.get(k) ?? 0) + n);
  console.log(
    [`[bad-input] ${total} generated requests over ${tally.size} operations (seed ${SEED}, ${RUNS} runs each)`, ...lines,
      `  mutation kinds: ${[...kinds].sort().map(([k, n]) => `${k}×${n}`).join(', ')}`].join('\n'),
  );
  await sandbox?.stop();
});

function checkError(op: SpecOperation, status: number, json: unknown, context: string): void {
  if (status === 422 && declares(op, 422) && validators.httpValidation(json)) return;
  if (!validators.envelope(json)) throw new Error(`${context}\n  ${status} body is not the partner envelope: ${JSON.stringify(validators.envelope.errors)}`);
  const errorId = (json as { errorId?: unknown }).errorId;
  if (typeof errorId !== 'string' || !UUID.test(errorId)) throw new Error(`${context}\n  errorId is not a UUID: ${JSON.stringify(errorId)}`);
}

describe('bad input generated from the spec', () => {
  it('covers every operation of the spec, and each baseline request is valid', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const op of operations) {
      // Cancelling uses a request of its own here, so the property runs keep a pending one to aim at.
      const own = op.operationId === 'cancelSpvRequest';
      const base = await baselineRequest(op, fixtures);
      if (own) {
        const res = await fetch(`${sandbox.url}/v1/spv-requests`, {
          method: 'POST',
          headers: { authorization: `Bearer ${fixtures.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify({ templateId: 'syndicate_secondary', templateVersion: '1.0.0', attributes: { underlyingCompanySlug: 'co_acme', currency: 'USD', shareClasses: [{ name: 'A', managementFeePercent: '1.0', carryPercent: '10.0' }] } }),
        });
        base.pathParams = { slug: ((await res.json()) as { spvRequestSlug: string }).spvRequestSlug };
      }
      const answer = await send(sandbox.url, base);
      expect(answer.status, `${op.operationId} baseline: ${describeRequest(base)} -> ${answer.text.slice(0, 300)}`).toBeLessThan(300);
    }
  });

  for (const op of operations) {
    it(`${op.method} ${op.path} (${op.operationId}): never 5xx, always the envelope, refusals change nothing`, async () => {
      const example = exampleOf(op);
      const entry = { runs: 0, statuses: new Map<number, number>(), kinds: new Map<string, number>(), accepted: new Map<string, number>() };
      tally.set(op.operationId, entry);
      await fc.assert(
        fc.asyncProperty(mutationsFor(op, example, operations.filter((o) => o.path === op.path).map((o) => o.method)), async (mutation) => {
          let request: WireRequest = mutation.apply(await baselineRequest(op, fixtures));
          if (request.headers['idempotency-key'] === REUSED_KEY_MARKER) {
            const used = reused.get(op.operationId)!;
            const body = request.body!;
            if (body.kind !== 'json') throw new Error('idempotency conflicts are generated for JSON bodies only');
            request = { ...request, headers: { ...request.headers, 'idempotency-key': used.key }, body: { kind: 'json', value: used.variant(body.value as Record<string, unknown>) } };
          }
          const context = `${op.operationId} [${mutation.kind}: ${mutation.detail}] ${describeRequest(request)}`;
          const before = snapshotState(sandbox);
          const peopleBefore = rows(sandbox, 'people').length;
          const answer = await send(sandbox.url, request);
          entry.runs += 1;
          entry.statuses.set(answer.status, (entry.statuses.get(answer.status) ?? 0) + 1);
          entry.kinds.set(mutation.kind, (entry.kinds.get(mutation.kind) ?? 0) + 1);
          if (answer.status >= 500) throw new Error(`${context}\n  -> ${answer.status} ${answer.text.slice(0, 500)}`);
          if (answer.status >= 400) {
            if (!answer.contentType.startsWith('application/json')) throw new Error(`${context}\n  error is ${answer.contentType || 'untyped'}, not JSON`);
            checkError(op, answer.status, answer.json, context);
            const changed = changedCollections(before, snapshotState(sandbox));
            if (changed.length > 0) throw new Error(`${context}\n  refused with ${answer.status} but changed: ${changed.join(', ')}`);
            return;
          }
          entry.accepted.set(mutation.kind, (entry.accepted.get(mutation.kind) ?? 0) + 1);
          if (op.operationId === 'bulkCreateInvestors') {
            // Investors are judged row by row (always 200): a refused row must not create a person either.
            const results = (answer.json as { results: { status: string }[] }).results;
            const created = results.filter((r) => r.status === 'created').length;
            if (rows(sandbox, 'people').length - peopleBefore !== created) throw new Error(`${context}\n  ${created} rows created but the person count moved by ${rows(sandbox, 'people').length - peopleBefore}`);
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  }
});
