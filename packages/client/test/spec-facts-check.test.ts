// `generate-spec-facts.mjs --check` (run by `pnpm lint`) is only worth something if it fails on drift: shown here
// with mutated inputs, each way round, through the script itself.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode, specPath } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../scripts/generate-spec-facts.mjs', import.meta.url));
const GENERATED = fileURLToPath(new URL('../src/generated/spec-facts.ts', import.meta.url));
const SPEC = specPath();

/** Runs the script with `--check`: its exit code and output (a failing check resolves, it does not throw). */
const check = (args: string[]) => runNode(SCRIPT, ['--check', ...args]);

describe('the spec-facts drift check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zest-spec-facts-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes on the committed file and the bundled spec', async () => {
    expect(await check([])).toMatchObject({ code: 0, output: expect.stringContaining('spec facts match the spec') });
  });

  it('fails when the generated file was edited by hand', async () => {
    const text = await readFile(GENERATED, 'utf8');
    const mutated = text.replace(/10485760/, '10485761');
    expect(mutated).not.toBe(text);
    const edited = join(dir, 'spec-facts.ts');
    await writeFile(edited, mutated);
    const result = await check(['--target', edited]);
    expect(result.code).toBe(1);
    expect(result.output).toContain('is out of date with the spec');
  });

  it('fails when the spec changed and the facts were not regenerated', async () => {
    const spec = JSON.parse(await readFile(SPEC, 'utf8'));
    for (const name of ['SubscriptionFormUpload', 'FundingReceiptUpload'])
      spec.components.schemas[name].properties.file['x-zest-max-bytes'] = 2048;
    const changed = join(dir, 'openapi.json');
    await writeFile(changed, JSON.stringify(spec));
    const result = await check(['--spec', changed]);
    expect(result.code).toBe(1);
    expect(result.output).toContain('is out of date with the spec');
  });
});
