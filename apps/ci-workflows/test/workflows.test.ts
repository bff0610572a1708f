import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkFiles, validateWorkflow, workflowFiles } from '../src/check-workflows.js';

const root = join(import.meta.dirname, '..', '..', '..');
const cli = join(import.meta.dirname, '..', 'src', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'ci-workflows-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const read = (name: string) => readFileSync(join(root, '.github', 'workflows', name), 'utf8');
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };
type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

describe('the repository workflows', () => {
  it('are all valid against the GitHub workflow schema', () => {
    const results = checkFiles(workflowFiles(root));
    expect(results.map((r) => basename(r.file))).toEqual(
      expect.arrayContaining(['ci.yml', 'pull-request.yml', 'release.yml']),
    );
    for (const { file, problems } of results) expect(problems, file).toEqual([]);
  });

  it('ci.yml installs with the frozen lockfile, builds and runs pnpm test on push and pull request, with caches', () => {
    const ci = parse(read('ci.yml')) as Workflow;
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const runs = steps(ci)
      .map((s) => s.run ?? '')
      .join('\n');
    expect(runs).toMatch(/corepack enable/);
    expect(runs).toMatch(/pnpm install --frozen-lockfile/);
    expect(runs).toMatch(/pnpm build/);
    expect(runs).toMatch(/pnpm test/);
    expect(runs).toMatch(/apt-get install .*chromium/);
    const cached = steps(ci)
      .filter((s) => s.uses?.startsWith('actions/cache@'))
      .map((s) => String(s.with?.path));
    expect(cached.join('\n')).toMatch(/PNPM_STORE/);
    expect(cached.join('\n')).toMatch(/\.turbo\/cache/);
  });

  it('release.yml versions and publishes with changesets/action, with provenance', () => {
    const release = parse(read('release.yml')) as Workflow;
    expect(release.permissions?.['id-token']).toBe('write');
    const action = steps(release).find((s) => s.uses?.startsWith('changesets/action@'));
    expect(action?.with).toMatchObject({ version: 'pnpm version-packages', publish: 'pnpm release:ci' });
    expect(action?.env?.NPM_CONFIG_PROVENANCE).toBe(true);
  });
});

describe('check-workflows', () => {
  it('refuses a workflow with a misspelt key, a job without runs-on and a step that neither runs nor uses', () => {
    const problems = validateWorkflow(
      ['on: push', 'jobs:', '  build:', '    runs-onn: ubuntu-latest', '    steps:', '      - name: nothing', ''].join(
        '\n',
      ),
    );
    expect(problems.join('\n')).toMatch(/runs-onn/);
    expect(problems.join('\n')).toMatch(/runs-on/);
  });

  it('refuses an unknown trigger and a bad permission value', () => {
    expect(
      validateWorkflow(
        ['on: pushed', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: echo', ''].join('\n'),
      ),
    ).not.toEqual([]);
    expect(
      validateWorkflow(
        [
          'on: push',
          'permissions:',
          '  contents: everything',
          'jobs:',
          '  a:',
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - run: echo',
          '',
        ].join('\n'),
      ),
    ).not.toEqual([]);
  });

  it('exits 1 on a broken copy of ci.yml and names the problem, and 0 on the real one', () => {
    const broken = join(work, 'ci.yml');
    writeFileSync(broken, read('ci.yml').replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest'));
    const bad = spawnSync(process.execPath, [cli, broken], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/runs_on/);
    const good = spawnSync(process.execPath, [cli, join(root, '.github', 'workflows', 'ci.yml')], { encoding: 'utf8' });
    expect(good.status, good.stderr).toBe(0);
  });
});

describe('set-repository (run by release.yml before publishing, for npm provenance)', () => {
  it('points every public package, and only those, at the workflow repository with its folder', async () => {
    const { setRepository } = await import('../src/set-repository.js');
    const fake = mkdtempSync(join(work, 'repo-'));
    const write = (dir: string, manifest: object) => {
      mkdirSync(join(fake, dir), { recursive: true });
      writeFileSync(join(fake, dir, 'package.json'), JSON.stringify(manifest));
    };
    write('spec', { name: '@zestequity/partner-api-spec' });
    write('packages/client', { name: '@zestequity/partner-api-client' });
    write('packages/internal', { name: '@zestequity/internal', private: true });
    const lines = setRepository(fake, 'https://github.com', 'acme/zest-toolkit');
    expect(lines).toHaveLength(2);
    const client = JSON.parse(readFileSync(join(fake, 'packages/client/package.json'), 'utf8'));
    expect(client.repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/acme/zest-toolkit.git',
      directory: 'packages/client',
    });
    expect(JSON.parse(readFileSync(join(fake, 'packages/internal/package.json'), 'utf8')).repository).toBeUndefined();
    expect(() => setRepository(fake, undefined, undefined)).toThrow(/GITHUB_REPOSITORY/);
  });

  it('finds exactly the nine packages this repository publishes', async () => {
    const { publicPackageDirs } = await import('../src/set-repository.js');
    expect(
      publicPackageDirs(root)
        .map((dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name)
        .sort(),
    ).toEqual([
      '@zestequity/partner-api-client',
      '@zestequity/partner-api-contract-tests',
      '@zestequity/partner-api-mock',
      '@zestequity/partner-api-spec',
      '@zestequity/partner-api-types',
      '@zestequity/partner-auth',
      '@zestequity/partner-sandbox',
      '@zestequity/spec-guard',
      '@zestequity/spec-model',
    ]);
  });
});
