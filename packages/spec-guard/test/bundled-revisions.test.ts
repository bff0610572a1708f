import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { REVISIONS } from './bundled-revisions.js';
import { type Doc, PACKAGE_ROOT } from './helpers.js';

// The fourth probe round (see bundled-revisions.ts): each revision of the bundled spec gets the verdict the wire
// gives it, or the other one where the README documents that spec-guard cannot tell. The findings are printed on a
// mismatch, so a failure says which rule decided.
const BUNDLED = join(PACKAGE_ROOT, 'test', 'fixtures', 'bundled-openapi.json');
const bundled = JSON.parse(readFileSync(BUNDLED, 'utf8')) as Doc;
const README = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spec-guard-bundled-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('revisions of the bundled spec', () => {
  it('holds at least 150 revisions, none named twice, each limitation named in the README', () => {
    expect(REVISIONS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(REVISIONS.map((r) => r.name)).size).toBe(REVISIONS.length);
    for (const r of REVISIONS.filter((x) => x.limitation)) expect(README).toContain(r.limitation);
  });

  it.each(REVISIONS.map((r, i) => [r.name, r, i] as const))('%s', async (_name, revision, index) => {
    const base = structuredClone(bundled);
    revision.base?.(base);
    const head = structuredClone(base);
    revision.head(head);
    await writeFile(join(dir, `${index}.base.json`), JSON.stringify(base));
    await writeFile(join(dir, `${index}.head.json`), JSON.stringify(head));
    const report = await check({
      base: join(dir, `${index}.base.json`),
      head: join(dir, `${index}.head.json`),
      exceptions: false,
    });
    // A documented limitation gives the other verdict than the wire's.
    const other = revision.verdict === 'pass' ? 'fail' : 'pass';
    const expected = revision.limitation ? other : revision.verdict;
    const findings = report.findings.map((f) => `${f.rule} ${f.verdict} ${f.message}`).join('\n');
    expect(report.ok ? 'pass' : 'fail', findings).toBe(expected);
    expect(report.findings.every((f) => f.message.length > 10 && f.location.file)).toBe(true);
  });
});
