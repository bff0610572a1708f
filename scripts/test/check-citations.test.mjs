// scripts/check-citations.mjs against small fixture trees: one that must fail per class of bad citation, and the
// forms that must pass. The forbidden strings are assembled at run time so this file does not contain them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { anchorsOf, findProblems } from '../check-citations.mjs';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'check-citations.mjs');
const OUTSIDE = ['..', 'shared', 'zest', 'openapi-original.json'].join('/');
const SHEET = ['API', 'FACTS'].join('-');
const DECISIONS = [
  '# Design decisions',
  '',
  '<a id="servers"></a>',
  '',
  '## Servers and the assertion audience',
  '',
  'Text.',
  '',
  '## Upload limits',
  '',
].join('\n');

const dirs = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files) {
  const root = mkdtempSync(join(tmpdir(), 'citations-'));
  dirs.push(root);
  const all = { 'docs/design-decisions.md': DECISIONS, ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, files: Object.keys(all) };
}

const problemsIn = (files) => findProblems(tree(files)).map((p) => `${p.file}:${p.line}: ${p.message}`);

describe('check-citations refuses', () => {
  it.each([
    [
      'the folder beside the repository',
      { 'src/a.ts': `const f = '${OUTSIDE}';\n` },
      /src\/a\.ts:1: reads or links the folder beside/,
    ],
    ['the fact sheet by name', { 'src/a.ts': `// see ${SHEET} for why\n` }, /src\/a\.ts:1: cites a fact sheet/],
    [
      'a bare decision id',
      { 'src/a.ts': '// 422 stays declared (D11).\n' },
      /src\/a\.ts:1: cites "D11" without a link/,
    ],
    ['a bare section sign', { 'x.yaml': 'reason: documented (§4.20)\n' }, /x\.yaml:1: cites "§4\.20" without a link/],
    [
      'a relative Markdown link to a missing file',
      { 'pkg/README.md': '# P\n\nSee [it](../docs/nope.md).\n' },
      /pkg\/README\.md:3: links to docs\/nope\.md, which the repository does not contain/,
    ],
    [
      'a relative Markdown link to a missing anchor',
      { 'pkg/README.md': '# P\n\n[x](../docs/design-decisions.md#nope)\n' },
      /links to docs\/design-decisions\.md#nope, but .* has no such anchor/,
    ],
    ['a link to a missing anchor in the same file', { 'a.md': '# A\n\n[x](#b)\n' }, /a\.md:3: links to a\.md#b, but/],
    [
      'a relative link that leaves the repository',
      { 'a.md': '# A\n\n[x](../../elsewhere.md)\n' },
      /outside the repository/,
    ],
    [
      'a guide citation with a missing anchor',
      { 'src/a.ts': '// docs/design-decisions.md#retries\n' },
      /src\/a\.ts:1: cites docs\/design-decisions\.md#retries, but/,
    ],
    [
      'a guide citation of a missing guide',
      { 'src/a.ts': '// (docs/retries.md)\n' },
      /src\/a\.ts:1: cites docs\/retries\.md, which the repository does not contain/,
    ],
    [
      'a heading slug where the heading has an explicit anchor',
      { 'src/a.ts': '// docs/design-decisions.md#servers-and-the-assertion-audience\n' },
      /has no such anchor/,
    ],
    [
      'an upper-case document the repository lacks',
      { 'x.yaml': 'reason: NOTES.md names it so\n' },
      /x\.yaml:1: names NOTES\.md/,
    ],
  ])('%s', (_, files, expected) => {
    const problems = problemsIn(files);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });
});

describe('check-citations accepts', () => {
  it('links and citations that resolve, decision ids with a link after them, byte values and code blocks', () => {
    expect(
      problemsIn({
        'src/a.ts': [
          '// docs/design-decisions.md#servers and docs/design-decisions.md#upload-limits',
          '// D10 docs/design-decisions.md#upload-limits',
          '// a tracked README with a section: pkg/README.md#use-it',
        ].join('\n'),
        'pkg/README.md': [
          '# P',
          '',
          '## Use it',
          '',
          'JPEG starts with `FF D8 FF`, or FF D8 FF in prose.',
          '[why](../docs/design-decisions.md#servers), [limits](../docs/design-decisions.md#upload-limits),',
          '[up](#use-it), [site](https://example.org/x.md#y), [ref](ref:createSpvRequest), [log](../docs/changelog.md).',
          '`[not a link](missing.md)`',
          '```md',
          '[inside a fence](missing.md)',
          '```',
        ].join('\n'),
        'CHANGELOG-note.txt': 'Released notes land in CHANGELOG.md (generated).',
      }),
    ).toEqual([]);
  });

  it('reads anchors the way the docs site assigns them', () => {
    expect([...anchorsOf(DECISIONS)]).toEqual(['design-decisions', 'servers', 'upload-limits']);
    expect([...anchorsOf('# T\n\n## Step `one`\n\n## Step one\n\n```\n# not a heading\n```\n')]).toEqual([
      't',
      'step-one',
      'step-one-1',
    ]);
  });
});

describe('check-citations from the command line', () => {
  it('passes on this repository', () => {
    const out = execFileSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(out).toMatch(/every citation resolves inside the repository/);
  });

  it('exits 1 and names file and line in a repository with a bad citation', () => {
    const { root } = tree({ 'src/a.ts': 'ok\n// see D7\n' });
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '.'], { cwd: root });
    const run = spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('src/a.ts:2: cites "D7" without a link');
  });
});
