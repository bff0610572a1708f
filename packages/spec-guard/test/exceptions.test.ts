import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { CATALOGUE } from './helpers.js';

// The pair removes the optional `note` from the Thing response schema: SG009, on three operations.
const PAIR = join(CATALOGUE, '14-response-optional-property-removed');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spec-guard-exceptions-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function run(exceptions: string, today = '2026-06-01') {
  const file = join(dir, 'exceptions.yaml');
  await writeFile(file, exceptions);
  return check({ base: join(PAIR, 'base.yaml'), head: join(PAIR, 'revision.yaml'), exceptions: file, today });
}

describe('exceptions file', () => {
  it('a valid entry turns matching breaking findings into accepted ones, with its reason', async () => {
    const report = await run(`exceptions:
  - rule: SG009
    location: components.schemas.Thing.properties
    reason: note was never filled in by the service.
    expires: 2026-12-31
`);
    expect(report.ok).toBe(true);
    expect(report.summary.breaking).toBe(0);
    const accepted = report.findings.filter((f) => f.verdict === 'accepted');
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted[0]?.acceptedBy).toMatchObject({
      reason: 'note was never filled in by the service.',
      expires: '2026-12-31',
      line: 2,
    });
    expect(report.notes).toEqual([]);
  });

  it('matches by operation, and only that operation', async () => {
    const report = await run(`- rule: SG009
  operation: get /v1/things/{thingId}
  reason: the single-thing view never showed the note.
  expires: 2026-12-31
`);
    const byOperation = (op: string) =>
      report.findings.filter((f) => f.rule === 'SG009' && f.operation === op).map((f) => f.verdict);
    // Two findings there: the response is described as JSON and as XML.
    expect(byOperation('GET /v1/things/{thingId}')).toEqual(['accepted', 'accepted']);
    expect(byOperation('POST /v1/things')).toContain('breaking');
    expect(report.ok).toBe(false);
  });

  it('accepts a JSON pointer as the location', async () => {
    const report = await run(`- rule: SG009
  location: '#/components/schemas/Thing'
  reason: agreed with every partner.
  expires: 2026-12-31
`);
    expect(report.ok).toBe(true);
  });

  it('an entry without a reason is an error (SG090) and accepts nothing', async () => {
    const report = await run(`exceptions:
  - rule: SG009
    location: components.schemas.Thing
    expires: 2026-12-31
`);
    expect(report.ok).toBe(false);
    const problem = report.findings.find((f) => f.rule === 'SG090');
    expect(problem?.message).toContain('no `reason`');
    expect(problem?.location).toMatchObject({ line: 2 });
    expect(problem?.location.file).toMatch(/exceptions\.yaml$/);
    expect(report.findings.filter((f) => f.rule === 'SG009').every((f) => f.verdict === 'breaking')).toBe(true);
  });

  it('an entry without an expiry, with a malformed date, an unknown rule or no place is an error', async () => {
    const report = await run(`exceptions:
  - rule: SG009
    location: components.schemas.Thing
    reason: because
  - rule: SG009
    location: components.schemas.Thing
    reason: because
    expires: 2026-02-30
  - rule: SG999
    location: components.schemas.Thing
    reason: because
    expires: 2026-12-31
  - rule: SG053
    location: components.schemas.Thing
    reason: because
    expires: 2026-12-31
  - rule: SG009
    reason: because
    expires: 2026-12-31
`);
    const messages = report.findings.filter((f) => f.rule === 'SG090').map((f) => f.message);
    expect(messages).toHaveLength(5);
    expect(messages[0]).toContain('no `expires` date');
    expect(messages[1]).toContain('not a YYYY-MM-DD date');
    expect(messages[2]).toContain('unknown rule `SG999`');
    expect(messages[3]).toContain('not breaking');
    expect(messages[4]).toContain('no `operation` or `location`');
  });

  it('a location that starts with # but is no JSON pointer is an error (SG090), not a crash or a silent miss', async () => {
    const report = await run(`exceptions:
  - rule: SG009
    location: "#components/schemas/Thing"
    reason: because
    expires: 2026-12-31
`);
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.rule === 'SG090')?.message).toContain(
      '`location: #components/schemas/Thing` is not a JSON pointer',
    );
    expect(report.findings.filter((f) => f.rule === 'SG009').every((f) => f.verdict === 'breaking')).toBe(true);
  });

  it('a location that is a whole section is an error (SG090): an exception covers a place, never a whole rule', async () => {
    const sections = [
      'paths',
      '#/paths',
      'components',
      '#/components',
      '#',
      'components.schemas',
      'paths./',
      'paths./v1',
    ];
    const report = await run(
      `exceptions:\n${sections
        .map(
          (location) => `  - rule: SG009\n    location: "${location}"\n    reason: because\n    expires: 2026-12-31\n`,
        )
        .join('')}`,
    );
    expect(report.ok).toBe(false);
    const messages = report.findings.filter((f) => f.rule === 'SG090').map((f) => f.message);
    expect(messages).toHaveLength(sections.length);
    for (const [i, location] of sections.entries())
      expect(messages[i]).toContain(`\`location: ${location}\` is a whole section`);
    expect(report.findings.filter((f) => f.rule === 'SG009').every((f) => f.verdict === 'breaking')).toBe(true);
  });

  it('an expired entry is an error (SG091) and accepts nothing', async () => {
    const report = await run(`exceptions:
  - rule: SG009
    location: components.schemas.Thing
    reason: temporary.
    expires: 2026-05-31
`);
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.rule === 'SG091')?.message).toContain('expired on 2026-05-31');
    // The same entry on its last day still applies.
    expect(
      (await run(`- rule: SG009\n  location: components.schemas.Thing\n  reason: temporary.\n  expires: 2026-06-01\n`))
        .ok,
    ).toBe(true);
  });

  it('an entry that matches nothing is reported as a note, not a failure', async () => {
    const report = await run(`- rule: SG001
  operation: GET /v1/elsewhere
  reason: old.
  expires: 2026-12-31
- rule: SG009
  location: components.schemas.Thing
  reason: agreed.
  expires: 2026-12-31
`);
    expect(report.ok).toBe(true);
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]).toContain('unused exception for SG001 at GET /v1/elsewhere');
  });

  it('a file that is not YAML is an error', async () => {
    const report = await run('exceptions: [\n');
    expect(report.findings.find((f) => f.rule === 'SG090')?.message).toContain('does not parse');
  });
});
