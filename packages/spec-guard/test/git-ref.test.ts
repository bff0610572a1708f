import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../src/index.js';
import { git, runCli, scratchWithSpec } from './helpers.js';

// A real repository: the base is read from a git ref (the spec/ directory at that commit, bundled from its split
// files), the head from the working tree, and locations come out as repository paths.
let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await scratchWithSpec());
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['config', 'user.email', 'ci@example.test']);
  await git(dir, ['config', 'user.name', 'CI']);
  await git(dir, ['config', 'commit.gpgsign', 'false']);
});
afterEach(() => cleanup());

async function removeNote(): Promise<void> {
  const thing = join(dir, 'spec/components/schemas/Thing.yaml');
  await writeFile(
    thing,
    (await readFile(thing, 'utf8')).replace(/ {2}note:\n {4}type: string\n {4}description: [^\n]*\n/, ''),
  );
}

describe('--base <git ref>', () => {
  it('compares the spec at a ref with the working tree', async () => {
    await git(dir, ['add', 'spec']);
    await git(dir, ['commit', '-q', '-m', 'spec v1']);
    await removeNote();
    const { code, stdout } = await runCli(
      ['check', '--base', 'HEAD', '--head', 'spec/openapi.yaml', '--format', 'json'],
      dir,
    );
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.base).toMatch(/^HEAD \([0-9a-f]{7}\)$/);
    const rules = new Set(report.findings.map((f) => `${f.rule} ${f.verdict}`));
    expect(rules).toEqual(new Set(['SG009 breaking', 'SG031 breaking']));
    for (const f of report.findings) expect(f.location.file).toBe('spec/components/schemas/Thing.yaml');
  });

  it('reads an older commit (HEAD~1) and a branch name', async () => {
    await git(dir, ['add', 'spec']);
    await git(dir, ['commit', '-q', '-m', 'spec v1']);
    await removeNote();
    await git(dir, ['commit', '-q', '-am', 'drop note']);
    await git(dir, ['branch', 'release']);
    const older = await runCli(['check', '--base', 'HEAD~1', '--head', 'spec/openapi.yaml'], dir);
    expect(older.code).toBe(1);
    expect(older.stdout).toContain('SG009 response-property-removed');
    const same = await runCli(['check', '--base', 'release', '--head', 'spec/openapi.yaml'], dir);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('spec-guard passed: 0 breaking');
  });

  it('a ref without the spec means no base: nothing to compare, exit 0', async () => {
    await writeFile(join(dir, 'README.md'), 'before the spec\n');
    await git(dir, ['add', 'README.md']);
    await git(dir, ['commit', '-q', '-m', 'first']);
    const { code, stdout } = await runCli(['check', '--base', 'HEAD', '--head', 'spec/openapi.yaml'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('no base, nothing to compare');
  });

  it('a --spec-dir the head does not have either is an error (exit 2), not "no base"', async () => {
    await git(dir, ['add', 'spec']);
    await git(dir, ['commit', '-q', '-m', 'spec v1']);
    const { code, stdout, stderr } = await runCli(
      ['check', '--base', 'HEAD', '--head', 'spec/openapi.yaml', '--spec-dir', 'nonexistent'],
      dir,
    );
    expect(code).toBe(2);
    expect(stdout).not.toContain('no base');
    expect(stderr).toContain('--spec-dir nonexistent: no such directory');
  });

  it('an input that is neither a file, a package nor a ref is a usage error (exit 2)', async () => {
    await git(dir, ['add', 'spec']);
    await git(dir, ['commit', '-q', '-m', 'spec v1']);
    const { code, stderr } = await runCli(['check', '--base', 'no-such-branch', '--head', 'spec/openapi.yaml'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('no-such-branch is not a file, a package@version, or a git ref');
  });

  it('a broken $ref at the ref is a clear error, not a crash', async () => {
    const status = join(dir, 'spec/components/schemas/ThingStatus.yaml');
    const content = await readFile(status, 'utf8');
    await rm(status);
    await git(dir, ['add', '-A', 'spec']);
    await git(dir, ['commit', '-q', '-m', 'broken']);
    await writeFile(status, content);
    const { code, stderr } = await runCli(['check', '--base', 'HEAD', '--head', 'spec/openapi.yaml'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read .*ThingStatus\.yaml/);
  });
});
