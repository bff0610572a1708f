// The code in the guides is real: every TypeScript block type-checks against the built packages, and the quickstart,
// which is plain JavaScript, is the runnable example in examples/quickstart and completes against a fresh sandbox.

import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@zestequity/partner-sandbox';
import { makeTestPartner, runNode, startRelay, startTestSandbox } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, GUIDE, javascriptBlocks, quickstartScript } from '../scripts/extract-quickstart.mjs';
import { joinBlocks, typecheck, typescriptBlocks } from '../src/typecheck.mjs';
import { appDir, resultsDir } from './helpers.mjs';

const docsDir = join(appDir, '..', '..', 'docs');
const guides = readdirSync(docsDir).filter((f) => f.endsWith('.md'));

/** Runs a script to its exit; `onStdout` sees stdout as it arrives. Bounded so a hung child fails the test. */
async function runScript(script, { cwd, env }, onStdout) {
  const run = await runNode(script, [], { cwd, env, timeoutMs: 60_000, onStdout });
  if (run.code !== 0) throw new Error(`${script} exited ${run.code}: ${run.stderr}\n${run.stdout}`);
  return run;
}

/**
 * Express is no dependency of the docs, but the webhooks guide's Express block is what partners on Express copy: it is
 * checked against the part of Express it uses, so a renamed export or option of the auth package still fails here.
 */
const EXPRESS_AMBIENT = `declare module 'express' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
  interface Application {
    post(path: string, ...handlers: Handler[]): Application;
    use(...handlers: Handler[]): Application;
  }
  interface Express {
    (): Application;
    json(): Handler;
    raw(options?: { type?: string }): Handler;
  }
  const express: Express;
  export default express;
}
`;

describe('code in the guides', () => {
  it('keeps examples/quickstart/quickstart.mjs identical to the quickstart guide', () => {
    expect(javascriptBlocks(readFileSync(GUIDE, 'utf8')).length).toBeGreaterThan(5);
    expect(readFileSync(EXAMPLE, 'utf8'), 'run `node apps/docs/scripts/extract-quickstart.mjs`').toBe(
      quickstartScript(),
    );
  });

  it('type-checks every TypeScript block of every guide, and the quickstart, against the built packages', async () => {
    const files = { 'quickstart.mjs': quickstartScript() };
    for (const guide of guides) {
      const blocks = typescriptBlocks(readFileSync(join(docsDir, guide), 'utf8'));
      if (blocks.length > 0) files[guide.replace(/\.md$/, '.ts')] = joinBlocks(blocks);
    }
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(7);
    const { ok, output } = await typecheck(join(resultsDir, 'guides'), files, EXPRESS_AMBIENT);
    expect(output).toBe('');
    expect(ok).toBe(true);
  });

  it('runs the quickstart against a fresh sandbox, from a token to subscription.completed', async () => {
    const partner = makeTestPartner({ clientId: 'client_quickstart', issuer: 'http://localhost:3000' });
    const dir = await mkdtemp(join(tmpdir(), 'zest-quickstart-'));
    const keyFile = join(dir, 'private-key.pem');
    await writeFile(keyFile, partner.privateKeyPem, { mode: 0o600 });
    const relay = await startRelay('/webhooks');
    const secret = partner.webhookSecret;
    const { sandbox } = await startTestSandbox(startSandbox, { partner, webhookUrl: relay.url });
    try {
      const { stdout } = await runScript(
        EXAMPLE,
        {
          cwd: join(EXAMPLE, '..'),
          env: {
            PATH: process.env.PATH,
            ZEST_BASE_URL: sandbox.url,
            ZEST_CLIENT_ID: 'client_quickstart',
            ZEST_ISSUER: 'http://localhost:3000',
            ZEST_PRIVATE_KEY_PATH: keyFile,
            ZEST_WEBHOOK_SECRET: secret,
            WEBHOOK_PORT: '0',
          },
        },
        (soFar) => {
          const listening = /receiving webhooks on (http:\/\/\S+)/.exec(soFar);
          if (listening) relay.pointAt(listening[1]);
        },
      );
      for (const step of [
        '1. authenticated as client_quickstart',
        '3. approved: SPV',
        '7. funding receipt for 50000.00 USD',
        '8. subscription completed',
      ]) {
        expect(stdout).toContain(step);
      }
      const received = /9\. received (\d+) webhooks: (.*)/.exec(stdout);
      expect(received, stdout).not.toBeNull();
      expect(received[2].split(', ').sort()).toEqual(
        [
          'funding_receipt.uploaded',
          'investor.created',
          'signed_subscription_form.uploaded',
          'spv_request.completed',
          'spv_request.created',
          'subscription.completed',
          'subscription.created',
        ].sort(),
      );
      // What the receiver saw is what the sandbox says it delivered.
      const delivered = sandbox.admin.deliveries({ clientId: 'client_quickstart' });
      expect(delivered.every((d) => d.status === 'delivered')).toBe(true);
      expect(delivered).toHaveLength(Number(received[1]));
    } finally {
      await sandbox.stop();
      await relay.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
