import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type SandboxOptions, startSandbox } from '../src/index.js';

const BIN = fileURLToPath(new URL('../bin/zest-sandbox.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'zest-sandbox-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The message startSandbox refuses `options` with, or undefined when it starts (then it is stopped again). */
async function refusal(options: SandboxOptions): Promise<string | undefined> {
  try {
    const sandbox = await startSandbox({ port: 0, ...options });
    await sandbox.stop();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Runs the real command until it exits, or kills it after 10 s (a command that started instead of refusing). */
async function runToExit(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

describe('numeric webhook options are checked at start-up', () => {
  it('startSandbox refuses a webhookTimeoutMs that is not a finite number above 0', async () => {
    for (const webhookTimeoutMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(await refusal({ webhookTimeoutMs })).toBe(
        `webhookTimeoutMs must be a finite number of milliseconds greater than 0, got ${webhookTimeoutMs}`,
      );
    }
    expect(await refusal({ webhookTimeoutMs: 150 })).toBeUndefined();
  });

  it('startSandbox refuses a timeScale that is not a finite number above 0', async () => {
    for (const timeScale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(await refusal({ timeScale })).toBe(`timeScale must be a finite number greater than 0, got ${timeScale}`);
    }
    expect(await refusal({ timeScale: 1e-6 })).toBeUndefined();
  });

  it('the command refuses a zero --time-scale, and an infinite timeScale in --config, with a clear message', async () => {
    const cwd = mkdtempSync(join(work, 'cli-'));
    const zero = await runToExit(['--time-scale', '0', '--port', '0'], cwd);
    expect(zero.code).toBe(1);
    expect(zero.output).toContain('--time-scale must be a positive number, got "0"');
    // JSON.parse reads 1e400 as Infinity.
    writeFileSync(join(cwd, 'infinite.json'), '{ "partners": [], "timeScale": 1e400 }');
    const infinite = await runToExit(['--config', 'infinite.json', '--port', '0'], cwd);
    expect(infinite.code).toBe(1);
    expect(infinite.output).toContain('timeScale must be a finite number greater than 0, got Infinity');
  });
});
