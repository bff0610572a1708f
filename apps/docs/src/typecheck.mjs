// Type-checks TypeScript shown to readers (the generated SDK samples and the ```ts blocks of the guides) against the
// built SDK and auth packages, so the docs cannot show a call the packages do not have.

import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** Imports first (deduplicated), then the statements of every block in order: a guide's blocks read as one program. */
export function joinBlocks(blocks) {
  const imports = new Set();
  const body = [];
  for (const block of blocks) {
    for (const line of block.split('\n')) {
      if (/^import\s.+\sfrom\s+['"][^'"]+['"];?\s*$/.test(line)) imports.add(line.trim());
      else body.push(line);
    }
    body.push('');
  }
  return `${[...imports].join('\n')}\n\n${body.join('\n')}\nexport {};\n`;
}

/** ```ts / ```typescript blocks of a Markdown text, minus those marked `ts nocheck`. */
export function typescriptBlocks(markdown) {
  const out = [];
  for (const m of markdown.matchAll(/^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```\s*$/gm)) {
    if (/\bnocheck\b/.test(m[2])) continue;
    out.push(m[3]);
  }
  return out;
}

/**
 * @param {string} dir scratch directory inside the docs app (so package resolution finds the workspace packages)
 * @param {Record<string, string>} files name -> TypeScript source
 * @param {string} ambient declarations visible to every file (what a reader is assumed to hold)
 * @returns {Promise<{ok: boolean, output: string}>}
 */
export async function typecheck(dir, files, ambient) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  await writeFile(join(dir, 'ambient.d.ts'), ambient);
  for (const [name, source] of Object.entries(files)) await writeFile(join(dir, name), source);
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        // .mjs files (the quickstart is plain JavaScript) are checked too, through their JSDoc and inference.
        allowJs: true,
        checkJs: true,
        types: ['node'],
      },
      include: ['*.ts', '*.mjs'],
    }),
  );
  const tsc = require.resolve('typescript/bin/tsc');
  try {
    const { stdout } = await run(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], {
      maxBuffer: 8 * 1024 * 1024,
    });
    return { ok: true, output: stdout };
  } catch (err) {
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}
