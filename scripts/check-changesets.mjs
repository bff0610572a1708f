#!/usr/bin/env node
// Fails when spec/ or a published package changed since --base and no changeset names that package.
//   --mode new      (pull requests) the changeset must be added or edited since the base;
//   --mode pending  (a clone that only knows its last commit) any changeset waiting in .changeset/ counts, because
//                   the window is one commit and the release will carry whatever is pending.
// Tests, benchmarks and test configuration are not shipped, so changing only those needs no changeset.
//   --spec-guard-report <file>  spec-guard's JSON report for the same base: a change that breaks generated code
//                   (SG018 operationId, SG019 path parameter, SG020/SG024 component, SG025 enum order; the wire
//                   unchanged) is allowed only in a major release of the generated packages, so it needs a `major`
//                   changeset for each of them (--generated-packages, comma-separated; default the types package
//                   and the client).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    mode: { type: 'string', default: 'new' },
    'spec-guard-report': { type: 'string' },
    'generated-packages': { type: 'string', default: '@zestequity/partner-api-types,@zestequity/partner-api-client' },
  },
});
if (!values.base || !['new', 'pending'].includes(values.mode)) {
  console.error(
    'usage: check-changesets.mjs --base <git ref> [--mode new|pending] [--spec-guard-report <json>] [--generated-packages <a,b>]',
  );
  process.exit(2);
}

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });
const changed = new Set(
  [
    ...git('diff', '--name-only', values.base).split('\n'),
    ...git('ls-files', '--others', '--exclude-standard').split('\n'),
  ].filter(Boolean),
);

/** Published workspace packages by folder: spec/ and every non-private packages/*. */
const published = new Map();
for (const dir of ['spec', ...readdirSync('packages').map((p) => join('packages', p))]) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) continue;
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  if (!pkg.private) published.set(dir, pkg.name);
}

const unshipped =
  /(^|\/)(test|tests|bench|__tests__)\/|(^|\/)vitest\.config\.[cm]?[jt]s$|(^|\/)tsconfig(\.[\w-]+)?\.json$/;

/** A manifest whose only change is to devDependencies ships nothing new: they are not installed for consumers. */
function onlyDevDependenciesChanged(file) {
  const strip = (text) => {
    const { devDependencies: _dev, ...rest } = JSON.parse(text);
    return JSON.stringify(rest);
  };
  try {
    return existsSync(file) && strip(git('show', `${values.base}:${file}`)) === strip(readFileSync(file, 'utf8'));
  } catch {
    return false; // new at this base, or not JSON: treat as shipped
  }
}
const needing = new Map();
for (const file of changed) {
  for (const [dir, name] of published) {
    if (!file.startsWith(`${dir}/`)) continue;
    const inner = file.slice(dir.length + 1);
    if (unshipped.test(inner) || inner.startsWith('node_modules/') || inner.startsWith('dist/')) continue;
    if (inner === 'package.json' && onlyDevDependenciesChanged(file)) continue;
    if (!needing.has(name)) needing.set(name, []);
    needing.get(name).push(file);
  }
}

const candidates = readdirSync('.changeset')
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .map((f) => join('.changeset', f))
  .filter((f) => values.mode === 'pending' || changed.has(f));
/** Package name -> the bump levels the candidate changesets give it. */
const bumps = new Map();
for (const file of candidates) {
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  for (const m of front.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/gm)) {
    if (!bumps.has(m[1])) bumps.set(m[1], new Set());
    bumps.get(m[1]).add(m[2]);
  }
}

const problems = [];
const missing = [...needing].filter(([name]) => !bumps.has(name));
if (needing.size === 0) {
  console.log(`no change to spec/ or a published package since ${values.base}`);
} else if (missing.length === 0) {
  console.log(
    `every changed package has a ${values.mode === 'new' ? 'new ' : 'pending '}changeset: ${[...needing.keys()].join(', ')}`,
  );
}
for (const [name, files] of missing) {
  const where = files.slice(0, 3).join(', ') + (files.length > 3 ? `, … (${files.length} files)` : '');
  problems.push([
    'changeset missing',
    `${name} changed (${where}) but no ${values.mode === 'new' ? 'new ' : ''}changeset names it: add .changeset/<short-name>.md with "${name}": patch|minor|major and a sentence for partners`,
  ]);
}

// Generated-code breaks: the wire gate lets them through, this check holds them to a major release.
const report = values['spec-guard-report'];
if (report) {
  const text = existsSync(report) ? readFileSync(report, 'utf8').trim() : '';
  if (text === '') {
    console.log(`no spec-guard report in ${report}: generated-code breaks not checked (spec-guard did not compare)`);
  } else {
    const breaks = (JSON.parse(text).findings ?? []).filter((f) => f.kind === 'codegen' && f.verdict !== 'free');
    const generated = values['generated-packages']
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const short = generated.filter((name) => !bumps.get(name)?.has('major'));
    if (breaks.length === 0) {
      console.log('spec-guard found no change that breaks generated code');
    } else if (short.length === 0) {
      console.log(`${breaks.length} generated-code break(s), released as a major version of ${generated.join(', ')}`);
    } else {
      const rules = [...new Set(breaks.map((f) => `${f.rule} ${f.name}`))].join(', ');
      const example = breaks[0].operation ? `${breaks[0].operation}: ${breaks[0].message}` : breaks[0].message;
      problems.push([
        'major changeset needed',
        `spec-guard found ${breaks.length} change(s) that break generated code (${rules}; e.g. ${example}). The wire is unchanged, but code generated from the spec stops compiling: add a changeset with ${short.map((name) => `"${name}": major`).join(' and ')}, or undo the rename`,
      ]);
    }
  }
}

if (problems.length > 0) {
  for (const [title, message] of problems) {
    if (process.env.GITHUB_ACTIONS === 'true') console.log(`::error title=${title}::${message}`);
    else console.error(message);
  }
  process.exit(1);
}
