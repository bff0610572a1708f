import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/zest-contract-tests.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI reads ZEST_* variables; a developer's own must not leak into these runs. */
function withoutZestVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('ZEST_')));
}

/**
 * Runs the real bin (which imports dist/) in a child process; asynchronous so the in-process sandbox can answer.
 * `onStderr` sees stderr as it arrives (progress lines), for tests that must react while the run is going.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  onStderr?: (soFar: string) => void,
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...withoutZestVariables(process.env), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      onStderr?.(stderr);
    });
    // A bound on a hung child, not a verdict: the exit code decides.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
