import { spawn } from 'node:child_process';

/** How a command ended and what it printed. */
export interface CommandRun {
  /** The exit code, or null when a signal ended it (then `signal` says which). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for assertions that do not care which stream a message went to. */
  output: string;
}

export interface RunOptions {
  cwd?: string;
  /** The child's whole environment (default: this process's); spread `process.env` to add to it. */
  env?: NodeJS.ProcessEnv;
  /** Kills the child (SIGKILL) after this many ms: a bound on a hung child, not a verdict. Default: no bound. */
  timeoutMs?: number;
  /** Sees stdout so far each time more arrives, for tests that react while the command runs. */
  onStdout?: (soFar: string) => void;
  /** Sees stderr so far each time more arrives (progress lines, a printed URL). */
  onStderr?: (soFar: string) => void;
}

/**
 * Runs `command` to its end and resolves to its exit code and output: a non-zero exit is a result to assert on, not
 * a rejection (only a command that cannot be started rejects). stdin is closed, so nothing waits for input.
 */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream, so a UTF-8 character split across two chunks stays whole.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(stdout);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(stderr);
    });
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close', not 'exit': by then both streams have ended, so nothing printed last is missing.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, output: stdout + stderr });
    });
  });
}

/** Runs a Node script with this Node (`process.execPath`); see `runCommand`. */
export function runNode(script: string, args: readonly string[] = [], options: RunOptions = {}): Promise<CommandRun> {
  return runCommand(process.execPath, [script, ...args], options);
}
