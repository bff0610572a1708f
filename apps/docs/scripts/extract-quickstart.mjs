#!/usr/bin/env node
// Writes examples/quickstart/quickstart.mjs from the ```js blocks of docs/quickstart.md, so the runnable example and
// the guide are the same code. `--check` fails instead of writing when the file is stale (the docs tests run it).

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const GUIDE = join(repoRoot, 'docs', 'quickstart.md');
export const EXAMPLE = join(repoRoot, 'examples', 'quickstart', 'quickstart.mjs');

/** The ```js blocks of a Markdown text, in order. */
export function javascriptBlocks(markdown) {
  return [...markdown.matchAll(/^```js\n([\s\S]*?)^```\s*$/gm)].map((m) => m[1]);
}

export function quickstartScript(markdown = readFileSync(GUIDE, 'utf8')) {
  const header = [
    '// The quickstart of the Zest Partner API toolkit, against the local sandbox. Run it after `source .sandbox/env`.',
    '// Generated from docs/quickstart.md by apps/docs/scripts/extract-quickstart.mjs: edit the guide, not this file.',
    '',
  ].join('\n');
  return `${header}${javascriptBlocks(markdown).join('\n')}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const script = quickstartScript();
  let current = '';
  try {
    current = readFileSync(EXAMPLE, 'utf8');
  } catch {}
  if (process.argv.includes('--check')) {
    if (current !== script) {
      console.error('examples/quickstart/quickstart.mjs is stale: run `node apps/docs/scripts/extract-quickstart.mjs`');
      process.exit(1);
    }
  } else if (current !== script) {
    writeFileSync(EXAMPLE, script);
    console.log('wrote examples/quickstart/quickstart.mjs');
  }
}
