import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContractTests } from '../src/index.js';
import { type SandboxTarget, startSandboxTarget } from './helpers.js';

// The webhook check on its own (`only: ['webhooks']`: the probe's two creates cause `spv_request.created`), read from
// the sandbox's delivery log instead of a receiver.
describe('webhook verification from the sandbox delivery log', () => {
  let target: SandboxTarget;
  beforeAll(async () => {
    target = await startSandboxTarget();
  });
  afterAll(async () => {
    await target?.stop();
  });

  it('verifies the exact bytes and Zest-Signature the sandbox recorded', async () => {
    const report = await runContractTests(target.options({ webhookReceiver: undefined, only: ['webhooks'] }));
    expect(report.target.webhookSource).toBe('sandbox-deliveries');
    const webhooks = report.checks.find((c) => c.id === 'webhooks.signatures');
    expect(webhooks).toMatchObject({ status: 'passed', failures: [] });
    expect(report.summary.ok).toBe(true);
  });

  it('fails when the deliveries were signed with another secret', async () => {
    const wrong = `whsec_${randomBytes(24).toString('hex')}`;
    const report = await runContractTests(
      target.options({ webhookReceiver: undefined, only: ['webhooks'], webhookSecret: wrong, webhookWaitMs: 1000 }),
    );
    const webhooks = report.checks.find((c) => c.id === 'webhooks.signatures');
    expect(webhooks?.status).toBe('failed');
    expect(webhooks?.failures.join('\n')).toMatch(/sandbox delivery \S+ attempt 1: the signature does not verify/);
    expect(webhooks?.failures.join('\n')).toMatch(/no verified delivery within 1000 ms for: spv_request\.created/);
    expect(report.summary.ok).toBe(false);
  });
});
