// Runs the Redocly CLI the way `pnpm lint` does (same binary, same redocly.yaml) and returns its problems.
//
// Why the CLI and not @redocly/openapi-core's `lint()`: @redocly/cli 2.x ships as a self-contained bundle, and no
// @redocly/openapi-core release matches the CLI version this repository pins, so the only way to test exactly what
// `pnpm lint` runs is to run it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { specDir } from './paths.js';

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  /** Source file relative to spec/, with forward slashes. */
  file: string;
  /** JSON pointer inside that file, e.g. `#/paths/~1v1~1things/get`. */
  pointer: string;
  reportOnKey: boolean;
}

export interface LintResult {
  totals: { errors: number; warnings: number; ignored: number };
  problems: LintProblem[];
}

interface CliProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { source: { ref: string }; pointer: string; reportOnKey?: boolean }[];
}

interface CliReport {
  totals: LintResult['totals'];
  problems: CliProblem[];
}

const redoclyBin = join(specDir, 'node_modules/.bin/redocly');

/** Lints every file in one CLI run (paths relative to spec/); returns one result per input file. */
export function lintFiles(files: string[]): Map<string, LintResult> {
  const run = spawnSync(
    redoclyBin,
    ['lint', ...files, '--config', 'redocly.yaml', '--format', 'json', '--max-problems', '10000'],
    {
      cwd: specDir,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (run.error) throw run.error;
  const out = run.stdout.trim();
  if (!out.startsWith('{')) {
    throw new Error(`redocly lint printed no JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  // With several inputs the CLI prints one JSON document per file, back to back, in input order. Messages are JSON
  // strings (newlines escaped), so a line starting with `}{` can only be a document boundary.
  const reports = JSON.parse(`[${out.replace(/\n\}\s*\{/g, '\n},{')}]`) as CliReport[];
  if (reports.length !== files.length) {
    throw new Error(`expected ${files.length} lint reports, got ${reports.length}:\n${run.stderr}`);
  }
  return new Map(
    files.map((file, index) => {
      const report = reports[index]!;
      return [
        file,
        {
          totals: report.totals,
          problems: report.problems.map((p) => ({
            ruleId: p.ruleId,
            severity: p.severity,
            message: p.message,
            file: p.location[0]?.source.ref.replaceAll('\\', '/') ?? '',
            pointer: p.location[0]?.pointer ?? '',
            reportOnKey: p.location[0]?.reportOnKey === true,
          })),
        },
      ];
    }),
  );
}
