import { BREAKAGES, type Breakage } from '@zestequity/partner-sandbox';
import { describe, expect, it } from 'vitest';
import { CHECKS, runContractTests } from '../src/index.js';
import { startSandboxTarget } from './helpers.js';

/**
 * For every check of the suite, the sandbox breakage(s) that must make it fail: a server bug of the kind the check is
 * there to catch. A check with no entry here, or whose breakage leaves it passing, has never been shown able to fail.
 */
const PROOFS: Record<string, Breakage[]> = {
  'target.probe': ['token-exchange-down'],
  'system.health': ['health-check-hangs-up'],
  'auth.token-exchange': ['token-exchange-down'],
  'auth.info-identifies-client': ['oauth-info-wrong-client'],
  'auth.requires-bearer': ['cancel-skips-auth'],
  'auth.rejects-unknown-token': ['cancel-skips-auth'],
  'auth.rejects-bad-assertion': ['token-accepts-expired-assertion'],
  'contracts.registry': ['contract-template-missing'],
  'spv-requests.create-and-read': ['spv-request-missing-field'],
  'idempotency.replay': ['idempotency-replay-reexecutes'],
  'idempotency.conflict': ['idempotency-ignores-body'],
  'idempotency.missing-key': ['idempotency-key-not-required'],
  'errors.validation-error': ['validation-error-without-items'],
  'pagination.invariants': ['pagination-skip-off-by-one'],
  'pagination.filters': ['list-ignores-status-filter', 'count-ignores-status-filter'],
  'pagination.bounds': ['per-page-unbounded'],
  'spv-requests.cancel': ['cancel-conflict-ignored'],
  'spv-requests.rejected-is-terminal': ['cancel-conflict-ignored'],
  'spv-requests.not-found': ['unknown-spv-request-500'],
  'investors.partial-success': ['investors-bad-row-fails-batch'],
  'idempotency.optional-key': ['idempotency-optional-key-ignored'],
  'subscriptions.create': ['subscription-status-wrong'],
  'uploads.order-and-limits': ['upload-too-large-as-400'],
  'uploads.content-matches-type': ['upload-trusts-declared-type'],
  'tenancy.isolation': ['tenant-isolation-off'],
  'tenancy.subscriptions': ['tenant-spv-by-owner'],
  'tenancy.idempotency-keys': ['idempotency-keys-shared-across-partners'],
  'conformance.every-operation': ['health-check-hangs-up'],
  'errors.envelope': ['error-without-error-id'],
  'webhooks.signatures': ['webhook-signature-wrong-secret'],
  'webhooks.cardinality': ['investor-created-once-per-batch'],
  'coverage.every-operation': ['health-check-hangs-up'],
};

/** Checks that judge the whole run (every exchange, every event): they need the full suite to run. */
const RUN_WIDE = new Set([
  'conformance.every-operation',
  'errors.envelope',
  'webhooks.signatures',
  'webhooks.cardinality',
  'coverage.every-operation',
]);

const ALL_IDS = ['target.probe', ...CHECKS.map((c) => c.id), 'coverage.every-operation'];

/** breakage → the checks it must fail. */
const byBreakage = new Map<Breakage, string[]>();
for (const [checkId, breakages] of Object.entries(PROOFS)) {
  for (const breakage of breakages) byBreakage.set(breakage, [...(byBreakage.get(breakage) ?? []), checkId]);
}

describe('every check is proven able to fail', () => {
  it('names at least one breakage for every check id of the suite, and only breakages the sandbox has', () => {
    expect(Object.keys(PROOFS).sort()).toEqual([...ALL_IDS].sort());
    for (const breakages of Object.values(PROOFS)) {
      expect(breakages.length).toBeGreaterThan(0);
      for (const breakage of breakages) expect(BREAKAGES).toContain(breakage);
    }
  });

  it('uses every breakage of the sandbox (none is dead)', () => {
    expect([...byBreakage.keys()].sort()).toEqual([...BREAKAGES].sort());
  });

  for (const [breakage, checkIds] of byBreakage) {
    it(`${breakage} fails ${checkIds.join(', ')}`, async () => {
      const target = await startSandboxTarget([breakage]);
      try {
        // Self-contained checks run alone (fast); a run-wide one needs every other check's traffic.
        const only = checkIds.some((id) => RUN_WIDE.has(id)) ? undefined : checkIds;
        const report = await runContractTests(target.options({ ...(only ? { only } : {}), webhookWaitMs: 2000 }));
        expect(report.summary.ok).toBe(false);
        for (const id of checkIds) {
          const result = report.checks.find((c) => c.id === id);
          expect({ id, status: result?.status }).toEqual({ id, status: 'failed' });
        }
      } finally {
        await target.stop();
      }
    });
  }
});

describe('the webhook checks are proven able to fail when they read the delivery log (no receiver)', () => {
  for (const checkId of ['webhooks.signatures', 'webhooks.cardinality']) {
    for (const breakage of PROOFS[checkId]!) {
      it(`${breakage} fails ${checkId}`, async () => {
        // No receiver to post to: the suite reads the delivery log, whose rows are `skipped` and signed by the admin
        // API, not the dispatcher. A breakage must reach that path too.
        const target = await startSandboxTarget([breakage], {}, { receiver: false });
        try {
          const report = await runContractTests(target.options({ webhookWaitMs: 2000 }));
          expect(report.target.webhookSource).toBe('sandbox-deliveries');
          const result = report.checks.find((c) => c.id === checkId);
          expect({ checkId, status: result?.status }).toEqual({ checkId, status: 'failed' });
        } finally {
          await target.stop();
        }
      });
    }
  }
});
