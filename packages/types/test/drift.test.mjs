import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../scripts/generate.mjs', import.meta.url));
const GENERATED = fileURLToPath(new URL('../src/generated/openapi.ts', import.meta.url));
const SPEC = createRequire(import.meta.url).resolve('@zestequity/partner-api-spec/openapi.json');

/** Runs `generate.mjs --check` and resolves to its exit code and output (never throws on exit 1). */
/** @param {string[]} args @returns {Promise<{ code: number, output: string }>} */
async function check(args) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, '--check', ...args], {
      env: { ...process.env, CI: '' },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = /** @type {{ code: number, stdout: string, stderr: string }} */ (error);
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

// The drift check is only worth something if it fails on drift: shown here with mutated inputs, each way round.
describe('the generated-types drift check', () => {
  /** @type {string} */
  let dir;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zest-types-drift-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes on the committed file and the bundled spec', async () => {
    expect(await check([])).toEqual({ code: 0, output: expect.stringContaining('generated types match the spec') });
  });

  it('fails when the generated file was edited by hand', async () => {
    const edited = join(dir, 'edited.ts');
    const text = await readFile(GENERATED, 'utf8');
    const mutated = text.replace(/createdAt: string;/, 'createdAt: number;');
    expect(mutated).not.toBe(text);
    await writeFile(edited, mutated);
    const result = await check(['--target', edited]);
    expect(result.code).toBe(1);
    expect(result.output).toContain('is out of date with the spec');
  });

  it('fails when the spec changed and the types were not regenerated', async () => {
    const spec = JSON.parse(await readFile(SPEC, 'utf8'));
    const withProperties = Object.values(spec.components.schemas).find((s) => s.properties);
    withProperties.properties.addedByTheDriftTest = { type: 'string' };
    const changed = join(dir, 'openapi.json');
    await writeFile(changed, JSON.stringify(spec));
    const result = await check(['--spec', changed]);
    expect(result.code).toBe(1);
    expect(result.output).toContain('is out of date with the spec');
  });
});
