import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../src/index.js';
import { runCli, SPLIT_SPEC, scratchWithSpec } from './helpers.js';

// One breaking change (a new enum value in a shared schema, seen by an operation and by a webhook), one additive
// change and one documentation change, in a split spec: every output format must name rule, sentence and file:line.
let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await scratchWithSpec());
  await cp(SPLIT_SPEC, join(dir, 'base-spec'), { recursive: true });
  const status = join(dir, 'spec/components/schemas/ThingStatus.yaml');
  await writeFile(status, `${await readFile(status, 'utf8')}  - deleted\n`);
  const thing = join(dir, 'spec/components/schemas/Thing.yaml');
  const text = (await readFile(thing, 'utf8')).replace(
    'description: Free text.',
    'description: Free text, one paragraph.',
  );
  await writeFile(thing, `${text}  createdAt:\n    type: string\n    format: date-time\n`);
});
afterEach(() => cleanup());

const args = (format: string) => [
  'check',
  '--base',
  'base-spec/openapi.yaml',
  '--head',
  'spec/openapi.yaml',
  '--format',
  format,
];

describe('output formats', () => {
  it('json: every finding with rule, verdict, sentence and source location; exit code 1', async () => {
    const { code, stdout } = await runCli(args('json'), dir);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.ok).toBe(false);
    expect(report.summary).toMatchObject({ breaking: 2, additive: 2, docs: 1 });
    const enumAdded = report.findings.find((f) => f.rule === 'SG011');
    expect(enumAdded).toMatchObject({
      verdict: 'breaking',
      operation: 'GET /v1/things/{thingId}',
      location: {
        file: 'spec/components/schemas/ThingStatus.yaml',
        line: 5,
        path: 'components.schemas.ThingStatus.enum.2',
      },
    });
    expect(enumAdded?.message).toContain('deleted');
    expect(report.findings.find((f) => f.rule === 'SG033')).toMatchObject({
      operation: 'webhook thing.created',
      location: { file: 'spec/components/schemas/ThingStatus.yaml', line: 2 },
    });
    expect(report.findings.find((f) => f.rule === 'SG070')?.location).toMatchObject({
      file: 'spec/components/schemas/Thing.yaml',
      line: 14,
    });
  });

  it('github: ::error annotations on file and line for breaking changes only', async () => {
    const { code, stdout } = await runCli(args('github'), dir);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toContain(
      '::error file=spec/components/schemas/ThingStatus.yaml,line=5,title=SG011 response-enum-value-added::' +
        'GET /v1/things/{thingId}: added the new `deleted` enum value to the `status` response property for the response status `200`',
    );
    expect(
      lines.some((l) =>
        l.startsWith(
          '::error file=spec/components/schemas/ThingStatus.yaml,line=2,title=SG033 webhook-enum-value-added::webhook thing.created:',
        ),
      ),
    ).toBe(true);
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(2);
    expect(lines.some((l) => /SG053|SG070/.test(l))).toBe(false);
    expect(lines.at(-1)).toMatch(/^spec-guard FAILED: 2 breaking/);
  });

  it('markdown: a pull-request summary with counts and a table of breaking changes', async () => {
    const { code, stdout } = await runCli(args('markdown'), dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^## ❌ spec-guard FAILED: 2 breaking/);
    expect(stdout).toContain('| 2 | 0 | 0 | 0 | 2 | 1 |');
    expect(stdout).toContain('### Breaking on the wire');
    expect(stdout).toContain('| SG011 response-enum-value-added | `GET /v1/things/{thingId}` |');
    expect(stdout).toContain('`spec/components/schemas/ThingStatus.yaml:5`');
    expect(stdout).toContain('<details><summary>Additive (2)</summary>');
  });

  it('text: grouped by verdict, with file:line', async () => {
    const { code, stdout } = await runCli(args('text'), dir);
    expect(code).toBe(1);
    expect(stdout).toContain('Breaking on the wire (2)');
    expect(stdout).toContain('    at spec/components/schemas/ThingStatus.yaml:5');
    expect(stdout).toContain('Documentation only (1)');
  });

  it('--write adds a second report, as CI does for the step summary', async () => {
    const summary = join(dir, 'summary.md');
    const { code } = await runCli([...args('github'), '--write', `markdown=${summary}`], dir);
    expect(code).toBe(1);
    expect(await readFile(summary, 'utf8')).toMatch(/^## ❌ spec-guard FAILED/);
  });

  it('a removed property is annotated where it was, in the head file that still exists', async () => {
    const thing = join(dir, 'spec/components/schemas/Thing.yaml');
    await writeFile(
      thing,
      (await readFile(thing, 'utf8')).replace(/ {2}note:\n {4}type: string\n {4}description: [^\n]*\n/, ''),
    );
    const { stdout } = await runCli(args('json'), dir);
    const removed = (JSON.parse(stdout) as Report).findings.find((f) => f.rule === 'SG009');
    expect(removed?.location).toMatchObject({ file: 'spec/components/schemas/Thing.yaml', line: 6, side: 'base' });
  });

  it('a generated-code break is its own class in every format, and does not fail the wire gate', async () => {
    // Only a rename: the wire is the base's, the generated client's method name is not.
    await cp(join(dir, 'base-spec'), join(dir, 'spec'), { recursive: true });
    const file = join(dir, 'spec/paths/v1_things_{thingId}.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('operationId: getThing', 'operationId: fetchThing'));

    const json = await runCli(args('json'), dir);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.summary).toMatchObject({ breaking: 0, codegen: 1 });
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'SG018',
        kind: 'codegen',
        verdict: 'codegen',
        operation: 'GET /v1/things/{thingId}',
        location: expect.objectContaining({ file: 'spec/paths/v1_things_{thingId}.yaml' }),
      }),
    ]);

    const github = await runCli(args('github'), dir);
    expect(github.code).toBe(0);
    expect(github.stdout).toMatch(
      /^::warning file=spec\/paths\/v1_things_\{thingId\}\.yaml,line=\d+,title=SG018 operation-id-changed \(breaks generated code\)::GET \/v1\/things\/\{thingId\}: operationId `getThing` became `fetchThing`$/m,
    );
    expect(github.stdout).not.toContain('::error');

    const markdown = await runCli(args('markdown'), dir);
    expect(markdown.stdout).toMatch(/^## ✅ spec-guard passed: 0 breaking, 1 breaking generated code/);
    expect(markdown.stdout).toContain('### Breaks generated code');
    expect(markdown.stdout).toContain('| SG018 operation-id-changed | `GET /v1/things/{thingId}` |');

    const text = await runCli(args('text'), dir);
    expect(text.stdout).toContain(
      'Breaks generated code (wire unchanged; allowed only in a major release of the generated types and client) (1)',
    );
    expect(text.stdout).toContain('  SG018 operation-id-changed  GET /v1/things/{thingId}');
  });
});
