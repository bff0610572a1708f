// The example against a sandbox started here: once in process, once as the real script with the environment the
// sandbox writes for its development partner (ZEST_BASE_URL, ZEST_CLIENT_ID, ZEST_ISSUER, ZEST_PRIVATE_KEY_PATH).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Sandbox, startSandbox } from '@zestequity/partner-sandbox';
import { makeTestPartner, startTestSandbox } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHappyPath } from '../src/index.js';

const testPartner = makeTestPartner({ clientId: 'client_example' });
const { privateKeyPem } = testPartner;
const partner = { clientId: testPartner.clientId, issuer: testPartner.issuer };
const LIFECYCLE = [
  'spv_request.created',
  'spv_request.completed',
  'investor.created',
  'investor.created',
  'investor.created',
  'subscription.created',
  'signed_subscription_form.uploaded',
  'funding_receipt.uploaded',
  'subscription.completed',
];

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zest-happy-path-'));
  // Every response and event is checked against the spec: a mismatch would be a 500 and fail the run.
  ({ sandbox } = await startTestSandbox(startSandbox, { partner: testPartner }));
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the happy-path example', () => {
  it('runs every step through the SDK and leaves a completed subscription behind', async () => {
    const lines: string[] = [];
    const result = await runHappyPath({
      baseUrl: sandbox.url,
      ...partner,
      privateKey: privateKeyPem,
      log: (l) => lines.push(l),
    });

    expect(lines.map((l) => l.split('.')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(result.events).toEqual(LIFECYCLE);
    const res = await fetch(`${sandbox.url}/sandbox/subscriptions?spvSlug=${result.spvSlug}`);
    const { subscriptions } = (await res.json()) as {
      subscriptions: {
        subscriptionSlug: string;
        status: string;
        formUploadedAt: string | null;
        fundingUploadedAt: string | null;
      }[];
    };
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]).toMatchObject({ subscriptionSlug: result.subscriptionSlug, status: 'completed' });
    expect(subscriptions[0]!.formUploadedAt).not.toBeNull();
    expect(subscriptions[0]!.fundingUploadedAt).not.toBeNull();
    expect(sandbox.responseProblems).toEqual([]);
  });

  it('runs as a script from the environment the sandbox writes, printing each step', async () => {
    const keyFile = join(dir, 'private-key.pem');
    writeFileSync(keyFile, privateKeyPem, { mode: 0o600 });
    const script = fileURLToPath(new URL('../dist/main.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      env: {
        ...process.env,
        ZEST_BASE_URL: sandbox.url,
        ZEST_CLIENT_ID: partner.clientId,
        ZEST_ISSUER: partner.issuer,
        ZEST_PRIVATE_KEY_PATH: keyFile,
      },
      timeout: 30_000,
    });
    expect(stdout).toMatch(/^1\. token: .* client_example/m);
    expect(stdout).toMatch(/^9\. subscription sub_\S+ completed$/m);
    // The second run reuses the same investor ids: the API answers already_exists with the same person ids.
    expect(stdout).toMatch(/acme-inv-7341 -> psn_\S+ \(already_exists\)/);
    expect(stdout).toMatch(/^done: /m);
  });

  it('exits non-zero with a clear message when the environment is incomplete', async () => {
    const script = fileURLToPath(new URL('../dist/main.js', import.meta.url));
    const run = promisify(execFile)(process.execPath, [script], {
      env: { PATH: process.env.PATH ?? '' },
      timeout: 30_000,
    });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('ZEST_CLIENT_ID is not set') });
  });
});
