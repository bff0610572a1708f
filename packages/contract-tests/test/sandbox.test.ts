import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, type ContractReport, listOperations, loadSpec, runContractTests } from '../src/index.js';
import { type SandboxTarget, startSandboxTarget } from './helpers.js';

describe('against the local sandbox', () => {
  let target: SandboxTarget;
  let report: ContractReport;

  beforeAll(async () => {
    target = await startSandboxTarget();
    report = await runContractTests(target.options());
  });
  afterAll(async () => {
    await target?.stop();
  });

  it('passes every check, and every check applies', () => {
    const notPassed = report.checks
      .filter((c) => c.status !== 'passed')
      .map((c) => ({ id: c.id, status: c.status, why: c.reason ?? c.failures }));
    expect(notPassed).toEqual([]);
    expect(report.summary.ok).toBe(true);
    expect(report.target.stateful).toBe(true);
    expect(report.target.sandboxAdmin).toBe(true);
  });

  it('runs every check of the suite plus the probe and the coverage row', () => {
    expect(report.checks.map((c) => c.id)).toEqual([
      'target.probe',
      ...CHECKS.map((c) => c.id),
      'coverage.every-operation',
    ]);
  });

  it('calls every operation of the bundled spec and sees only declared statuses', async () => {
    const operations = listOperations(await loadSpec());
    expect(report.coverage.map((c) => c.operationId).sort()).toEqual(operations.map((o) => o.operationId).sort());
    for (const entry of report.coverage) {
      expect(entry.state, entry.operationId).toBe('covered');
      expect(entry.violations, entry.operationId).toBe(0);
    }
    expect(report.schemaFailures).toEqual([]);
  });

  it('observes the behaviours as real answers, not just as calls', () => {
    const seen = Object.fromEntries(report.coverage.map((c) => [c.operationId, Object.keys(c.seen)]));
    expect(seen.createSpvRequest).toEqual(expect.arrayContaining(['201', '400', '409']));
    expect(seen.cancelSpvRequest).toEqual(expect.arrayContaining(['200', '404', '409']));
    expect(seen.uploadSubscriptionForm).toEqual(expect.arrayContaining(['201', '413', '415']));
    expect(seen.uploadFundingReceipt).toEqual(expect.arrayContaining(['201', '409']));
    expect(seen.exchangeJwtAssertion).toEqual(expect.arrayContaining(['201', '401']));
  });

  it('verified signed webhook deliveries with the auth package', () => {
    const webhooks = report.checks.find((c) => c.id === 'webhooks.signatures');
    expect(webhooks?.status).toBe('passed');
  });
});
