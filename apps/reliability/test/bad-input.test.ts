// Bad input, generated from the spec: for every operation, requests that differ from a valid one by exactly one
// defect the spec lets us derive (missing/garbage auth, bad path parameters, out-of-range or mistyped query values,
// missing or oversized headers, dropped required fields, wrong types, wrong enums, broken patterns, oversize and
// huge strings, malformed JSON, wrong content types, bad files). Against the sandbox (spec checks on responses on)
// every answer must be < 500, every error must be the partner envelope (or HTTPValidationError for a declared 422)
// with a UUID errorId, and a refused request must leave the sandbox's whole state untouched.
//
// Then hostile input, enumerated class by class for every operation (src/hostile.ts): every Object.prototype name as
// a key at every object of the body, as field, query and path names and as the Content-Type (answered exactly like
// an unknown name), nesting beyond MAX_JSON_DEPTH, duplicate keys, invalid UTF-8, huge arrays and strings,
// undeclared and missing content types and foreign Host headers on every operation, and cross-site requests to every
// admin route. The figures (requests, 5xx, non-envelope errors, state changes after a refusal) are printed at the end.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createZestClient } from '@zestequity/partner-api-client';
import { createTokenProvider } from '@zestequity/partner-auth';
import { MAX_JSON_DEPTH, type Sandbox, startSandbox } from '@zestequity/partner-sandbox';
import { createSpecAjv, listOperations, loadSpec, matchResponse, type Operation } from '@zestequity/spec-model';
import { makeTestPartner, specExample } from '@zestequity/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineRequest, exampleOf, type Fixtures } from '../src/baseline.js';
import { CONTROL_NAME, FOREIGN_HOSTS, hostileCasesFor, INHERITED_NAMES } from '../src/hostile.js';
import { mutationsFor, REUSED_KEY_MARKER } from '../src/mutations.js';
import { changedCollections, rows, type StateSnapshot, snapshotState } from '../src/state.js';
import { describeRequest, send, type WireAnswer, type WireRequest } from '../src/wire.js';

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 150);
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20260507);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The dereferenced bundle (every $ref inlined), so the generators walk schemas without resolving anything.
const doc = loadSpec(createRequire(import.meta.url).resolve('@zestequity/partner-api-spec/openapi.dereferenced.json'));
const operations = listOperations(doc);
// The two error shapes, validated with the spec's own schemas (nothing restated here): the partner envelope, and
// FastAPI's HTTPValidationError where an operation declares a 422.
const ajv = createSpecAjv(doc);
const validators = {
  envelope: ajv.schemaAt('#/components/schemas/PartnerErrorResponse'),
  httpValidation: ajv.schemaAt('#/components/schemas/HTTPValidationError'),
};
const partner = makeTestPartner({ clientId: 'client_bad_input' });

let sandbox: Sandbox;
let fixtures: Fixtures;
/** Per operation: a key already used successfully, and a body that differs from the one it was used with. */
const reused = new Map<string, { key: string; variant: (body: Record<string, unknown>) => Record<string, unknown> }>();
const tally = new Map<
  string,
  { runs: number; statuses: Map<number, number>; kinds: Map<string, number>; accepted: Map<string, number> }
>();
/** Every request this file sends to the sandbox after setup, and what the rules found. */
const figures = {
  requests: 0,
  fiveXX: 0,
  nonEnvelope: 0,
  stateChanges: 0,
  notRefused: 0,
  unlikeUnknownName: 0,
  accepted: 0,
};
const hostileKinds = new Map<string, number>();
/** Hostile cases that broke a rule, by class (all 0 when the sandbox holds). */
const hostileFindings = new Map<string, number>();
const found = (kind: string) => hostileFindings.set(kind, (hostileFindings.get(kind) ?? 0) + 1);
/** A fresh pending-review SPV request (the spec's own create example), for tests that need one of their own. */
async function createPendingSpvRequest(): Promise<string> {
  const res = await fetch(`${sandbox.url}/v1/spv-requests`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${fixtures.token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(specExample('SpvRequestCreateSyndicateSecondary')),
  });
  expect(res.status, 'creating a pending SPV request').toBe(201);
  return ((await res.json()) as { spvRequestSlug: string }).spvRequestSlug;
}

