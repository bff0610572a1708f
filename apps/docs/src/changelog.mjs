// The changelog page is assembled from what the release tooling already keeps: pending changesets in .changeset/
// (the next release) and the CHANGELOG.md files `changeset version` writes into each package (past releases).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

const ORDER = { major: 0, minor: 1, patch: 2 };

/**
 * The frontmatter `changeset add` writes, one `"<package>": <bump>` line per package, read without a YAML parser:
 * the YAML library took about 0.05 s of each build over 140 changesets, most of it for its first documents. Anything
 * else (comments, other quoting, a repeated package, an empty block) returns undefined and is left to the YAML parser.
 */
function simpleReleases(frontmatter) {
  const releases = {};
  for (const line of frontmatter.split(/\r?\n/)) {
    const m = /^"([^"\\]+)": (major|minor|patch)$/.exec(line);
    if (!m || Object.hasOwn(releases, m[1])) return undefined;
    releases[m[1]] = m[2];
  }
  return releases;
}

/** Parse one changeset file: YAML frontmatter mapping package names to bump types, then a Markdown summary. */
export function parseChangeset(text, file) {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`${file}: a changeset starts with a --- frontmatter block`);
  const releases = simpleReleases(m[1]) ?? parseYaml(m[1]) ?? {};
  for (const [pkg, bump] of Object.entries(releases)) {
    if (!(bump in ORDER)) throw new Error(`${file}: "${pkg}" has bump "${bump}" (expected major, minor or patch)`);
  }
  return { releases, summary: m[2].trim() };
}

export function readChangesets(repoRoot) {
  const dir = join(repoRoot, '.changeset');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((f) => ({
      id: f.replace(/\.md$/, ''),
      ...parseChangeset(readFileSync(join(dir, f), 'utf8'), `.changeset/${f}`),
    }));
}

function publishedPackages(repoRoot) {
  const dirs = [
    'spec',
    ...['packages', 'apps'].flatMap((d) =>
      existsSync(join(repoRoot, d)) ? readdirSync(join(repoRoot, d)).map((p) => `${d}/${p}`) : [],
    ),
  ];
  return dirs
    .filter((d) => existsSync(join(repoRoot, d, 'package.json')))
    .map((d) => ({ dir: d, pkg: JSON.parse(readFileSync(join(repoRoot, d, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private);
}

/** Demote headings so a package CHANGELOG.md nests under "### <package>"; drop its own "# <package>" title. */
function nestChangelog(text) {
  return text
    .replace(/^# .*\r?\n/, '')
    .replace(/^(#{1,4}) /gm, (_, hashes) => `${'#'.repeat(Math.min(hashes.length + 2, 6))} `);
}

/** The changelog as Markdown, rendered by the same pipeline as the guides. */
export function changelogMarkdown(repoRoot) {
  const changesets = readChangesets(repoRoot);
  const byPackage = new Map();
  for (const cs of changesets) {
    for (const [pkg, bump] of Object.entries(cs.releases)) {
      if (!byPackage.has(pkg)) byPackage.set(pkg, []);
      byPackage.get(pkg).push({ bump, summary: cs.summary, id: cs.id });
    }
  }
  const out = [
    '# Changelog',
    '',
    'What changed in the published packages of the toolkit. **Unreleased** lists the changesets waiting for the next',
    'release (one file each in `.changeset/`); **Released** repeats the `CHANGELOG.md` of every package. The v1 wire',
    'contract itself only grows: see [the compatibility policy](compatibility.md).',
    '',
    '## Unreleased',
    '',
  ];
  if (byPackage.size === 0) out.push('No pending changesets.', '');
  for (const pkg of [...byPackage.keys()].sort()) {
    out.push(`### ${pkg}`, '');
    for (const e of byPackage.get(pkg).sort((a, b) => ORDER[a.bump] - ORDER[b.bump])) {
      const [first, ...rest] = e.summary.split(/\r?\n/);
      out.push(`- <span class="bump bump-${e.bump}">${e.bump}</span> ${first}`);
      for (const line of rest) out.push(line.trim() ? `  ${line}` : '');
    }
    out.push('');
  }
  out.push('## Released', '');
  const released = publishedPackages(repoRoot).filter(({ dir }) => existsSync(join(repoRoot, dir, 'CHANGELOG.md')));
  if (released.length === 0)
    out.push('Nothing released from this repository yet: every package is at its first version.', '');
  for (const { dir, pkg } of released) {
    out.push(
      `### ${pkg.name}`,
      '',
      nestChangelog(readFileSync(join(repoRoot, dir, 'CHANGELOG.md'), 'utf8')).trim(),
      '',
    );
  }
  return { markdown: out.join('\n'), pending: changesets.length, packages: byPackage.size };
}
