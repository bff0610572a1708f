import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Breakage, type Sandbox, startSandbox } from '@zestequity/partner-sandbox';
import { makeTestPartner, startRelay } from '@zestequity/testing';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractReport } from '../src/index.js';
import { CLIENT_ID, ISSUER } from './helpers.js';
import { runCli, targetArgs } from './run-cli.js';

describe('the zest-contract-tests CLI', () => {
  const partner = makeTestPartner({ clientId: CLIENT_ID, issuer: ISSUER });
  let dir: string;
  let keyFile: string;
  const sandboxes: Sandbox[] = [];

  async function sandboxFor(breakages: Breakage[], webhookUrl?: string): Promise<Sandbox> {
    const sandbox = await startSandbox({
      port: 0,
      host: '127.0.0.1',
      partners: [webhookUrl ? { ...partner.config, webhookUrl } : partner.config],
      timeScale: 100,
      breakages,
    });
    sandboxes.push(sandbox);
    return sandbox;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zest-contract-tests-'));
    keyFile = join(dir, 'ed25519-private.pem');
    await writeFile(keyFile, partner.privateKeyPem, { mode: 0o600 });
  });
  afterAll(async () => {
    await Promise.all(sandboxes.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 against the sandbox, verifies webhooks on its own receiver, and writes a parseable JSON report', async () => {
    const relay = await startRelay();
    const sandbox = await sandboxFor([], relay.url);
    const output = join(dir, 'report.json');
    const args = [
      ...targetArgs(sandbox.url, keyFile),
      '--webhook-listen',
      '127.0.0.1:0',
      '--reporter',
      'json',
      '--output',
      output,
    ];
    const run = await runCli(args, { ZEST_WEBHOOK_SECRET: partner.webhookSecret }, (stderr) => {
      const listening = /webhook receiver listening at (http:\/\/\S+)/.exec(stderr);
      if (listening) relay.pointAt(listening[1]!);
    }).finally(() => relay.close());
    expect(run.stderr).toMatch(/webhook receiver listening at http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stderr).not.toContain('zest-contract-tests:');
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(output, 'utf8')) as ContractReport;
    expect(report.summary.ok).toBe(true);
    expect(report.checks.find((c) => c.id === 'webhooks.signatures')?.status).toBe('passed');
    expect(report.coverage.every((c) => c.state === 'covered')).toBe(true);
    // With --output the human table still goes to stdout: coverage and behaviours.
    expect(run.stdout).toContain('Coverage: operation × status codes seen');
    expect(run.stdout).toMatch(/^PASSED: /m);
  });

  it('exits 1 against the broken sandbox and prints a JUnit report that names the failure', async () => {
    const sandbox = await sandboxFor(['spv-request-missing-field']);
    // Credentials from the environment, the way `source .sandbox/env` provides them.
    const run = await runCli(['--quiet', '--reporter', 'junit'], {
      ZEST_BASE_URL: sandbox.url,
      ZEST_CLIENT_ID: CLIENT_ID,
      ZEST_ISSUER: ISSUER,
      ZEST_PRIVATE_KEY_PATH: keyFile,
    });
    expect(run.code).toBe(1);
    expect(XMLValidator.validate(run.stdout)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(run.stdout);
    const suites = [xml.testsuites.testsuite].flat();
    const behaviours = suites.find((s: { name: string }) => s.name === 'behaviours');
    expect(Number(behaviours.failures)).toBeGreaterThan(0);
    const cases = [behaviours.testcase].flat();
    const createAndRead = cases.find((c: { name: string }) => c.name === 'spv-requests.create-and-read');
    expect(createAndRead.failure['#text'] ?? createAndRead.failure).toContain(
      "required property 'createdAt' is missing",
    );
    // Without --webhook-secret the webhook check is reported as not applicable, as a skipped test case.
    const webhooks = cases.find((c: { name: string }) => c.name === 'webhooks.signatures');
    expect(webhooks.skipped.message).toMatch(/^not applicable: pass --webhook-secret/);
  });

  it('exits 2 with the usage on missing or bad options, before sending anything', async () => {
    const missing = await runCli(['--base-url', 'http://127.0.0.1:9']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --client-id, --issuer, --private-key-file');
    const badReporter = await runCli([...targetArgs('http://127.0.0.1:9', keyFile, 'c', 'i'), '--reporter', 'xml']);
    expect(badReporter.code).toBe(2);
    expect(badReporter.stderr).toContain('--reporter must be human, json or junit');
    const halfSecond = await runCli([
      ...targetArgs('http://127.0.0.1:9', keyFile, 'c', 'i'),
      '--second-client-id',
      'c2',
    ]);
    expect(halfSecond.code).toBe(2);
    expect(halfSecond.stderr).toContain(
      'a second partner needs all of --second-client-id, --second-issuer, --second-private-key-file; missing --second-issuer, --second-private-key-file',
    );
  });
});
