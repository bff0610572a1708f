import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFile, type Report } from '../src/index.js';
import { CATALOGUE, runCli } from './helpers.js';

const run = promisify(execFile);

// The published-version base (`@zestequity/partner-api-spec@1.0.0`) goes through `npm pack`; the package is not
// published yet, so this drives the same code path with a tarball that `npm pack` builds from a local folder.
let dir: string;
let tarball: string;
const pair = join(CATALOGUE, '17-response-enum-value-added');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spec-guard-published-'));
  const pkg = join(dir, 'pkg');
  await mkdir(join(pkg, 'dist'), { recursive: true });
  await writeFile(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: '@zestequity/partner-api-spec',
      version: '1.0.0',
      files: ['dist'],
      exports: { './openapi.json': './dist/openapi.json' },
    }),
  );
  await writeFile(join(pkg, 'dist', 'openapi.json'), JSON.stringify(bundleFile(join(pair, 'base.yaml')).doc));
  await run('npm', ['pack', pkg, '--pack-destination', dir, '--silent'], { cwd: dir });
  const name = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
  if (!name) throw new Error('npm pack wrote no tarball');
  tarball = join(dir, name);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('--base <published package>', () => {
  it('reads the bundled document out of the package tarball', async () => {
    const { code, stdout } = await runCli([
      'check',
      '--base',
      tarball,
      '--head',
      join(pair, 'revision.yaml'),
      '--format',
      'json',
      '--no-exceptions',
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect([...new Set(report.findings.map((f) => f.rule))]).toEqual(['SG011']);
  });

  it('an unchanged head passes against the published version', async () => {
    const { code } = await runCli(['check', '--base', tarball, '--head', join(pair, 'base.yaml'), '--no-exceptions']);
    expect(code).toBe(0);
  });
});
