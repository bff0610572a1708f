#!/usr/bin/env node
// Fails on a citation of something the repository does not contain. Every reason the code, the specs and the docs
// give must be readable by whoever holds this repository alone, so a tracked text file may not:
//   - read or link the folder that sits beside the repository in the development environment (`..` + `/shared`),
//   - cite the fact sheet that lives there by name,
//   - cite a bare decision id (a `D` and a number) or a section sign and a number without a link into the repository
//     after it on the same line,
//   - link (Markdown, relative) to a file or an anchor that does not exist,
//   - cite a guide (`docs/<name>.md`, with or without `#anchor`) or any repository path with an anchor
//     (a README with `#section`) whose file or anchor does not exist,
//   - name an upper-case Markdown document (all capitals, `.md`) that no tracked file is called.
// Anchors follow the docs site's scheme (apps/docs/src/markdown.mjs): an explicit `<a id="x"></a>` above a heading is
// that heading's anchor; any other heading is anchored by its slug.
//
//   node scripts/check-citations.mjs [--root <dir>]   exit 0 when clean, 1 with one line per problem

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Spelled in pieces so that this file does not match what it looks for.
const OUTSIDE_FOLDER = new RegExp(['\\.\\.', 'shared'].join('/'));
const FACT_SHEET = new RegExp(['API', 'FACTS'].join('-'));
const DECISION_ID = /(?<![\w#-])(?:D\d{1,2}(?![\w-])|§\s?\d[\d.]*)/g;
const REPO_LINK = /(?:^|[^\w.-])(?:docs\/)?design-decisions\.md#[\w-]+|\]\([^)\s]*\.md#[\w-]+\)/;
const HEX_PAIR_BEFORE = /(?:^|[\s`(])[0-9A-F]{2} $/;
const HEX_PAIR_AFTER = /^ [0-9A-F]{2}(?:[\s`),.]|$)/;
const MD_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const CAPS_DOC = /(?<![\w./-])([A-Z][A-Z0-9_-]*\.md)\b/g;
/** Generated on release by changesets, so it may be cited before it exists. */
const GENERATED_DOCS = new Set(['CHANGELOG.md']);
/** Pages the docs site generates beside the guides (apps/docs/scripts/build.mjs); guides link them as `changelog.md`. */
const GENERATED_PATHS = new Set(['docs/changelog.md', 'docs/index.md']);
/**
 * Never scanned: lockfiles and data stored byte for byte (not prose), and this script's own test, whose fixtures are
 * bad citations on purpose (it still assembles the two forbidden names at run time, so no tracked file contains them).
 */
const SKIPPED = [
  /(^|\/)pnpm-lock\.yaml$/,
  /^spec\/reference\/openapi-original\.json$/,
  /^scripts\/test\/check-citations\.test\.mjs$/,
];

/** GitHub's heading slug, which the docs site's headingSlug matches for plain headings. */
export function slug(text) {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(text) {
  const out = [];
  let fence = null;
  text.split('\n').forEach((line, i) => {
    const m = /^\s*(```+|~~~+)/.exec(line);
    if (m) {
      if (!fence) fence = m[1][0];
      else if (m[1][0] === fence) fence = null;
      return;
    }
    if (!fence) out.push({ line, n: i + 1 });
  });
  return out;
}

/** The anchors a Markdown file offers: explicit `<a id|name>` ids, and the slug of every heading without one. */
export function anchorsOf(markdown) {
  const anchors = new Set();
  const used = new Map();
  let explicitAbove = null;
  for (const { line } of proseLines(markdown)) {
    const explicit = [...line.matchAll(/<a\s+(?:id|name)="([^"]+)"\s*>/g)].map((m) => m[1]);
    for (const id of explicit) anchors.add(id);
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      if (!explicitAbove) {
        const base = slug(heading[1]);
        const n = used.get(base) ?? 0;
        used.set(base, n + 1);
        anchors.add(n === 0 ? base : `${base}-${n}`);
      }
      explicitAbove = null;
    } else if (explicit.length && /^\s*<a\s[^>]*><\/a>\s*$/.test(line)) {
      explicitAbove = explicit[0];
    } else if (line.trim() !== '') {
      explicitAbove = null;
    }
  }
  return anchors;
}

/**
 * @param {{root: string, files: string[]}} repo  files: repository-relative POSIX paths of the tracked files
 * @returns {{file: string, line: number, message: string}[]}
 */
export function findProblems({ root, files }) {
  const repo = repositoryIndex(root, files);
  for (const file of files) {
    if (SKIPPED.some((re) => re.test(file))) continue;
    const text = readTextFile(join(root, file));
    if (text === null) continue;
    text.split('\n').forEach((line, i) => {
      checkLine(repo, file, line, i + 1);
    });
    if (file.endsWith('.md')) checkMarkdownLinks(repo, file, text);
  }
  return repo.problems;
}

/**
 * What the checks look things up in: the tracked files and folders, their basenames, a pattern for repository paths
 * cited in prose (`<top-level folder>/….md`, optionally with `#anchor`), the anchors of Markdown files (read once
 * each), and the problems found so far.
 */
function repositoryIndex(root, files) {
  const tracked = new Set(files);
  const trackedDirs = new Set(
    files.flatMap((f) =>
      f
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  const basenames = new Set(files.map((f) => posix.basename(f)));
  const topLevel = [...new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]))].map(escapeRegExp);
  const repoPath = new RegExp(
    `(?<![\\w./$-])(?<!\\]\\()((?:${topLevel.join('|') || '(?!)'})/[\\w./-]*?\\.md)(?:#([\\w-]+))?(?![\\w/-])`,
    'g',
  );
  const anchorCache = new Map();
  const anchors = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(readFileSync(join(root, file), 'utf8')));
    return anchorCache.get(file);
  };
  const exists = (p) =>
    tracked.has(p) || trackedDirs.has(p) || GENERATED_PATHS.has(p) || GENERATED_DOCS.has(posix.basename(p));
  return { tracked, basenames, repoPath, anchors, exists, problems: [] };
}

/** The file's text, or null when it is missing, not a regular file, or binary (contains a NUL byte). */
function readTextFile(full) {
  if (!existsSync(full) || !statSync(full).isFile()) return null;
  const buffer = readFileSync(full);
  if (buffer.includes(0)) return null;
  return buffer.toString('utf8');
}

/** A cited or linked path must exist; its anchor, when it is a tracked Markdown file, must too. */
function checkTarget(repo, file, n, target, anchor, how) {
  if (!repo.exists(target)) {
    repo.problems.push({ file, line: n, message: `${how} ${target}, which the repository does not contain` });
  } else if (anchor && target.endsWith('.md') && repo.tracked.has(target) && !repo.anchors(target).has(anchor)) {
    repo.problems.push({ file, line: n, message: `${how} ${target}#${anchor}, but ${target} has no such anchor` });
  }
}

/** The checks that apply to every line of every file, code or prose. */
function checkLine(repo, file, line, n) {
  const { problems } = repo;
  if (OUTSIDE_FOLDER.test(line))
    problems.push({ file, line: n, message: 'reads or links the folder beside the repository' });
  if (FACT_SHEET.test(line))
    problems.push({ file, line: n, message: 'cites a fact sheet the repository does not contain' });
  for (const m of line.matchAll(DECISION_ID)) {
    const before = line.slice(0, m.index);
    const after = line.slice(m.index + m[0].length);
    if (m[0].startsWith('D') && (HEX_PAIR_BEFORE.test(before) || HEX_PAIR_AFTER.test(after))) continue; // bytes: `FF D8 FF`
    if (REPO_LINK.test(after)) continue;
    problems.push({
      file,
      line: n,
      message: `cites "${m[0]}" without a link into the repository (docs/design-decisions.md#<anchor>)`,
    });
  }
  for (const m of line.matchAll(CAPS_DOC)) {
    if (!repo.basenames.has(m[1]) && !GENERATED_DOCS.has(m[1]))
      problems.push({ file, line: n, message: `names ${m[1]}, which the repository does not contain` });
  }
  for (const m of line.matchAll(repo.repoPath)) {
    if (m[2] || m[1].startsWith('docs/')) checkTarget(repo, file, n, m[1], m[2], 'cites');
  }
}

/** Relative Markdown links outside code must stay inside the repository and point at a file and anchor that exist. */
function checkMarkdownLinks(repo, file, text) {
  for (const { line, n } of proseLines(text)) {
    const outsideCode = line.replace(/`[^`]*`/g, (s) => ' '.repeat(s.length));
    for (const m of outsideCode.matchAll(MD_LINK)) {
      const href = m[1];
      if (/^[a-z][\w+.-]*:/i.test(href) || href.startsWith('/')) continue; // URLs, mailto:, ref: links of the guides
      const [pathPart, anchor] = href.split('#');
      const target = pathPart
        ? normalize(posix.join(posix.dirname(file), decodeURI(pathPart)))
            .split('\\')
            .join('/')
            .replace(/\/$/, '')
        : file;
      if (target.startsWith('..')) {
        repo.problems.push({ file, line: n, message: `links to ${href}, outside the repository` });
        continue;
      }
      checkTarget(repo, file, n, target, anchor, 'links to');
    }
  }
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Tracked files of the git work tree at `root`, as repository-relative POSIX paths. */
export function trackedFiles(root) {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter(Boolean);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? resolve(process.argv[at + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const files = trackedFiles(root);
  const problems = findProblems({ root, files });
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`);
  if (problems.length) {
    console.error(
      `\n${problems.length} citation problem(s). Cite docs/design-decisions.md#<anchor>, or state the fact.`,
    );
    process.exit(1);
  }
  console.log(`citations: ${files.length} tracked files checked, every citation resolves inside the repository`);
}
