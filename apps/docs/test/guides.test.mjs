// The code in the guides is real: every TypeScript block type-checks against the built packages, and the quickstart,
// which is plain JavaScript, is the runnable example in examples/quickstart and completes against a fresh sandbox.

import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSandbox } from '@zestequity/partner-sandbox';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, GUIDE, javascriptBlocks, quickstartScript } from '../scripts/extract-quickstart.mjs';
import { joinBlocks, typecheck, typescriptBlocks } from '../src/typecheck.mjs';
import { appDir, resultsDir } from './helpers.mjs';

const run = promisify(execFile);
const docsDir = join(appDir, '..', '..', 'docs');
const guides = readdirSync(docsDir).filter((f) => f.endsWith('.md'));

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('code in the guides', () => {
  it('keeps examples/quickstart/quickstart.mjs identical to the quickstart guide', () => {
    expect(javascriptBlocks(readFileSync(GUIDE, 'utf8')).length).toBeGreaterThan(5);
    expect(readFileSync(EXAMPLE, 'utf8'), 'run `node apps/docs/scripts/extract-quickstart.mjs`').toBe(quickstartScript());
  });

  it('type-checks every TypeScript block of every guide, and the quickstart, against the built packages', async () => {
    const files = { 'quickstart.mjs': quickstartScript() };
    for (const guide of guides) {
      const blocks = typescriptBlocks(readFileSync(join(docsDir, guide), 'utf8'));
      if (blocks.length > 0) files[guide.replace(/\.md$/, '.ts')] = joinBlocks(blocks);
    }
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(7);
    const { ok, output } = await typecheck(join(resultsDir, 'guides'), files, 'export {};\n');
    expect(output).toBe('');
    expect(ok).toBe(true);
  });

  it('runs the quickstart against a fresh sandbox, from a token to subscription.completed', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const dir = await mkdtemp(join(tmpdir(), 'zest-quickstart-'));
    const keyFile = join(dir, 'private-key.pem');
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const webhookPort = await freePort();
    const secret = `whsec_${randomBytes(24).toString('hex')}`;
    const sandbox = await startSandbox({
      port: 0,
      partners: [
        {
          clientId: 'client_quickstart',
          issuer: 'http://localhost:3000',
          publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          webhookUrl: `http://127.0.0.1:${webhookPort}/webhooks`,
          webhookSecret: secret,
        },
      ],
    });
    try {
      const { stdout } = await run(process.execPath, [EXAMPLE], {
        cwd: join(EXAMPLE, '..'),
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          ZEST_BASE_URL: sandbox.url,
          ZEST_CLIENT_ID: 'client_quickstart',
          ZEST_ISSUER: 'http://localhost:3000',
          ZEST_PRIVATE_KEY_PATH: keyFile,
          ZEST_WEBHOOK_SECRET: secret,
          WEBHOOK_PORT: String(webhookPort),
        },
      });
      for (const step of ['1. authenticated as client_quickstart', '3. approved: SPV', '7. funding receipt for 50000.00 USD', '8. subscription completed']) {
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
      await rm(dir, { recursive: true, force: true });
    }
  });
});
