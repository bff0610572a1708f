import { type RunningMock, startMock } from '@zestequity/partner-api-mock';
import { makeTestPartner } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, type ContractReport, runContractTests } from '../src/index.js';
import { CLIENT_ID, ISSUER } from './helpers.js';

describe('against the Prism mock (stateless)', () => {
  let mock: RunningMock;
  let report: ContractReport;
  const progress: string[] = [];

  beforeAll(async () => {
    mock = await startMock({ port: 0 });
    const partner = makeTestPartner({ clientId: CLIENT_ID, issuer: ISSUER });
    report = await runContractTests({
      baseUrl: mock.url,
      clientId: CLIENT_ID,
      issuer: ISSUER,
      privateKey: partner.privateKeyPem,
      webhookSecret: partner.webhookSecret,
      requestTimeoutMs: 10_000,
      onProgress: (line) => progress.push(line),
    });
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it('detects that the target keeps no state, and says why', () => {
    expect(report.target.stateful).toBe(false);
    expect(report.target.statefulReason).toMatch(/^stateless: two creates .* both returned svr_/);
    expect(report.target.sandboxAdmin).toBe(false);
  });

  it('reports every behaviour that needs state as not applicable, with the reason', () => {
    const stateful = [
      'auth.info-identifies-client',
      'auth.rejects-bad-assertion',
      'auth.rejects-unknown-token',
      'spv-requests.create-and-read',
      'idempotency.replay',
      'idempotency.conflict',
      'errors.validation-error',
      'pagination.invariants',
      'pagination.filters',
      'spv-requests.cancel',
      'spv-requests.rejected-is-terminal',
      'spv-requests.not-found',
      'investors.partial-success',
      'idempotency.optional-key',
      'subscriptions.create',
      'uploads.order-and-limits',
      'uploads.content-matches-type',
      'webhooks.signatures',
      'webhooks.cardinality',
    ];
    for (const id of stateful) {
      const result = report.checks.find((c) => c.id === id);
      expect(result?.status, id).toBe('not_applicable');
      expect(result?.reason, id).toMatch(/needs a stateful target/);
      // Not applicable means not run: nothing was sent on its behalf.
      expect(result?.requests, id).toBe(0);
    }
  });

  it('words every reason with balanced parentheses, none nested, also as the progress lines print them', () => {
    /** The deepest nesting of `text`'s parentheses, or -1 when they do not balance. */
    const depth = (text: string) => {
      let open = 0;
      let deepest = 0;
      for (const char of text) {
        if (char === '(') deepest = Math.max(deepest, ++open);
        if (char === ')' && --open < 0) return -1;
      }
      return open === 0 ? deepest : -1;
    };
    const reasons = [
      report.target.statefulReason,
      report.target.webhookSourceReason,
      ...report.checks.map((c) => c.reason),
      ...report.coverage.map((c) => c.reason),
    ].filter((reason): reason is string => typeof reason === 'string');
    expect(reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^needs a stateful target — stateless: /)]));
    for (const reason of reasons) expect(depth(reason), reason).toBeGreaterThanOrEqual(0);
    for (const reason of reasons) expect(depth(reason), reason).toBeLessThanOrEqual(1);
    expect(progress.length).toBeGreaterThan(0);
    for (const line of progress) expect(depth(line), line).toBeGreaterThanOrEqual(0);
  });

  it('passes only what a stateless target can show, each by real requests', () => {
    const passed = report.checks.filter((c) => c.status === 'passed');
    expect(passed.map((c) => c.id).sort()).toEqual(
      [
        'target.probe',
        'system.health',
        'auth.token-exchange',
        'auth.requires-bearer',
        'contracts.registry',
        'idempotency.missing-key',
        'pagination.bounds',
        'conformance.every-operation',
        'errors.envelope',
        'coverage.every-operation',
      ].sort(),
    );
    // Checks that judge the run as a whole send nothing themselves; every other pass made requests.
    for (const check of passed.filter((c) => !['errors.envelope', 'coverage.every-operation'].includes(c.id))) {
      expect(check.requests, check.id).toBeGreaterThan(0);
    }
    // A check with an applicability rule never passes here.
    const conditional = new Set(CHECKS.filter((c) => c.applies).map((c) => c.id));
    expect(passed.filter((c) => conditional.has(c.id))).toEqual([]);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.ok).toBe(true);
  });

  it('reports the tenancy checks as not applicable without a second partner, with the reason', () => {
    for (const id of ['tenancy.isolation', 'tenancy.subscriptions', 'tenancy.idempotency-keys']) {
      const result = report.checks.find((c) => c.id === id);
      expect(result?.status, id).toBe('not_applicable');
      expect(result?.reason, id).toMatch(/needs a second partner/);
      expect(result?.requests, id).toBe(0);
    }
  });

  it('still calls every operation, and every answer matches the spec', () => {
    expect(report.coverage.filter((c) => c.state !== 'covered')).toEqual([]);
    expect(report.schemaFailures).toEqual([]);
  });
});
