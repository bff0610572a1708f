// The real spec lints clean under redocly.yaml: no errors and no warnings. `pnpm lint` fails only on errors, so this
// is what keeps a rule that someone downgrades to `warn` from hiding problems.
import { describe, expect, it } from 'vitest';
import { lintFiles } from './helpers/redocly.js';

describe('spec/openapi.yaml', () => {
  it('has no lint problem at all', () => {
    const result = lintFiles(['openapi.yaml']).get('openapi.yaml')!;
    const problems = result.problems.map((p) => `${p.severity} ${p.ruleId} ${p.file}${p.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(result.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});
