import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path';
import { formatPointer, getAt } from '@zestequity/spec-model';
import { canonicalise, headerSpellings, keepsAnnotations, remap } from './canonical.js';
import type { Doc } from './document.js';
import type { Draft } from './draft.js';
import { codegenFindings, componentRenames } from './engines/codegen.js';
import { docsFindings } from './engines/docs.js';
import { encodingFindings } from './engines/encodings.js';
import { oasdiffFindings } from './engines/oasdiff.js';
import { policyFindings } from './engines/policy.js';
import { requestRelaxingFindings } from './engines/request-relaxing.js';
import { responseNarrowingFindings } from './engines/response-narrowing.js';
import { unrecognisedFindings } from './engines/unrecognised.js';
import { uploadLimitFindings } from './engines/uploads.js';
import { webhookFindings } from './engines/webhooks.js';
import { type ExceptionsFile, findException, loadExceptions } from './exceptions.js';
import { repositoryRoot } from './load/git.js';
import { type LoadedSpec, loadInput } from './load/input.js';
import { SpecLoadError } from './load/read-document.js';
import { SourceLines } from './load/source-lines.js';
import { matchPaths } from './operations.js';
import { toDotted } from './pointer.js';
import { placeUnderHeadNames, renamedBack } from './renames.js';
import { type Finding, type Location, type Report, summarise, type Verdict } from './report.js';
import { getRule } from './rules.js';

export const DEFAULT_EXCEPTIONS = 'spec/spec-guard-exceptions.yaml';

export interface CheckOptions {
  /** A file, a directory holding openapi.yaml, a package tarball, `package@version`, or a git ref. */
  base: string;
  head: string;
  cwd?: string;
  /** Exceptions file; `false` for none. Default: `spec/spec-guard-exceptions.yaml` in the repository, if present. */
  exceptions?: string | false;
  /** Root of the split sources behind a bundled head (default: `openapi.yaml` beside the `dist/` folder). */
  source?: string;
  /** Spec directory inside the repository, for git refs (default `spec`). */
  specDir?: string;
  /** `YYYY-MM-DD` that exceptions expire against (default: today, UTC). */
  today?: string;
}

