import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, RULES } from '../src/index.js';
import { CATALOGUE, PACKAGE_ROOT } from './helpers.js';

// The rule catalogue, oasdiff / Azure openapi-diff style: one folder per {base, revision} pair with the verdict and
// the set of `rule verdict` findings it must produce, no more and no fewer. `class` says what kind of rewrite the
// pair is; `nearMiss` names rules the pair comes close to and must not trigger.
interface Expected {
  description: string;
  class: string;
  verdict: 'pass' | 'fail';
  findings: string[];
  nearMiss: string[];
}

const CLASSES = [
  'wire-break',
  'generated-code-break',
  'equivalent-rewrite',
  'media-type',
  'additive',
  'docs',
  'outside-v1',
  'no-change',
  'exceptions',
];

const cases = readdirSync(CATALOGUE)
  .filter((name) => existsSync(join(CATALOGUE, name, 'expected.json')))
  .sort()
  .map((name) => [name, JSON.parse(readFileSync(join(CATALOGUE, name, 'expected.json'), 'utf8')) as Expected] as const);

describe('rule catalogue', () => {
  it.each(cases)('%s', async (name, expected) => {
    const dir = join(CATALOGUE, name);
    const exceptions = join(dir, 'exceptions.yaml');
    const report = await check({
      base: join(dir, 'base.yaml'),
      head: join(dir, 'revision.yaml'),
      exceptions: existsSync(exceptions) ? exceptions : false,
      today: '2026-06-01',
    });
    const findings = [...new Set(report.findings.map((f) => `${f.rule} ${f.verdict}`))].sort();
    expect({ verdict: report.ok ? 'pass' : 'fail', findings }).toEqual({
      verdict: expected.verdict,
      findings: expected.findings,
    });
    const triggered = new Set(report.findings.map((f) => f.rule));
    expect(
      expected.nearMiss.filter((rule) => triggered.has(rule)),
      'near-miss rules it must not trigger',
    ).toEqual([]);
    // Every finding carries what a reviewer needs: a sentence and a place.
    for (const f of report.findings) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.location.file).toBeTruthy();
    }
  });

  it('holds at least 40 pairs, with breaking, additive and documentation-only changes that must pass', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const passing = cases.filter(([, e]) => e.verdict === 'pass');
    expect(passing.some(([, e]) => e.findings.some((f) => f.endsWith(' additive')))).toBe(true);
    expect(passing.some(([, e]) => e.findings.length > 0 && e.findings.every((f) => f.endsWith(' docs')))).toBe(true);
  });

  it('has, for every rule, a pair that triggers it and a near-miss pair that must not', () => {
    const covered = new Set(cases.flatMap(([, e]) => e.findings.map((f) => f.split(' ')[0])));
    const nearMissed = new Set(cases.flatMap(([, e]) => e.nearMiss));
    expect(
      RULES.filter((rule) => !covered.has(rule.id)).map((rule) => rule.id),
      'rules no pair triggers',
    ).toEqual([]);
    expect(
      RULES.filter((rule) => !nearMissed.has(rule.id)).map((rule) => rule.id),
      'rules without a near-miss pair',
    ).toEqual([]);
    // A near-miss claim must name real rules (a typo would make the claim vacuous).
    expect([...nearMissed].filter((id) => !RULES.some((rule) => rule.id === id))).toEqual([]);
  });

  it('holds at least three pairs for each class of rewrite issue 16 added, and a known class for every pair', () => {
    for (const [name, e] of cases) expect(CLASSES, name).toContain(e.class);
    const count = (c: string) => cases.filter(([, e]) => e.class === c).length;
    expect(count('equivalent-rewrite')).toBeGreaterThanOrEqual(3);
    expect(count('media-type')).toBeGreaterThanOrEqual(3);
    expect(count('generated-code-break')).toBeGreaterThanOrEqual(3);
    // Equivalent rewrites change nothing a client or a generator sees, beyond documentation.
    for (const [name, e] of cases.filter(([, e]) => e.class === 'equivalent-rewrite')) {
      expect(
        e.findings.filter((f) => !f.endsWith(' docs')),
        name,
      ).toEqual([]);
    }
    // A generated-code break never fails the wire gate on its own.
    expect(
      cases
        .filter(
          ([, e]) => e.findings.some((f) => f.endsWith(' codegen')) && !e.findings.some((f) => f.endsWith(' breaking')),
        )
        .every(([, e]) => e.verdict === 'pass'),
    ).toBe(true);
  });

  it('documents every rule in RULES.md with what it catches, why it breaks partners and an example', () => {
    const doc = readFileSync(join(PACKAGE_ROOT, 'RULES.md'), 'utf8');
    for (const rule of RULES) {
      const start = doc.indexOf(`## ${rule.id} ${rule.name}`);
      expect(start, `${rule.id} ${rule.name} has a section`).toBeGreaterThanOrEqual(0);
      const end = doc.indexOf('\n## ', start + 1);
      const section = doc.slice(start, end === -1 ? undefined : end);
      expect(section, rule.id).toMatch(/\*\*Catches\*\*/);
      expect(section, rule.id).toMatch(/\*\*Why\*\*/);
      expect(section, rule.id).toMatch(/\*\*Example\*\*/);
      expect(section, rule.id).toMatch(/test\/catalogue\/\d{2,}-/);
    }
  });
});
