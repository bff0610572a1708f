import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@zestequity/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { Breakage, Sandbox } from '../src/index.js';
import { makePartner, startTestSandbox, useTempDir } from './helpers.js';

/**
 * The Arazzo workflows the spec package publishes (dist/workflows, what a partner runs from the installed
 * package), run with `redocly respect` against a real sandbox on a loopback port, exactly as docs/workflows.md
 * tells a partner to: the assertion comes from `zest-sandbox assertion`, the servers from `--server`. Then the
 * same workflows against a sandbox with contract breakages switched on, which must fail, at the steps that
 * depend on the broken behaviour.
 */
const require = createRequire(import.meta.url);
const WORKFLOWS = dirname(require.resolve('@zestequity/partner-api-spec/workflows/onboarding.arazzo.yaml'));
const FILES = readdirSync(WORKFLOWS)
  .filter((f) => f.endsWith('.arazzo.yaml'))
  .sort();
const REDOCLY = fileURLToPath(new URL('../node_modules/.bin/redocly', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/zest-sandbox.js', import.meta.url));
const work = useTempDir('zest-workflows-');
const sandboxes: Sandbox[] = [];
afterAll(async () => {
  for (const sandbox of sandboxes) await sandbox.stop();
});

/** Runs a command to its end, without redocly's telemetry or colours (the output is asserted on). */
const run = (command: string, args: string[]) =>
  runCommand(command, args, { env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' } });

interface StepResult {
  stepId: string;
  checks: { name: string; passed: boolean; message?: string }[];
}
interface Report {
  files: Record<string, { executedWorkflows: { workflowId: string; status?: string; executedSteps: StepResult[] }[] }>;
}

/** A sandbox with its own partner, and an assertion for it signed by `zest-sandbox assertion`. */
async function sandboxAndAssertion(breakages: Breakage[] = []) {
  const partner = makePartner();
  const sandbox = await startTestSandbox([partner], { breakages, validateResponses: breakages.length === 0 });
  sandboxes.push(sandbox);
  const keyFile = join(work, `${partner.config.clientId}.pem`);
  writeFileSync(keyFile, partner.privateKeyPem, { mode: 0o600 });
  const signed = await run(process.execPath, [
    BIN,
    'assertion',
    '--audience',
    sandbox.url,
    '--lifetime',
    '300',
    '--client-id',
    partner.config.clientId,
    '--issuer',
    partner.config.issuer!,
    '--private-key',
    keyFile,
  ]);
  expect(signed.stderr).toBe('');
  return { sandbox, assertion: signed.stdout.trim() };
}

async function respect(files: string[], sandbox: Sandbox, assertion: string) {
  const output = join(work, `respect-${sandboxes.length}.json`);
  const started = process.hrtime.bigint();
  const result = await run(REDOCLY, [
    'respect',
    ...files.map((f) => join(WORKFLOWS, f)),
    '--input',
    `assertion=${assertion}`,
    '--server',
    `zestPartnerApi=${sandbox.url}`,
    '--server',
    `sandboxAdmin=${sandbox.url}`,
    '--json-output',
    output,
  ]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...result, seconds, report: JSON.parse(readFileSync(output, 'utf8')) as Report };
}

const failedSteps = (report: Report) =>
  Object.values(report.files).flatMap((file) =>
    file.executedWorkflows.flatMap((w) =>
      w.executedSteps.filter((s) => s.checks.some((c) => !c.passed)).map((s) => `${w.workflowId}.${s.stepId}`),
    ),
  );

describe('Arazzo workflows against the sandbox', () => {
  it('are published: onboarding, bulk investors, upload order and token renewal', () => {
    expect(FILES).toEqual([
      'bulk-investors.arazzo.yaml',
      'onboarding.arazzo.yaml',
      'token-renewal.arazzo.yaml',
      'upload-order.arazzo.yaml',
    ]);
  });

  it('every workflow passes with redocly respect', async () => {
    const { sandbox, assertion } = await sandboxAndAssertion();
    const result = await respect(FILES, sandbox, assertion);
    const steps = Object.fromEntries(
      Object.entries(result.report.files).flatMap(([, file]) =>
        file.executedWorkflows.map((w) => [w.workflowId, w.executedSteps.length]),
      ),
    );
    console.log(
      `redocly respect ran ${FILES.length} workflows (${JSON.stringify(steps)}) in ${result.seconds.toFixed(1)} s`,
    );
    expect(failedSteps(result.report)).toEqual([]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(steps).toEqual({ bulkInvestors: 5, onboarding: 9, tokenRenewal: 6, uploadOrder: 8 });
    expect(sandbox.responseProblems).toEqual([]);
  }, 120_000);

  it('fail against a sandbox whose contract is broken, at the steps that rely on it', async () => {
    const { sandbox, assertion } = await sandboxAndAssertion([
      'spv-request-missing-field',
      'idempotency-replay-reexecutes',
    ]);
    const result = await respect(['onboarding.arazzo.yaml', 'bulk-investors.arazzo.yaml'], sandbox, assertion);
    expect(result.code).not.toBe(0);
    // A created SPV request without its required createdAt fails the schema check; a replay that runs again
    // answers already_exists instead of the first answer.
    expect(failedSteps(result.report)).toEqual(
      expect.arrayContaining(['onboarding.createSpvRequest', 'bulkInvestors.replayWithSameKey']),
    );
  }, 120_000);
});