/** Compares two versions of the spec and classifies every difference. Never throws for breaking changes. */
export async function check(options: CheckOptions): Promise<Report> {
  const cwd = resolvePath(options.cwd ?? process.cwd());
  const repo = (await repositoryRoot(cwd)) ?? cwd;
  const temporary: string[] = [];
  const loadOptions = { cwd, specDir: options.specDir ?? 'spec', temporary };
  // A file named on purpose must exist: silently running without the exceptions or the sources would change the
  // verdict or the locations without saying so.
  const exceptionsPath = exceptionsFile(options.exceptions, cwd, repo);
  if (options.exceptions && exceptionsPath && !existsSync(exceptionsPath)) {
    throw new SpecLoadError(`--exceptions ${options.exceptions}: no such file (${exceptionsPath})`);
  }
  if (options.source && !existsSync(resolvePath(cwd, options.source))) {
    throw new SpecLoadError(`--source ${options.source}: no such file (${resolvePath(cwd, options.source)})`);
  }
  try {
    const head = await loadInput(options.head, {
      ...loadOptions,
      ...(options.source ? { source: resolvePath(cwd, options.source) } : {}),
    });
    if (head.kind === 'none') throw new Error(`--head ${options.head}: ${head.reason}`);
    const base = await loadInput(options.base, loadOptions);
    if (base.kind === 'none') {
      assertSpecDirInHead(loadOptions.specDir, repo, head.spec);
      return {
        status: 'no-base',
        base: options.base,
        head: head.spec.label,
        ok: true,
        summary: summarise([]),
        findings: [],
        notes: [base.reason],
      };
    }
    const drafts = await compareDocuments(base.spec.doc, head.spec.doc).catch((error: unknown) => {
      // Each document nests at most MAX_DEPTH levels, but `$ref`s followed one into another can nest further still.
      if (error instanceof RangeError && /call stack/i.test(error.message)) {
        throw new SpecLoadError(
          'the documents nest too deeply to compare once their $refs are followed; flatten the deepest schemas',
        );
      }
      throw error;
    });
    const today = options.today ?? new Date().toISOString().slice(0, 10);
    const exceptions = exceptionsPath ? loadExceptions(exceptionsPath, today) : undefined;
    return buildReport(base.spec, head.spec, drafts, exceptions, repo);
  } finally {
    await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/**
 * The comparison alone, on documents already in memory (bundled: only internal `$ref`s). Both documents are first
 * put into one canonical spelling (see canonical.ts), so every engine compares meaning; findings are then mapped
 * back to where the author wrote the thing.
 */
export async function compareDocuments(rawBase: Doc, rawHead: Doc): Promise<Draft[]> {
  const spellings = headerSpellings(rawBase);
  const annotations = keepsAnnotations(rawBase, rawHead);
  const base = canonicalise(rawBase, spellings, annotations);
  const head = canonicalise(rawHead, spellings, annotations);
  const pathMatch = matchPaths(base.doc, head.doc);
  // A renamed component changes generated names, not the wire: the wire engines read the head with each renamed
  // component under its base name (every `$ref` and discriminator mapping following), and their findings are then
  // placed under the head's names.
  const renames = componentRenames(base.doc, head.doc);
  const wire = renames.length > 0 ? renamedBack(head.doc, renames) : head.doc;
  const wireDrafts: Draft[] = [
    ...(await oasdiffFindings(base.doc, wire, (path) => pathMatch.get(path) ?? path)),
    ...webhookFindings(base.doc, wire),
    ...policyFindings(base.doc, wire, pathMatch),
    ...responseNarrowingFindings(base.doc, wire, pathMatch),
    ...requestRelaxingFindings(base.doc, wire, pathMatch),
    ...uploadLimitFindings(base.doc, wire, pathMatch),
    ...encodingFindings(base.doc, wire, pathMatch),
  ];
  const drafts: Draft[] = [
    ...wireDrafts,
    ...codegenFindings(base.doc, head.doc, pathMatch),
    ...docsFindings(base.doc, head.doc, pathMatch),
  ];
  const unexplained = unrecognisedFindings(base.doc, wire, pathMatch, drafts);
  drafts.push(...unexplained);
  for (const draft of [...wireDrafts, ...unexplained]) placeUnderHeadNames(draft, renames);
  for (const draft of drafts) draft.segments = remap(draft.side === 'base' ? base.moves : head.moves, draft.segments);
  return drafts;
}

/**
 * "No base" is right only for a base from before the spec existed. A spec directory the head does not have either is
 * a wrong `--spec-dir` (or a repository that keeps its spec elsewhere), and passing would hide every change.
 */
function assertSpecDirInHead(specDir: string, repo: string, head: LoadedSpec): void {
  if (head.fromRef || existsSync(join(repo, specDir))) return;
  throw new SpecLoadError(
    `--spec-dir ${specDir}: no such directory in ${repo}; name the directory that holds the spec's openapi.yaml`,
  );
}

function exceptionsFile(option: string | false | undefined, cwd: string, repo: string): string | undefined {
  if (option === false) return undefined;
  if (option) return resolvePath(cwd, option);
  const candidate = join(repo, DEFAULT_EXCEPTIONS);
  return existsSync(candidate) ? candidate : undefined;
}

const ORDER: Record<Verdict, number> = { breaking: 0, codegen: 1, accepted: 2, free: 3, additive: 4, docs: 5 };

function buildReport(
  base: LoadedSpec,
  head: LoadedSpec,
  drafts: Draft[],
  exceptions: ExceptionsFile | undefined,
  repo: string,
): Report {
  const lines = new SourceLines();
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const draft of [...drafts, ...(exceptions?.problems ?? [])]) {
    const rule = getRule(draft.rule);
    const location = draft.at ? atLocation(draft.at, repo) : locate(draft, base, head, lines);
    let verdict: Verdict =
      rule.kind === 'breaking' || rule.kind === 'codegen' ? (draft.free ? 'free' : rule.kind) : rule.kind;
    const finding: Finding = {
      rule: rule.id,
      name: rule.name,
      kind: rule.kind,
      verdict,
      message: draft.message,
      location,
      engine: draft.engine,
    };
    if (draft.operation) finding.operation = draft.operation;
    if (draft.oasdiffId) finding.oasdiffId = draft.oasdiffId;
    if ((verdict === 'breaking' || verdict === 'codegen') && exceptions && draft.engine !== 'exceptions') {
      const entry = findException(exceptions.entries, finding);
      if (entry) {
        entry.used = true;
        verdict = 'accepted';
        finding.verdict = verdict;
        finding.acceptedBy = { reason: entry.reason, expires: entry.expires, file: display(exceptions.file, repo) };
        if (entry.line !== undefined) finding.acceptedBy.line = entry.line;
      }
    }
    // oasdiff reports a shared component once per operation that uses it; keep them, but not exact repeats.
    const key = `${finding.rule}|${finding.operation ?? ''}|${finding.location.pointer}|${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  findings.sort(
    (a, b) =>
      ORDER[a.verdict] - ORDER[b.verdict] ||
      a.rule.localeCompare(b.rule) ||
      (a.operation ?? '').localeCompare(b.operation ?? '') ||
      (a.location.file ?? '').localeCompare(b.location.file ?? '') ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      a.message.localeCompare(b.message),
  );
  const notes: string[] = [];
  for (const entry of exceptions?.entries ?? []) {
    if (!entry.used) {
      notes.push(
        `unused exception for ${entry.rule} at ${entry.operation ?? entry.location ?? '?'} (${display(exceptions?.file ?? '', repo)}${entry.line ? `:${entry.line}` : ''}): remove it once the change it covers is gone`,
      );
    }
  }
  const summary = summarise(findings);
  return {
    status: 'compared',
    base: base.label,
    head: head.label,
    ok: summary.breaking === 0,
    summary,
    findings,
    notes,
  };
}

function atLocation(at: { file: string; line?: number }, repo: string): Location {
  const location: Location = { pointer: '', path: '', side: 'head', file: display(at.file, repo) };
  if (at.line !== undefined) location.line = at.line;
  return location;
}

interface SourcePlace {
  file: string;
  line?: number;
  /** The file relative to its spec's root file (`<root>` for the root itself), comparable between base and head. */
  sourceKey: string;
}

function locate(draft: Draft, base: LoadedSpec, head: LoadedSpec, lines: SourceLines): Location {
  const location: Location = {
    pointer: formatPointer(draft.segments),
    path: toDotted(draft.segments),
    side: draft.side,
  };
  let place: SourcePlace | undefined;
  if (draft.side === 'head') {
    place = sourceOf(head, deepestExisting(head.doc, draft.segments), lines);
  } else {
    // Something removed: annotate where it was in the head's file when that file still exists, else in the base's.
    const inHead = sourceOf(head, deepestExisting(head.doc, draft.segments), lines);
    const inBase = sourceOf(base, draft.segments, lines);
    place = inBase && inHead && inBase.sourceKey !== inHead.sourceKey ? inBase : (inHead ?? inBase);
  }
  if (place) {
    location.file = place.file;
    if (place.line !== undefined) location.line = place.line;
  }
  return location;
}

function deepestExisting(doc: Doc, segments: string[]): string[] {
  let n = segments.length;
  while (n > 0 && getAt(doc, segments.slice(0, n)) === undefined) n--;
  return segments.slice(0, n);
}

function sourceOf(spec: LoadedSpec, segments: string[], lines: SourceLines): SourcePlace | undefined {
  let best: (typeof spec.origins)[number] | undefined;
  for (const origin of spec.origins) {
    if (origin.segments.length > segments.length) continue;
    if (!origin.segments.every((s, i) => s === segments[i])) continue;
    if (!best || origin.segments.length >= best.segments.length) best = origin;
  }
  if (!best) return undefined;
  const inner = [...best.inner, ...segments.slice(best.segments.length)];
  const position = lines.position(best.file, inner);
  const rootDir = dirname(spec.origins[0]?.file ?? best.file);
  const sourceKey = best.segments.length === 0 ? '<root>' : relative(rootDir, best.file).split(sep).join('/');
  const place: SourcePlace = { file: display(best.file, spec.displayRoot), sourceKey };
  if (position) place.line = position.line;
  return place;
}

function display(file: string, root: string): string {
  const rel = relative(root, file);
  return (rel && !isAbsolute(rel) ? rel : file).split(sep).join('/');
}
