// Partners' strictest TypeScript settings against the packages' published declarations (the dist behind each exports
// map), with skipLibCheck off so every .d.ts must compile on its own, and in a pure Node app whose lib has no DOM.
// Offline and quick: no registry, one tsc per cell over ts-consumers/partner.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

const app = join(import.meta.dirname, '..');
const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
const dir = mkdtempSync(join(tmpdir(), 'zest-ts-consumers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const strict = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: false,
  target: 'ES2022',
  noEmit: true,
  types: ['node'],
  typeRoots: [join(app, 'node_modules', '@types')],
};
const noDom = ['ES2023'];
const withDom = ['ES2023', 'DOM', 'DOM.Iterable'];
const cells: [string, Record<string, unknown>][] = [
  ['nodenext, no DOM', { module: 'nodenext', moduleResolution: 'nodenext', lib: noDom }],
  ['node16, DOM', { module: 'node16', moduleResolution: 'node16', lib: withDom }],
  ['bundler + esnext, DOM', { module: 'esnext', moduleResolution: 'bundler', lib: withDom }],
  ['bundler + preserve, no DOM', { module: 'preserve', moduleResolution: 'bundler', lib: noDom }],
];

describe('published declarations under strict partner tsconfigs', () => {
  test.each(cells)(
    '%s',
    async (name, options) => {
      const config = join(dir, `${name.replace(/\W+/g, '-')}.json`);
      const files = [join(app, 'ts-consumers', 'partner.ts')];
      writeFileSync(config, JSON.stringify({ compilerOptions: { ...strict, ...options }, files }));
      const result = await promisify(execFile)(process.execPath, [tsc, '-p', config, '--pretty', 'false']).then(
        ({ stdout }) => stdout,
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(result.trim()).toBe('');
    },
    60_000,
  );
});
