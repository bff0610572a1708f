#!/usr/bin/env node
// Fails when spec/ or a published package changed since --base and no changeset names that package.
//   --mode new      (pull requests) the changeset must be added or edited since the base;
//   --mode pending  (a clone that only knows its last commit) any changeset waiting in .changeset/ counts, because
//                   the window is one commit and the release will carry whatever is pending.
// Tests, benchmarks and test configuration are not shipped, so changing only those needs no changeset.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { base: { type: 'string' }, mode: { type: 'string', default: 'new' } } });
if (!values.base || !['new', 'pending'].includes(values.mode)) {
  console.error('usage: check-changesets.mjs --base <git ref> [--mode new|pending]');
  process.exit(2);
}

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });
const changed = new Set([
  ...git('diff', '--name-only', values.base).split('\n'),
  ...git('ls-files', '--others', '--exclude-standard').split('\n'),
].filter(Boolean));

/** Published workspace packages by folder: spec/ and every non-private packages/*. */
const published = new Map();
for (const dir of ['spec', ...readdirSync('packages').map((p) => join('packages', p))]) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) continue;
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  if (!pkg.private) published.set(dir, pkg.name);
}

const unshipped = /(^|\/)(test|tests|bench|__tests__)\/|(^|\/)vitest\.config\.[cm]?[jt]s$|(^|\/)tsconfig(\.[\w-]+)?\.json$/;
const needing = new Map();
for (const file of changed) {
  for (const [dir, name] of published) {
    if (!file.startsWith(dir + '/')) continue;
    const inner = file.slice(dir.length + 1);
    if (unshipped.test(inner) || inner.startsWith('node_modules/') || inner.startsWith('dist/')) continue;
    if (!needing.has(name)) needing.set(name, []);
    needing.get(name).push(file);
  }
}

const candidates = readdirSync('.changeset')
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .map((f) => join('.changeset', f))
  .filter((f) => values.mode === 'pending' || changed.has(f));
const named = new Set();
for (const file of candidates) {
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  for (const m of front.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/gm)) named.add(m[1]);
}

const missing = [...needing].filter(([name]) => !named.has(name));
if (needing.size === 0) {
  console.log(`no change to spec/ or a published package since ${values.base}`);
} else if (missing.length === 0) {
  console.log(`every changed package has a ${values.mode === 'new' ? 'new ' : 'pending '}changeset: ${[...needing.keys()].join(', ')}`);
} else {
  for (const [name, files] of missing) {
    const where = files.slice(0, 3).join(', ') + (files.length > 3 ? `, … (${files.length} files)` : '');
    const message = `${name} changed (${where}) but no ${values.mode === 'new' ? 'new ' : ''}changeset names it: add .changeset/<short-name>.md with "${name}": patch|minor|major and a sentence for partners`;
    if (process.env.GITHUB_ACTIONS === 'true') console.log(`::error title=changeset missing::${message}`);
    else console.error(message);
  }
  process.exit(1);
}
