import { existsSync, readFileSync } from 'node:fs';
import { isObject, parsePointer } from '@zestequity/spec-model';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { Draft } from './draft.js';
import { toDotted } from './pointer.js';
import type { Finding } from './report.js';
import { getRule, isRuleId } from './rules.js';

/**
 * An accepted breaking change. Every entry says which rule, where, why, and until when: an exception is a debt
 * with a due date, not a switch that silently stays on.
 */
export interface ExceptionEntry {
  rule: string;
  /** `POST /v1/investors` or `webhook spv_request.created`. */
  operation?: string;
  /**
   * A place and everything under it: `paths./v1/investors.post`, `components.schemas.Money`, or a JSON pointer
   * `#/paths/~1v1~1investors`. Under `paths.` a path prefix covers longer paths: `paths./v1/contracts`.
   */
  location?: string;
  reason: string;
  expires: string;
  line?: number;
  used: boolean;
}

export interface ExceptionsFile {
  file: string;
  entries: ExceptionEntry[];
  /** Problems with the file itself, reported as SG090 / SG091 findings. */
  problems: Draft[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function loadExceptions(file: string, today: string): ExceptionsFile {
  const result: ExceptionsFile = { file, entries: [], problems: [] };
  const problem = (rule: 'SG090' | 'SG091', message: string, line: number | undefined) => {
    result.problems.push({
      rule,
      message,
      segments: [],
      side: 'head',
      engine: 'exceptions',
      at: line === undefined ? { file } : { file, line },
    });
  };
  if (!existsSync(file)) return result;

  const lines = new LineCounter();
  const parsed = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  if (parsed.errors.length > 0) {
    problem('SG090', `the exceptions file does not parse: ${parsed.errors[0]?.message ?? 'invalid YAML'}`, 1);
    return result;
  }
  const root = parsed.contents;
  let list: Node | null | undefined = root;
  if (isMap(root)) list = root.get('exceptions', true) as Node | undefined;
  if (list === null || list === undefined) return result;
  if (!isSeq(list)) {
    problem('SG090', 'the exceptions file must hold a list, or a mapping with an `exceptions` list', 1);
    return result;
  }

  for (const item of list.items) {
    const offset = (item as Node | null)?.range?.[0];
    const line = offset === undefined ? undefined : lines.linePos(offset).line;
    const raw = (item as Node | null)?.toJSON?.() as unknown;
    if (!isObject(raw)) {
      problem('SG090', 'an exception must be a mapping with rule, operation or location, reason and expires', line);
      continue;
    }
    const rule = typeof raw.rule === 'string' ? raw.rule.trim() : '';
    const label = rule || 'an exception';
    const errors: string[] = [];
    if (!rule) errors.push('no `rule`');
    else if (!isRuleId(rule)) errors.push(`unknown rule \`${rule}\``);
    else if (getRule(rule).kind !== 'breaking' && getRule(rule).kind !== 'codegen')
      errors.push(`rule ${rule} is not breaking, there is nothing to accept`);
    const operation = typeof raw.operation === 'string' && raw.operation.trim() ? raw.operation.trim() : undefined;
    const location = typeof raw.location === 'string' && raw.location.trim() ? raw.location.trim() : undefined;
    const placeError = placeProblem(operation, location);
    if (placeError) errors.push(placeError);
    const reason = typeof raw.reason === 'string' ? raw.reason.trim() : '';
    if (!reason) errors.push('no `reason`');
    const expires =
      raw.expires instanceof Date
        ? raw.expires.toISOString().slice(0, 10)
        : typeof raw.expires === 'string'
          ? raw.expires.trim()
          : '';
    if (!expires) errors.push('no `expires` date');
    else if (!isValidDate(expires)) errors.push(`\`expires: ${expires}\` is not a YYYY-MM-DD date`);
    if (errors.length > 0) {
      problem('SG090', `exception for ${label}: ${errors.join('; ')}`, line);
      continue;
    }
    if (expires < today) {
      problem(
        'SG091',
        `exception for ${rule} at ${operation ?? location} expired on ${expires}: fix the change or renew the exception with a new reason`,
        line,
      );
      continue;
    }
    const entry: ExceptionEntry = { rule, reason, expires, used: false };
    if (operation) entry.operation = operation;
    if (location) entry.location = location;
    if (line !== undefined) entry.line = line;
    result.entries.push(entry);
  }
  return result;
}

/** What is wrong with an entry's place, if anything: it must name one, and not a whole section. */
function placeProblem(operation: string | undefined, location: string | undefined): string | undefined {
  if (!operation && !location) return 'no `operation` or `location` (an exception covers one place, not a whole rule)';
  if (location && /^#[^/]/.test(location))
    return `\`location: ${location}\` is not a JSON pointer (\`#/components/...\`) nor a dotted path`;
  if (location && isWholeSection(location))
    return `\`location: ${location}\` is a whole section (it would accept the rule everywhere); name the operation, path or component`;
  return undefined;
}

/**
 * Locations that hold most of the API rather than a place in it: the document root, `paths`, `webhooks`,
 * `components`, a whole kind of component (`components.schemas`), and path prefixes that are only `/` or a version
 * (`paths./v1`). An entry there would accept its rule almost everywhere, which is what an exception must not do.
 */
function isWholeSection(location: string): boolean {
  const dotted = location.startsWith('#') ? toDotted(parsePointer(location)) : location;
  if (/^(paths|webhooks|components)?\.?$/.test(dotted)) return true;
  if (/^components\.[^.]+\.?$/.test(dotted)) return true;
  return /^paths\.\/*(v\d+\/*)?$/i.test(dotted);
}

function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The first entry that accepts a breaking (wire or generated-code) finding, if any. */
export function findException(entries: ExceptionEntry[], finding: Finding): ExceptionEntry | undefined {
  return entries.find((entry) => {
    if (entry.rule !== finding.rule) return false;
    if (entry.operation && normaliseOperation(entry.operation) !== normaliseOperation(finding.operation ?? ''))
      return false;
    if (entry.location && !locationCovers(entry.location, finding)) return false;
    return true;
  });
}

function normaliseOperation(value: string): string {
  const [first = '', ...rest] = value.trim().split(/\s+/);
  return `${first.toLowerCase()} ${rest.join(' ')}`;
}

function locationCovers(location: string, finding: Finding): boolean {
  const wanted = location.startsWith('#') ? toDotted(parsePointer(location)) : location;
  const have = finding.location.path;
  // A boundary is the end of a segment, or a `/` inside a path: `paths./v1/contracts` covers every contracts path.
  if (have === wanted) return true;
  if (!have.startsWith(wanted)) return false;
  const next = have.charAt(wanted.length);
  return next === '.' || (next === '/' && wanted.startsWith('paths.'));
}
