import { describe, expect, it } from 'vitest';
import { type ContractTestOptions, runContractTests } from '../src/index.js';
import { startSandboxTarget } from './helpers.js';

/** The statuses of the webhook checks of two runs of the whole suite made at the same time with these options. */
async function twoConcurrentRuns(options: ContractTestOptions) {
  const reports = await Promise.all([runContractTests(options), runContractTests(options)]);
  return reports.map((report) =>
    report.checks
      .filter((check) => check.id.startsWith('webhooks.'))
      .map((check) => ({ id: check.id, status: check.status, failures: check.failures })),
  );
}

const PASSED = [
  { id: 'webhooks.signatures', status: 'passed', failures: [] },
  { id: 'webhooks.cardinality', status: 'passed', failures: [] },
];

describe("two runs at once against one sandbox each count only their own objects' events", () => {
  it('reading the delivery log (no receiver)', async () => {
    const target = await startSandboxTarget([], { validateResponses: true }, { receiver: false });
    try {
      expect(await twoConcurrentRuns(target.options())).toEqual([PASSED, PASSED]);
    } finally {
      await target.stop();
    }
  }, 60_000);

  it('sharing one receiver', async () => {
    const target = await startSandboxTarget();
    try {
      expect(await twoConcurrentRuns(target.options())).toEqual([PASSED, PASSED]);
    } finally {
      await target.stop();
    }
  }, 60_000);
});
