// Finds URLs outside the site that a page would *load* (scripts, styles, images, frames, fonts, module imports),
// as opposed to links a reader may follow. The build refuses to finish when it finds one; the browser test proves
// the same at run time by blocking every request that does not go to the local server.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const EXTERNAL = String.raw`(?:https?:)?\/\/[^"'\s)>\`]+`;

const PATTERNS = [
  // HTML elements that fetch what their src/href/data/poster points at
  new RegExp(
    String.raw`<(?:script|img|iframe|embed|source|track|video|audio|input|frame)\b[^>]*?\s(?:src|poster|srcset)\s*=\s*["']?(${EXTERNAL})`,
    'gi',
  ),
  new RegExp(String.raw`<link\b[^>]*?\shref\s*=\s*["']?(${EXTERNAL})`, 'gi'),
  new RegExp(String.raw`<object\b[^>]*?\sdata\s*=\s*["']?(${EXTERNAL})`, 'gi'),
  new RegExp(String.raw`<(?:use|image)\b[^>]*?\s(?:xlink:)?href\s*=\s*["']?(${EXTERNAL})`, 'gi'),
  // CSS
  new RegExp(String.raw`url\(\s*["']?(${EXTERNAL})`, 'gi'),
  new RegExp(String.raw`@import\s+(?:url\()?\s*["']?(${EXTERNAL})`, 'gi'),
  // JavaScript: module imports and React-style src props with a literal URL
  new RegExp(String.raw`\bimport\s*(?:\(\s*|[\w{}\s,*]+\s+from\s+)["'\`](${EXTERNAL})`, 'g'),
  new RegExp(String.raw`\bsrc\s*:\s*(?:[\w.!]+\s*\?\s*)?["'\`](${EXTERNAL})`, 'g'),
];

/** @returns {{url: string, index: number}[]} */
export function externalResourcesIn(text) {
  const found = new Map();
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) if (!found.has(m[1])) found.set(m[1], { url: m[1], index: m.index });
  }
  return [...found.values()];
}

/**
 * Every external resource in the .html, .css and .js files under `dir`, but for the files named in `skip` (paths
 * relative to `dir`), which the caller scans itself.
 */
export async function findExternalResources(dir, { skip = [] } = {}) {
  const out = [];
  const skipped = new Set(skip.map((f) => join(dir, f)));
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile() || !/\.(html|css|js)$/.test(e.name)) continue;
    const file = join(e.parentPath ?? e.path, e.name);
    if (skipped.has(file)) continue;
    for (const hit of externalResourcesIn(await readFile(file, 'utf8'))) out.push({ file, url: hit.url });
  }
  return out;
}
