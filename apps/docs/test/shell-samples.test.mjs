// The shell commands of the guides, run as a partner would type them, against a sandbox started on loopback by its
// own CLI in an empty folder (so `.sandbox/env` and the development partner are the real ones). Besides asking curl
// to print the status, only three things are rewritten: the documented default address (`http://localhost:8080`)
// becomes this sandbox's, the example ids the guides show (`svr_a1b2c3`, `dlv_…`) become ids of records that exist,
// and `npx zest-sandbox` / `npx @redocly/cli` / repository paths run from this checkout. A command that cannot run here (an install, a release, a call to Zest's own
// hosts) must be listed below with the reason, so a new sample is never skipped silently.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listOperations } from '@zestequity/spec-model';
import { runCommand } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRequest } from '../src/code-samples/example-request.mjs';
import { redoclyBin } from '../src/reference.mjs';
import { appDir, eventually, requireBuiltSite } from './helpers.mjs';

const repoRoot = join(appDir, '..', '..');
const docsDir = join(repoRoot, 'docs');
const SANDBOX_BIN = join(repoRoot, 'packages', 'sandbox', 'bin', 'zest-sandbox.js');
const SPEC_WORKFLOWS = join(repoRoot, 'spec', 'dist', 'workflows');

/** Commands that are not run here, each with why. Anything else in a ```sh block of a guide is run. */
const NOT_RUN = [
  [/^(npm|pnpm|corepack|COREPACK_INTEGRITY_KEYS=0 pnpm) /, 'installs, builds or runs the repository’s own scripts'],
  [/^git /, 'changes a repository'],
  [/^npx @zestequity\/partner-sandbox$/, 'starts a sandbox in the foreground (one is running already)'],
  [/(^|[ /])zest-sandbox(\.js)? --webhook-url /, 'starts a sandbox in the foreground (one is running already)'],
  [/^node quickstart\.mjs$/, 'the quickstart script; guides.test.mjs runs it against a sandbox'],
  [/^node packages\/spec-guard\//, 'compares against a git branch or a published version'],
  [/zest-contract-tests\.js --base-url https:\/\/sandbox\.api\./, 'calls Zest’s own sandbox with real credentials'],
];

/** Splits a shell block into commands: lines, with `\`-continued lines and quoted newlines kept, comments dropped. */
function shellCommands(block) {
  const commands = [];
  let current = '';
  let quote = null;
  let comment = false;
  for (let i = 0; i < block.length; i++) {
    const c = block[i];
    if (comment && c !== '\n') continue;
    comment = false;
    if (quote) {
      current += c;
      if (c === quote) quote = null;
    } else if (c === '\\' && block[i + 1] === '\n') {
      current += ' ';
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === '#' && (current === '' || /\s$/.test(current))) comment = true;
    else if (c === '\n') {
      if (current.trim()) commands.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) commands.push(current.trim());
  return commands.map((c) => c.replace(/[ \t]{2,}/g, ' '));
}

/** Every command of every ```sh block of every guide, with the guide it comes from. */
function guideCommands() {
  const out = [];
  for (const file of readdirSync(docsDir).filter((f) => f.endsWith('.md'))) {
    const md = readFileSync(join(docsDir, file), 'utf8');
    for (const m of md.matchAll(/^```(?:sh|bash|shell)\b[^\n]*\n([\s\S]*?)^```/gm)) {
      for (const command of shellCommands(m[1])) out.push({ guide: file, command });
    }
  }
  return out;
}

/** The command as it runs here: this sandbox's address, this checkout's binaries, real ids for the example ones. */
function localCommand(command, ids) {
  let c = command
    .replaceAll('http://localhost:8080', '$ZEST_BASE_URL')
    .replace(/^npx zest-sandbox (trigger|deliveries)(.*)$/, `node ${SANDBOX_BIN} $1$2 --url "$ZEST_BASE_URL"`)
    .replaceAll('npx zest-sandbox', `node ${SANDBOX_BIN}`)
    .replace(/^npx @redocly\/cli /, `node ${redoclyBin()} `)
    .replaceAll('node_modules/@zestequity/partner-api-spec/dist/workflows', SPEC_WORKFLOWS)
    .replace(/^node packages\//, `node ${join(repoRoot, 'packages')}/`);
  for (const [example, real] of Object.entries(ids)) c = c.replaceAll(example, real);
  // curl prints the status last, so the test can require a 2xx (curl itself exits 0 on a 4xx).
  if (c.startsWith('curl ')) c += ` -w '\\n%{http_code}'`;
  return c;
}

/**
 * Starts the sandbox CLI in `dir` on a free port, delivering to `webhookUrl` (the trigger commands need a receiver);
 * resolves once `.sandbox/env` holds its address.
 */
async function startSandboxCli(dir, webhookUrl) {
  const child = spawn(process.execPath, [SANDBOX_BIN, '--port', '0', '--quiet', '--webhook-url', webhookUrl], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const env = join(dir, '.sandbox', 'env');
  try {
    await eventually(() => existsSync(env) && /Press Ctrl-C/.test(output), { timeout: 20_000 });
  } catch {
    child.kill('SIGTERM');
    throw new Error(`the sandbox did not start:\n${output}`);
  }
  const vars = Object.fromEntries(
    [...readFileSync(env, 'utf8').matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]),
  );
  return { child, vars };
}

describe('shell commands in the guides', () => {
  const spec = requireBuiltSite();
  const commands = guideCommands();
  const runnable = commands.filter(({ command }) => !NOT_RUN.some(([pattern]) => pattern.test(command)));
  let dir;
  let sandbox;
  let receiver;
  /** Example id in the guides -> the id of a record that exists in this sandbox. */
  const ids = {};
  /**
   * What the guides' reader holds once they ran the idempotency guide's `export ZEST_TOKEN=…`: `$ZEST_TOKEN`. Each
   * command runs in a shell of its own here, so the variable that command exports is passed in instead.
   */
  const held = {};

  /** Runs one command in bash, in the partner's folder, with `.sandbox/env` sourced and a token at hand. */
  const sh = (command) =>
    runCommand('bash', ['-c', `set -eo pipefail; source .sandbox/env; ${command}`], {
      cwd: dir,
      env: {
        // A partner's shell: no node_modules/.bin (npx, pnpm and vitest put this package's bins there).
        PATH: (process.env.PATH ?? '')
          .split(':')
          .filter((entry) => !entry.includes('node_modules'))
          .join(':'),
        HOME: dir,
        ZEST_TOKEN: held.token,
        // redocly respect (the workflows guide) must not report to, or check for updates on, the network.
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      },
      timeoutMs: 60_000,
    });

  /** POST to the sandbox as the development partner, with a fresh token (what the guide's reader already holds). */
  async function post(path, body, headers = {}) {
    const res = await fetch(`${sandbox.vars.ZEST_BASE_URL}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${held.token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(res.status, path).toBeLessThan(300);
    return res.json();
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zest-shell-samples-'));
    // The partner's receiver: acknowledges every delivery, as the webhooks guide asks.
    receiver = createServer((req, res) => req.resume().on('end', () => res.end('{}')));
    await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    sandbox = await startSandboxCli(dir, `http://127.0.0.1:${receiver.address().port}/webhooks/zest`);
    const token = await sh(
      `curl -sS -X POST "$ZEST_BASE_URL/v1/oauth2/tokens" --data-urlencode grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer --data-urlencode "assertion=$(node ${SANDBOX_BIN} assertion --audience "$ZEST_BASE_URL")"`,
    );
    held.token = JSON.parse(token.stdout).accessToken;
    // The body `--data @spv-request.json` sends: the spec's example of the operation.
    const create = listOperations(spec).find((op) => op.operationId === 'createSpvRequest');
    const { body } = exampleRequest(spec, create);
    writeFileSync(join(dir, 'spv-request.json'), JSON.stringify(body));
    // The example id the admin samples act on, as a pending request of this partner.
    const pending = await post('/v1/spv-requests', body, { 'idempotency-key': crypto.randomUUID() });
    ids.svr_a1b2c3 = pending.spvRequestSlug;
  });

  afterAll(() => {
    sandbox?.child.kill('SIGTERM');
    receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds the commands, and runs every one it does not skip for a stated reason', () => {
    expect(commands.length).toBeGreaterThan(30);
    expect(runnable.length).toBeGreaterThan(12);
    for (const [pattern] of NOT_RUN) {
      expect(
        commands.some(({ command }) => pattern.test(command)),
        `${pattern} matches no command any more`,
      ).toBe(true);
    }
  });

  it('runs each of them against the sandbox: exit 0, and a 2xx for every curl', { timeout: 180_000 }, async () => {
    for (const { guide, command } of runnable) {
      if (/deliveries --replay/.test(command)) {
        const list = await fetch(`${sandbox.vars.ZEST_BASE_URL}/sandbox/webhook-deliveries?newest=1`);
        ids.dlv_0f1e2d3c4b5a6978 = (await list.json()).deliveries[0].deliveryId;
      }
      const local = localCommand(command, ids);
      const run = await sh(local);
      const where = `${guide}: ${command}\n(ran: ${local})\n${run.output}`;
      expect(run.code, where).toBe(0);
      if (command.startsWith('curl ')) expect(run.stdout.trim().split('\n').at(-1), where).toMatch(/^2\d\d$/);
      // Fault injection stays on until it is switched off: the next command must not be the one that fails.
      if (command.includes('/sandbox/faults'))
        await sh(`curl -sS -X PUT "$ZEST_BASE_URL/sandbox/faults" -H 'Content-Type: application/json' --data '{}'`);
    }
  });
});
