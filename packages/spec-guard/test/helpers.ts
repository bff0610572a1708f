import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(PACKAGE_ROOT, 'bin', 'spec-guard.js');
export const CATALOGUE = join(PACKAGE_ROOT, 'test', 'catalogue');
export const SPLIT_SPEC = join(PACKAGE_ROOT, 'test', 'fixtures', 'split-spec');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built command line as a partner's CI would, in `cwd`. */
export function runCli(args: string[], cwd: string = PACKAGE_ROOT, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`git ${args.join(' ')}: ${stderr || error.message}`));
        else resolve(stdout);
      },
    );
  });
}

/** A scratch directory holding a copy of the split-spec fixture under `spec/`. */
export async function scratchWithSpec(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'spec-guard-test-'));
  await cp(SPLIT_SPEC, join(dir, 'spec'), { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
