// The partner app: a fresh folder outside the workspace with its own package.json, the sources in ../partner-app,
// and an npmrc that points only the @zestequity scope at the local registry (everything else comes from the
// registry the machine is configured for, from npm's cache when it can).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cleanEnv, runOk, type Server, startServer } from './processes.js';
import type { WorkspacePackage } from './publish.js';
import type { LocalRegistry } from './registry.js';

const require = createRequire(import.meta.url);
const sources = join(import.meta.dirname, '..', 'partner-app');

/** The versions this workspace builds with, so the partner's compiler is the one the packages were checked with. */
function versionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

export async function createPartnerApp(
  dir: string,
  registry: LocalRegistry,
  published: WorkspacePackage[],
): Promise<void> {
  cpSync(sources, dir, { recursive: true });
  const dependencies = Object.fromEntries(published.map((p) => [p.name, p.version]));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'partner-app',
        private: true,
        type: 'module',
        dependencies,
        devDependencies: { typescript: versionOf('typescript'), '@types/node': versionOf('@types/node') },
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(dir, '.npmrc'), `@zestequity:registry=${registry.url}\n`);
  await runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: cleanEnv(),
    timeoutMs: 300_000,
  });
}

/** Environment for running the app with another Node: its binary first on PATH, so npx and #!/usr/bin/env node use it. */
export function nodeEnv(nodeBin: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cleanEnv({ PATH: `${dirname(nodeBin)}:${process.env.PATH ?? ''}`, ...extra });
}

/** `export NAME=value` lines of the sandbox's .sandbox/env. */
export function readSandboxEnv(dir: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(join(dir, '.sandbox', 'env'), 'utf8').split('\n')) {
    const match = /^export ([A-Z_]+)=(.*)$/.exec(line);
    if (match) vars[match[1]!] = match[2]!;
  }
  return vars;
}

export interface HappyPathRun {
  receiver: Server;
  sandbox: Server;
  sandboxEnv: Record<string, string>;
  nodeVersion: string;
  events: { eventId: string; eventType: string }[];
}

/**
 * Starts the partner's webhook receiver, then `npx zest-sandbox` pointed at it, runs the happy path, and waits until
 * the receiver has verified every event the sandbox recorded for the partner. The servers are left running (the
 * caller stops them) so the contract tests can use the same sandbox.
 */
export async function runHappyPath(dir: string, nodeBin: string): Promise<HappyPathRun> {
  const env = nodeEnv(nodeBin);
  const receiver = startServer(nodeBin, ['dist/webhook-receiver.js', '.sandbox/partner.json'], { cwd: dir, env });
  let sandbox: Server | undefined;
  try {
    const [, webhookUrl] = await receiver.waitFor(/webhook receiver on (http:\/\/\S+)/, 30_000);
    sandbox = startServer('npx', ['zest-sandbox', '--port', '0', '--webhook-url', webhookUrl!, '--quiet'], {
      cwd: dir,
      env,
    });
    await sandbox.waitFor(/Press Ctrl-C to stop\./, 90_000);
    const sandboxEnv = readSandboxEnv(dir);
    const happy = await runOk(nodeBin, ['dist/happy-path.js'], {
      cwd: dir,
      env: nodeEnv(nodeBin, sandboxEnv),
      timeoutMs: 90_000,
    });
    const nodeVersion = /^node (v\S+),/m.exec(happy.stdout)?.[1] ?? '?';
    const result = JSON.parse(/^RESULT (.*)$/m.exec(happy.stdout)?.[1] ?? 'null') as {
      events: HappyPathRun['events'];
    } | null;
    if (!result) throw new Error(`the happy path printed no RESULT\n${happy.stdout}\n${happy.stderr}`);
    for (const event of result.events) {
      await receiver.waitFor(
        new RegExp(`^verified ${event.eventId} ${event.eventType.replace('.', '\\.')}$`, 'm'),
        30_000,
      );
    }
    return { receiver, sandbox, sandboxEnv, nodeVersion, events: result.events };
  } catch (error) {
    await Promise.all([receiver.stop(), sandbox?.stop()]);
    throw error;
  }
}
