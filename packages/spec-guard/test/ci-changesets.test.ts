import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOGUE, git, PACKAGE_ROOT, runCli } from './helpers.js';

// scripts/check-changesets.mjs, the changeset half of the CI gate, run in a scratch repository.
const SCRIPT = join(PACKAGE_ROOT, '..', '..', 'scripts', 'check-changesets.mjs');
let dir: string;

function check(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { cwd: dir, env: { ...process.env, GITHUB_ACTIONS: '' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr });
      },
    );
  });
}

async function write(path: string, content: string): Promise<void> {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), content);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spec-guard-changesets-'));
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['config', 'user.email', 'ci@example.test']);
  await git(dir, ['config', 'user.name', 'CI']);
  await write('spec/package.json', JSON.stringify({ name: '@x/spec' }));
  await write('spec/openapi.yaml', 'openapi: 3.1.0\n');
  await write('packages/lib/package.json', JSON.stringify({ name: '@x/lib' }));
  await write('packages/lib/src/index.ts', 'export {};\n');
  await write('packages/internal/package.json', JSON.stringify({ name: '@x/internal', private: true }));
  await write('.changeset/README.md', '# Changesets\n');
  await write('.changeset/old.md', '---\n"@x/lib": minor\n---\n\nAn earlier change, not released yet.\n');
  await git(dir, ['add', '.']);
  await git(dir, ['commit', '-q', '-m', 'start']);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('check-changesets', () => {
  it('fails when a published package changed and no new changeset names it', async () => {
    await write('packages/lib/src/index.ts', 'export const x = 1;\n');
    const { code, out } = await check('--base', 'HEAD');
    expect(code).toBe(1);
    expect(out).toContain('@x/lib changed (packages/lib/src/index.ts) but no new changeset names it');
  });

  it('passes once a new changeset names it; one for another package does not count', async () => {
    await write('spec/openapi.yaml', 'openapi: 3.1.1\n');
    await write('.changeset/other.md', '---\n"@x/lib": patch\n---\n\nUnrelated.\n');
    expect((await check('--base', 'HEAD')).code).toBe(1);
    await write('.changeset/spec-bump.md', "---\n'@x/spec': patch\n---\n\nBump.\n");
    const { code, out } = await check('--base', 'HEAD');
    expect(code).toBe(0);
    expect(out).toContain('every changed package has a new changeset: @x/spec');
  });

  it('ignores tests, private packages and files outside packages', async () => {
    await write('packages/lib/test/index.test.ts', 'test\n');
    await write('packages/internal/src/index.ts', 'export {};\n');
    await write('README.md', 'hello\n');
    const { code, out } = await check('--base', 'HEAD');
    expect(code).toBe(0);
    expect(out).toContain('no change to spec/ or a published package');
  });

  it('in pending mode, a changeset already waiting for release counts', async () => {
    await write('packages/lib/src/index.ts', 'export const x = 1;\n');
    expect((await check('--base', 'HEAD', '--mode', 'pending')).code).toBe(0);
    await write('spec/openapi.yaml', 'openapi: 3.1.1\n');
    expect((await check('--base', 'HEAD', '--mode', 'pending')).code).toBe(1);
  });

  describe('generated-code breaks (from the spec-guard report)', () => {
    const GENERATED = ['--generated-packages', '@x/types,@x/client'];
    /** spec-guard's JSON report for a catalogue pair, written outside the scratch repository as CI does. */
    async function reportFor(pair: string): Promise<string> {
      const file = join(dir, '..', `${dir.split('/').pop()}-${pair}.json`);
      const pairDir = join(CATALOGUE, pair);
      const run = await runCli([
        'check',
        '--base',
        join(pairDir, 'base.yaml'),
        '--head',
        join(pairDir, 'revision.yaml'),
        '--no-exceptions',
        '--format',
        'text',
        '--write',
        `json=${file}`,
      ]);
      expect(run.code).toBe(0);
      return file;
    }

    it('an operationId rename passes the wire gate but needs a major changeset for the types package and the client', async () => {
      const report = await reportFor('25-operation-id-changed');
      try {
        await write('spec/openapi.yaml', 'openapi: 3.1.1\n');
        await write(
          '.changeset/rename.md',
          "---\n'@x/spec': minor\n'@x/types': minor\n'@x/client': major\n---\n\nRenamed.\n",
        );
        const minor = await check('--base', 'HEAD', '--spec-guard-report', report, ...GENERATED);
        expect(minor.code).toBe(1);
        expect(minor.out).toContain(
          'spec-guard found 1 change(s) that break generated code (SG018 operation-id-changed; e.g. GET /v1/things/{thingId}: operationId `getThing` became `fetchThing`)',
        );
        expect(minor.out).toContain('add a changeset with "@x/types": major, or undo the rename');
        expect(minor.out).not.toContain('"@x/client": major');

        await write(
          '.changeset/rename.md',
          "---\n'@x/spec': minor\n'@x/types': major\n'@x/client': major\n---\n\nRenamed.\n",
        );
        const major = await check('--base', 'HEAD', '--spec-guard-report', report, ...GENERATED);
        expect(major.code).toBe(0);
        expect(major.out).toContain('1 generated-code break(s), released as a major version of @x/types, @x/client');
      } finally {
        await rm(report, { force: true });
      }
    });

    it('a wire-neutral equivalent rewrite needs no major changeset; an empty report (spec-guard did not run) is said so', async () => {
      const report = await reportFor('65-response-recomposed-as-allof');
      try {
        await write('spec/openapi.yaml', 'openapi: 3.1.1\n');
        await write('.changeset/rewrite.md', "---\n'@x/spec': patch\n---\n\nRecomposed.\n");
        const clean = await check('--base', 'HEAD', '--spec-guard-report', report, ...GENERATED);
        expect(clean.code).toBe(0);
        expect(clean.out).toContain('spec-guard found no change that breaks generated code');
        await writeFile(report, '');
        const empty = await check('--base', 'HEAD', '--spec-guard-report', report, ...GENERATED);
        expect(empty.code).toBe(0);
        expect(empty.out).toContain('generated-code breaks not checked');
      } finally {
        await rm(report, { force: true });
      }
    });
  });
});
