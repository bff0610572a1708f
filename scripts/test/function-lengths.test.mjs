// scripts/function-lengths.mjs on small files written here: a function one line over the limit fails the check
// (named in the output), one at the limit passes, and a browser script's top-level scope wrapper is not counted
// while a long function inside it still is.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'function-lengths.mjs');
const dir = mkdtempSync(join(tmpdir(), 'function-lengths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A function of exactly `lines` lines, signature to closing brace. */
const fn = (name, lines) =>
  [`function ${name}() {`, ...Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`), '}'].join('\n');

function check(name, text) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const run = spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

describe('the function length check', () => {
  it('passes a function of exactly 80 lines', () => {
    expect(check('at-limit.ts', fn('atLimit', 80))).toMatchObject({ code: 0 });
  });

  it('fails on a function of 81 lines, naming it with its file and line', () => {
    const result = check('over.ts', `// a comment\n${fn('tooLong', 81)}\n`);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/over\.ts:2 tooLong: 81 lines/);
  });

  it("does not count a script's top-level scope wrapper, but does count a long function inside it", () => {
    const body = Array.from({ length: 90 }, (_, i) => `  var w${i} = ${i};`).join('\n');
    expect(check('wrapper.js', `(() => {\n${body}\n})();\n`)).toMatchObject({ code: 0 });
    const result = check('wrapped.js', `(function () {\n${fn('inner', 81)}\n})();\n`);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/wrapped\.js:2 inner: 81 lines/);
  });

  it('counts an arrow function assigned to a name, and a method', () => {
    const arrow = `const handler = () => {\n${Array.from({ length: 81 }, (_, i) => `  f(${i});`).join('\n')}\n};\n`;
    expect(check('arrow.ts', arrow).output).toMatch(/arrow\.ts:1 handler: 83 lines/);
    const method = `class A {\n  run() {\n${Array.from({ length: 81 }, (_, i) => `    f(${i});`).join('\n')}\n  }\n}\n`;
    expect(check('method.ts', method).output).toMatch(/method\.ts:2 run: 83 lines/);
  });
});
