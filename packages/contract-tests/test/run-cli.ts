import { fileURLToPath } from 'node:url';
import { runNode } from '@zestequity/testing';
import { CLIENT_ID, ISSUER } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/zest-contract-tests.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The options that point a run at `baseUrl` as a partner: this suite's client and issuer unless others are named. */
export function targetArgs(baseUrl: string, keyFile: string, clientId = CLIENT_ID, issuer = ISSUER): string[] {
  return ['--base-url', baseUrl, '--client-id', clientId, '--issuer', issuer, '--private-key-file', keyFile];
}

/** The CLI reads ZEST_* variables; a developer's own must not leak into these runs. */
function withoutZestVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('ZEST_')));
}

/**
 * Runs the real bin (which imports dist/) in a child process; asynchronous so the in-process sandbox can answer.
 * `onStderr` sees stderr as it arrives (progress lines), for tests that must react while the run is going.
 */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  onStderr?: (soFar: string) => void,
): Promise<CliRun> {
  // A bound on a hung child, not a verdict: the exit code decides.
  const run = await runNode(BIN, args, {
    env: { ...withoutZestVariables(process.env), ...env },
    timeoutMs: 60_000,
    onStderr,
  });
  return { code: run.code ?? -1, stdout: run.stdout, stderr: run.stderr };
}
