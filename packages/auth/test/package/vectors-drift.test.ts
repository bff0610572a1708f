// `generate-vectors.mjs --check` keeps test-vectors/webhook-signatures.json equal to what the independent generator
// writes. It is only worth something if it fails on drift: shown here with a mutated copy.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/generate-vectors.mjs', import.meta.url));
const VECTORS = fileURLToPath(new URL('../../test-vectors/webhook-signatures.json', import.meta.url));

async function check(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, '--check', ...args]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('the signature vectors drift check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zest-vectors-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes on the committed vectors', async () => {
    expect(await check([])).toEqual({ code: 0, output: expect.stringMatching(/\d+ vectors up to date/) });
  });

  it('fails when one expected result in the file was changed by hand', async () => {
    const document = JSON.parse(await readFile(VECTORS, 'utf8'));
    const vector = document.vectors.find((v: { expected: { valid: boolean } }) => v.expected.valid === true);
    vector.expected.valid = false;
    const edited = join(dir, 'webhook-signatures.json');
    await writeFile(edited, `${JSON.stringify(document, null, 2)}\n`);
    const result = await check(['--out', edited]);
    expect(result.code).toBe(1);
    expect(result.output).toContain('is stale');
  });

  it('fails when the file is missing', async () => {
    const result = await check(['--out', join(dir, 'absent.json')]);
    expect(result.code).toBe(1);
  });
});
