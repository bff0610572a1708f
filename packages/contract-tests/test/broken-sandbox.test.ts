import { afterEach, describe, expect, it } from 'vitest';
import { runContractTests } from '../src/index.js';
import { type SandboxTarget, startSandboxTarget } from './helpers.js';

// The suite proves it can fail: each test-only breakage of the sandbox must show up in the report, precisely.
describe('against a deliberately broken sandbox', () => {
  let target: SandboxTarget | undefined;
  afterEach(async () => {
    await target?.stop();
    target = undefined;
  });

  it('reports a schema failure for the SPV request field the sandbox drops', async () => {
    target = await startSandboxTarget(['spv-request-missing-field']);
    const report = await runContractTests(target.options({ skip: ['webhooks'] }));
    expect(report.summary.ok).toBe(false);
    const failures = report.schemaFailures.filter((f) => f.kind === 'body-schema');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures).toContainEqual(
      expect.objectContaining({ operationId: 'createSpvRequest', status: 201, location: '/createdAt' }),
    );
    expect(failures).toContainEqual(
      expect.objectContaining({ operationId: 'getSpvRequest', status: 200, location: '/createdAt' }),
    );
    // Every broken response is about that field, nothing else was invented.
    expect(failures.every((f) => f.location.endsWith('/createdAt'))).toBe(true);
    const createAndRead = report.checks.find((c) => c.id === 'spv-requests.create-and-read');
    expect(createAndRead?.status).toBe('failed');
    expect(createAndRead?.failures.join('\n')).toContain("required property 'createdAt' is missing");
  });

  it('fails the replay behaviour when a replayed Idempotency-Key executes again', async () => {
    target = await startSandboxTarget(['idempotency-replay-reexecutes']);
    const report = await runContractTests(target.options({ skip: ['webhooks'] }));
    expect(report.summary.ok).toBe(false);
    const replay = report.checks.find((c) => c.id === 'idempotency.replay');
    expect(replay?.status).toBe('failed');
    expect(replay?.failures.join('\n')).toMatch(/the replay created a second SPV request/);
    // The breakage does not touch response shapes, so the validator has nothing to say.
    expect(report.schemaFailures).toEqual([]);
  });
});