let pendingSlug = '';
let subscriptionSlug = '';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, validateResponses: true, partners: [partner.config] });
  const zest = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials, throwOnError: true });
  const tokens = createTokenProvider({ baseUrl: sandbox.url, ...partner.credentials });
  const token = await tokens.getToken();

  // Live state the operations need: one pending request, one approved SPV with a share class, two investors,
  // a subscription for the first with its form on record (so a funding upload is valid), none for the second.
  const attributes = {
    underlyingCompanySlug: 'co_acme',
    currency: 'USD',
    shareClasses: [{ name: 'Class A', managementFeePercent: '2.0', carryPercent: '20.0' }],
  };
  const pending = (
    await zest.spvRequests.create({ templateId: 'syndicate_secondary', templateVersion: '1.0.0', attributes })
  ).data;
  const approvedRequest = (
    await zest.spvRequests.create({ templateId: 'syndicate_secondary', templateVersion: '1.0.0', attributes })
  ).data;
  await fetch(`${sandbox.url}/sandbox/spv-requests/${approvedRequest.spvRequestSlug}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  const approved = (await zest.spvRequests.get(approvedRequest.spvRequestSlug)).data;
  const spvSlug = approved.materialisedRefs!.vehicleSlug;
  const shareClassSlug = approved.feesAndCarry!.shareClasses![0]!.slug;
  const people = (
    await zest.investors.bulkCreate(
      ['bad-a', 'bad-b'].map((id) => ({
        partnerInvestorId: id,
        email: `${id}@example.com`,
        firstName: 'Ada',
        lastName: 'Lovelace',
        dateOfBirth: '1985-04-12',
      })),
    )
  ).results.map((r) => r.zestPersonId!);
  const [withSubscription, withoutSubscription] = people as [string, string];
  subscriptionSlug = (
    await zest.subscriptions.create(spvSlug, {
      subscriptions: [
        { zestPersonId: withSubscription, lumpSum: { currency: 'USD', value: '50000.00' }, shareClassSlug },
      ],
    })
  ).data.results[0]!.subscriptionSlug;
  pendingSlug = pending.spvRequestSlug;
  await zest.subscriptions.uploadForm({
    spvSlug,
    personId: withSubscription,
    file: { data: new TextEncoder().encode('%PDF-1.7\n%%EOF\n') },
  });

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
    params: (op) =>
      Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, names[p.name]!])),
    async patchBody(op, value) {
      if (op.operationId === 'exchangeJwtAssertion') {
        return { ...value, assertion: await partner.assertion(sandbox.url) };
      }
      if (op.operationId === 'createSubscriptions') {
        const list = value.subscriptions as Record<string, unknown>[];
        return {
          ...value,
          subscriptions: list.map((s) => ({ ...s, zestPersonId: withoutSubscription, shareClassSlug })),
        };
      }
      return value;
    },
  };

  // A key per idempotent operation, used once successfully, for the "same key, different body" mutation.
  const variants: Record<string, (body: Record<string, unknown>) => Record<string, unknown>> = {
    createSpvRequest: (b) => ({
      ...b,
      attributes: { ...(b.attributes as object), dealName: `variant ${randomUUID()}` },
    }),
    bulkCreateInvestors: (b) => ({
      ...b,
      investors: [
        ...(b.investors as unknown[]),
        {
          partnerInvestorId: `variant-${randomUUID()}`,
          email: 'v@example.com',
          firstName: 'V',
          lastName: 'V',
          dateOfBirth: '1990-01-01',
        },
      ],
    }),
    createSubscriptions: (b) => ({
      ...b,
      subscriptions: (b.subscriptions as Record<string, unknown>[]).map((s) => ({
        ...s,
        partnerSubscriptionId: `variant-${randomUUID()}`,
      })),
    }),
  };
  for (const op of operations.filter((o) => o.idempotency !== 'none')) {
    const variant = variants[op.operationId];
    if (!variant) throw new Error(`no body variant for idempotent operation ${op.operationId}`);
    const request = await baselineRequest(op, fixtures);
    const answer = await send(sandbox.url, request);
    if (answer.status >= 300)
      throw new Error(`setup: ${op.operationId} baseline failed: ${answer.status} ${answer.text}`);
    reused.set(op.operationId, { key: request.headers['idempotency-key']!, variant });
  }
}, 60_000);

afterAll(async () => {
  const lines = [...tally].map(([id, t]) => {
    const statuses = [...t.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const accepted = [...t.accepted].map(([k, n]) => `${k}×${n}`).join(', ');
    return `  ${id.padEnd(26)} ${String(t.runs).padStart(3)} runs  ${statuses}${accepted ? `   accepted: ${accepted}` : ''}`;
  });
  const total = [...tally.values()].reduce((n, t) => n + t.runs, 0);
  const kinds = new Map<string, number>();
  for (const t of tally.values()) for (const [k, n] of t.kinds) kinds.set(k, (kinds.get(k) ?? 0) + n);
  console.log(
    [
      `[bad-input] ${total} generated requests over ${tally.size} operations (seed ${SEED}, ${RUNS} runs each)`,
      ...lines,
      `  mutation kinds: ${[...kinds]
        .sort()
        .map(([k, n]) => `${k}×${n}`)
        .join(', ')}`,
      `  hostile classes: ${[...hostileKinds]
        .sort()
        .map(([k, n]) => `${k}×${n}`)
        .join(', ')}`,
      `[bad-input] figures: ${figures.requests} requests, ${figures.fiveXX} 5xx, ${figures.nonEnvelope} non-envelope errors, ` +
        `${figures.stateChanges} state changes after a refusal, ${figures.notRefused} hostile requests not refused, ` +
        `${figures.unlikeUnknownName} inherited names answered unlike an unknown name (${figures.accepted} requests legitimately accepted)`,
      `  hostile cases that broke a rule, by class: ${
        [...hostileFindings]
          .sort()
          .map(([k, n]) => `${k}×${n}`)
          .join(', ') || 'none'
      }`,
    ].join('\n'),
  );
  await sandbox?.stop();
});

function checkError(op: Operation | undefined, status: number, json: unknown, context: string): void {
  if (status === 422 && op && matchResponse(op, 422) !== undefined && validators.httpValidation(json)) return;
  if (!validators.envelope(json))
    throw new Error(
      `${context}\n  ${status} body is not the partner envelope: ${JSON.stringify(validators.envelope.errors)}`,
    );
  const errorId = (json as { errorId?: unknown }).errorId;
  if (typeof errorId !== 'string' || !UUID.test(errorId))
    throw new Error(`${context}\n  errorId is not a UUID: ${JSON.stringify(errorId)}`);
}

/**
 * The general rules for one answer: never 5xx; an error is JSON, the partner envelope with a UUID errorId (or the
 * framework's 422 where the operation declares it); a refusal changes nothing in the store. Counts into `figures`.
 */
function judge(op: Operation | undefined, answer: WireAnswer, before: StateSnapshot, context: string): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) {
    figures.fiveXX += 1;
    problems.push(`${context}\n  -> ${answer.status} ${answer.text.slice(0, 500)}`);
  }
  if (answer.status >= 400) {
    try {
      if (!answer.contentType.startsWith('application/json'))
        throw new Error(`${context}\n  error is ${answer.contentType || 'untyped'}, not JSON`);
      checkError(op, answer.status, answer.json, context);
    } catch (error) {
      figures.nonEnvelope += 1;
      problems.push((error as Error).message);
    }
    const changed = changedCollections(before, snapshotState(sandbox));
    if (changed.length > 0) {
      figures.stateChanges += 1;
      problems.push(`${context}\n  refused with ${answer.status} but changed: ${changed.join(', ')}`);
    }
  } else {
    figures.accepted += 1;
  }
  return problems;
}

/** What must not depend on the name tried: status, error code, and each validation item with the name blanked out. */
function answerShape(answer: WireAnswer, name: string): string {
  const json = answer.json as
    | { code?: string; validationErrors?: { field?: string; code: string }[]; detail?: unknown }
    | undefined;
  const blank = (text: unknown) =>
    String(text ?? '')
      .split(name)
      .join('<name>')
      .split(name.toLowerCase())
      .join('<name>');
  const items = Array.isArray(json?.detail)
    ? (json!.detail as { loc: unknown[]; type: string }[]).map((d) => `${blank(d.loc.join('.'))}:${d.type}`)
    : (json?.validationErrors ?? []).map((v) => `${blank(v.field)}:${v.code}`);
  return `${answer.status} ${answer.status >= 400 ? (json?.code ?? '422') : ''} ${items.sort().join(',')}`;
}

describe('bad input generated from the spec', () => {
  it('covers every operation of the spec, and each baseline request is valid', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const op of operations) {
      // Cancelling uses a request of its own here, so the property runs keep a pending one to aim at.
      const own = op.operationId === 'cancelSpvRequest';
      const base = await baselineRequest(op, fixtures);
      if (own) {
        base.pathParams = { slug: await createPendingSpvRequest() };
      }
      const answer = await send(sandbox.url, base);
      expect(
        answer.status,
        `${op.operationId} baseline: ${describeRequest(base)} -> ${answer.text.slice(0, 300)}`,
      ).toBeLessThan(300);
    }
  });

  for (const op of operations) {
    it(`${op.method} ${op.path} (${op.operationId}): never 5xx, always the envelope, refusals change nothing`, async () => {
      const example = exampleOf(op);
      const entry = {
        runs: 0,
        statuses: new Map<number, number>(),
        kinds: new Map<string, number>(),
        accepted: new Map<string, number>(),
      };
      tally.set(op.operationId, entry);
      await fc.assert(
        fc.asyncProperty(
          mutationsFor(
            op,
            example,
            operations.filter((o) => o.path === op.path).map((o) => o.method),
          ),
          async (mutation) => {
            let request: WireRequest = mutation.apply(await baselineRequest(op, fixtures));
            if (request.headers['idempotency-key'] === REUSED_KEY_MARKER) {
              const used = reused.get(op.operationId)!;
              const body = request.body!;
              if (body.kind !== 'json') throw new Error('idempotency conflicts are generated for JSON bodies only');
              request = {
                ...request,
                headers: { ...request.headers, 'idempotency-key': used.key },
                body: { kind: 'json', value: used.variant(body.value as Record<string, unknown>) },
              };
            }
            const context = `${op.operationId} [${mutation.kind}: ${mutation.detail}] ${describeRequest(request)}`;
            const before = snapshotState(sandbox);
            const peopleBefore = rows(sandbox, 'people').length;
            const answer = await send(sandbox.url, request);
            figures.requests += 1;
            entry.runs += 1;
            entry.statuses.set(answer.status, (entry.statuses.get(answer.status) ?? 0) + 1);
            entry.kinds.set(mutation.kind, (entry.kinds.get(mutation.kind) ?? 0) + 1);
            const problems = judge(op, answer, before, context);
            if (problems.length > 0) throw new Error(problems.join('\n'));
            if (answer.status >= 400) return;
            entry.accepted.set(mutation.kind, (entry.accepted.get(mutation.kind) ?? 0) + 1);
            if (op.operationId === 'bulkCreateInvestors') {
              // Investors are judged row by row (always 200): a refused row must not create a person either.
              const results = (answer.json as { results: { status: string }[] }).results;
              const created = results.filter((r) => r.status === 'created').length;
              if (rows(sandbox, 'people').length - peopleBefore !== created)
                throw new Error(
                  `${context}\n  ${created} rows created but the person count moved by ${rows(sandbox, 'people').length - peopleBefore}`,
                );
            }
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  }
});

describe('hostile input, enumerated class by class', () => {
  beforeAll(async () => {
    // A pair of requests (an inherited name and its control) must meet the same state: the request the operations
    // aim at is cancelled once here, so every cancel in this part is judged against a cancelled request.
    await fetch(`${sandbox.url}/v1/spv-requests/${pendingSlug}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${fixtures.token}` },
    });
  });

  for (const op of operations) {
    it(`${op.method} ${op.path} (${op.operationId}): every hostile case refused or answered like an unknown name`, async () => {
      const findings: string[] = [];
      const cases = hostileCasesFor(op, exampleOf(op), MAX_JSON_DEPTH);
      expect(cases.filter((c) => c.kind === 'foreign-host')).toHaveLength(FOREIGN_HOSTS.length);
      for (const hostile of cases) {
        hostileKinds.set(hostile.kind, (hostileKinds.get(hostile.kind) ?? 0) + 1);
        const request = hostile.apply(await baselineRequest(op, fixtures));
        const context = `${op.operationId} [${hostile.kind}: ${hostile.detail}] ${describeRequest(request)}`;
        const before = snapshotState(sandbox);
        const answer = await send(sandbox.url, request);
        figures.requests += 1;
        const findingsBefore = findings.length;
        findings.push(...judge(op, answer, before, context));
        const expectation = hostile.expect;
        if ('refused' in expectation) {
          if (answer.status < 400 || (expectation.status !== undefined && answer.status !== expectation.status)) {
            figures.notRefused += 1;
            findings.push(
              `${context}\n  must be refused${expectation.status ? ` with ${expectation.status}` : ''}, got ${answer.status} ${answer.text.slice(0, 200)}`,
            );
          }
        } else if ('sameAs' in expectation) {
          const name = INHERITED_NAMES.find((n) => hostile.detail.includes(n)) ?? '';
          const control = expectation.sameAs(await baselineRequest(op, fixtures));
          const controlBefore = snapshotState(sandbox);
          const controlAnswer = await send(sandbox.url, control);
          figures.requests += 1;
          findings.push(...judge(op, controlAnswer, controlBefore, `${context} (control)`));
          if (answerShape(answer, name) !== answerShape(controlAnswer, CONTROL_NAME)) {
            figures.unlikeUnknownName += 1;
            findings.push(
              `${context}\n  answered ${answerShape(answer, name)} where ${CONTROL_NAME} gets ${answerShape(controlAnswer, CONTROL_NAME)}: ${answer.text.slice(0, 200)}`,
            );
          }
        }
        if (findings.length > findingsBefore) found(hostile.kind);
      }
      expect(findings.length, findings.slice(0, 8).join('\n\n')).toBe(0);
    });
  }

  it('refuses every cross-site, foreign-Host or non-JSON request to the admin routes, and nothing moves', async () => {
    const port = new URL(sandbox.url).port;
    // A request that an admin approve or reject would move, if one got through.
    const target = await createPendingSpvRequest();
    const deliveryId = sandbox.admin.deliveries()[0]!.deliveryId;
    const routes: [string, string, string?][] = [
      ['POST', `/sandbox/spv-requests/${target}/approve`],
      ['POST', `/sandbox/spv-requests/${target}/reject`, '{"reason":"cross-site"}'],
      ['POST', `/sandbox/subscriptions/${subscriptionSlug}/complete`],
      ['POST', `/sandbox/webhook-deliveries/${deliveryId}/redeliver`],
      ['PUT', '/sandbox/faults', '{"serviceUnavailable":{"probability":1}}'],
      ['POST', '/sandbox/clock', '{"advanceSeconds":86400}'],
      ['GET', '/sandbox/spv-requests'],
      ['GET', '/sandbox/subscriptions'],
      ['GET', '/sandbox/webhook-deliveries'],
      ['GET', `/sandbox/webhook-deliveries/${deliveryId}`],
      ['GET', '/sandbox/faults'],
      ['GET', '/sandbox/clock'],
    ];
    const json = { 'content-type': 'application/json' };
    const browser: [string, Record<string, string>, string?][] = [
      ['foreign Origin', { ...json, origin: 'http://evil.example' }],
      ['opaque Origin', { ...json, origin: 'null' }],
      ['another local port', { ...json, origin: `http://localhost:${Number(port) + 1}` }],
      ['Sec-Fetch-Site: cross-site', { ...json, 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site', { ...json, 'sec-fetch-site': 'same-site' }],
      ...FOREIGN_HOSTS.map((host): [string, Record<string, string>, string] => [`Host: ${host}`, json, host]),
    ];
    const types: [string, Record<string, string>][] = [
      ['text/plain', { 'content-type': 'text/plain' }],
      ['no Content-Type', {}],
      ['form', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }],
    ];
    const clockBefore = (
      await send(sandbox.url, { method: 'GET', path: '/sandbox/clock', pathParams: {}, query: [], headers: {} })
    ).json;
    const findings: string[] = [];
    for (const [method, path, body] of routes) {
      const variants: [string, Record<string, string>, string?][] = [...browser, ...(method === 'GET' ? [] : types)];
      for (const [label, headers, host] of variants) {
        hostileKinds.set('admin-cross-site', (hostileKinds.get('admin-cross-site') ?? 0) + 1);
        const request: WireRequest = {
          method,
          path,
          pathParams: {},
          query: [],
          headers,
          ...(body === undefined ? {} : { body: { kind: 'raw', text: body } }),
          contentTypeOverride: headers['content-type'] ?? '',
          ...(host === undefined ? {} : { hostHeader: host }),
        };
        const context = `admin ${method} ${path} [${label}]`;
        const before = snapshotState(sandbox);
        const answer = await send(sandbox.url, request);
        figures.requests += 1;
        findings.push(...judge(undefined, answer, before, context));
        if (answer.status !== 403 && answer.status !== 415) {
          found('admin-cross-site');
          figures.notRefused += 1;
          findings.push(
            `${context}: must be refused with 403 or 415, got ${answer.status} ${answer.text.slice(0, 200)}`,
          );
        }
      }
    }
    const clockAfter = (
      await send(sandbox.url, { method: 'GET', path: '/sandbox/clock', pathParams: {}, query: [], headers: {} })
    ).json;
    expect((clockAfter as { offsetSeconds: number }).offsetSeconds).toBe(
      (clockBefore as { offsetSeconds: number }).offsetSeconds,
    );
    expect(sandbox.store.get<{ status: string }>('spvRequests', target)?.status).toBe('pending-review');
    expect(findings.length, findings.slice(0, 8).join('\n\n')).toBe(0);
  });

  it(`sent at least 5,000 requests over every operation, with nothing found`, () => {
    expect(figures.requests).toBeGreaterThanOrEqual(5_000);
    expect(figures).toMatchObject({ fiveXX: 0, nonEnvelope: 0, stateChanges: 0, notRefused: 0, unlikeUnknownName: 0 });
  });
});
