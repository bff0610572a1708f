// The benchmark's own correctness (not its speed): each mode really onboards every row exactly once, with the
// number of requests its chunking implies, and the runner works end to end on a small grid.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Sandbox, startSandbox, storedPeople } from '@zestequity/partner-sandbox';
import { startTestSandbox, type TestSandbox } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchPartner, onboard } from '../src/index.js';

const partner = benchPartner();
let started: TestSandbox<Sandbox>;
let sandbox: Sandbox;

beforeAll(async () => {
  started = await startTestSandbox(startSandbox, { partner });
  sandbox = started.sandbox;
});
afterAll(async () => {
  await started?.stop();
});

const people = () => [...storedPeople(sandbox.store)];

describe('onboarding modes', () => {
  it('SDK chunks: every row created once, ceil(rows / chunk) requests', async () => {
    const outcome = await onboard(
      sandbox.url,
      partner.credentials,
      { kind: 'sdk', chunkSize: 64, concurrency: 3 },
      500,
      'sdk',
    );
    expect(outcome).toMatchObject({ rows: 500, created: 500, other: 0, requests: 8 });
    expect(people().filter((p) => p.partnerInvestorId.startsWith('sdk-'))).toHaveLength(500);
  });

  it('raw peer: one request per row, every row created once', async () => {
    const outcome = await onboard(sandbox.url, partner.credentials, { kind: 'raw-sequential' }, 120, 'raw');
    expect(outcome).toMatchObject({ rows: 120, created: 120, other: 0, requests: 120 });
    expect(people().filter((p) => p.partnerInvestorId.startsWith('raw-'))).toHaveLength(120);
  });

  it('the runner measures a small grid in separate processes and names the best configuration', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [fileURLToPath(new URL('../dist/run.js', import.meta.url))],
      {
        env: { ...process.env, BENCH_ROWS: '300', BENCH_ROUNDS: '1', BENCH_GRID: '100x1,100x2' },
        timeout: 60_000,
      },
    );
    expect(stdout).toMatch(/\| SDK chunk 100 x 2( \*\*\(best\)\*\*)? \| [\d.]+ s \| [\d,]+ \| 3 \|/);
    expect(stdout).toMatch(/^Best: SDK chunk 100 x [12]: /m);
    expect(stdout).toMatch(/vs raw fetch, 1 row\/request, sequential: [\d.]+x (faster|slower)/);
  });
});
