import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { parse, stringify } from 'yaml';
import { check, compareDocuments, type Draft, getRule } from '../src/index.js';

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

/** A parsed YAML document, edited freely by the tests. */
export type Doc = Record<string, any>;

/** The catalogue's `62-no-change` base, parsed afresh each call (callers edit it). */
export const catalogueBase = (): Doc =>
  parse(readFileSync(join(CATALOGUE, '62-no-change', 'base.yaml'), 'utf8')) as Doc;

/**
 * In memory, through the public comparison: the base is the catalogue's base after `prepare`, the head a copy of it
 * after `edit`, so every finding comes from `edit`.
 */
export function compareEdited(prepare: (doc: Doc) => void, edit: (doc: Doc) => void): Promise<Draft[]> {
  const base = catalogueBase();
  prepare(base);
  const head = structuredClone(base);
  edit(head);
  return compareDocuments(base, head);
}

/** Every rule found, with its kind, documentation findings of the documentation engine aside. */
export const ruleKinds = (drafts: Draft[]): string[] =>
  [...new Set(drafts.filter((d) => d.engine !== 'docs').map((d) => `${d.rule} ${getRule(d.rule).kind}`))].sort();

export interface PairResult {
  ok: boolean;
  /** `rule verdict` of every finding, once each, sorted. */
  rules: string[];
  /** `rule message` of every finding, in report order. */
  messages: string[];
}

/**
 * Pairs built from the catalogue's `62-no-change` base: `compare(editBase, editHead)` applies `editBase` to a copy
 * of it (the base of the pair), then `editHead` to a copy of that (the head), and checks the two without exceptions,
 * so every finding comes from the edits. Files go to a temporary folder removed after the test file.
 */
export function useEditedPairs(
  prefix: string,
): (editBase: (doc: Doc) => void, editHead: (doc: Doc) => void) => Promise<PairResult> {
  let dir: string;
  let baseDoc: Doc;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    baseDoc = catalogueBase();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  let pairs = 0;
  return async (editBase, editHead) => {
    const name = `pair-${++pairs}`;
    const base = structuredClone(baseDoc);
    editBase(base);
    const head = structuredClone(base);
    editHead(head);
    await writeFile(join(dir, `${name}.base.yaml`), stringify(base));
    await writeFile(join(dir, `${name}.head.yaml`), stringify(head));
    const report = await check({
      base: join(dir, `${name}.base.yaml`),
      head: join(dir, `${name}.head.yaml`),
      exceptions: false,
    });
    return {
      ok: report.ok,
      rules: [...new Set(report.findings.map((f) => `${f.rule} ${f.verdict}`))].sort(),
      messages: report.findings.map((f) => `${f.rule} ${f.message}`),
    };
  };
}
