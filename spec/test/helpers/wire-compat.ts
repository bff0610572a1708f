// Classifies what `oasdiff breaking` reports between the live service's own document and our bundle.
//
// Only ERR-level findings are candidate wire breaks; each must be explained, either as a framework page (`/`,
// `/openapi.json`, `/docs` are intentionally not part of the contract: docs/design-decisions.md#non-v1-endpoints) or
// by an entry of wire-compat-exceptions.yaml. An exception that explains nothing is reported too, so the file cannot rot.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface Finding {
  id: string;
  text: string;
  level: number; // oasdiff: 3 = ERR, 2 = WARN, 1 = INFO
  operation?: string;
  path?: string;
}

export interface Exception {
  /** oasdiff rule id, e.g. `request-property-pattern-added`. */
  id: string;
  /** `METHOD /path` as oasdiff prints it (the base document's path spelling). */
  operations: string[];
  /** A fragment of oasdiff's text that singles out the change, e.g. the property name. */
  change: string;
  reason: string;
}

export const ERR = 3;

// docs/design-decisions.md#non-v1-endpoints: the live service's framework pages stay out of the contract.
export const FRAMEWORK_PAGES = ['GET /', 'GET /openapi.json', 'GET /docs'];

export const where = (f: Finding) => `${f.operation ?? ''} ${f.path ?? ''}`.trim();

export function loadExceptions(file: string): Exception[] {
  const doc = parse(readFileSync(file, 'utf8')) as { exceptions?: unknown };
  const list = doc?.exceptions;
  if (!Array.isArray(list)) throw new Error(`${file}: expected a top-level \`exceptions:\` list`);
  return list.map((raw, index) => {
    const e = raw as Partial<Exception>;
    const problems: string[] = [];
    if (typeof e.id !== 'string' || !/^[a-z0-9-]+$/.test(e.id)) problems.push('`id` must be an oasdiff rule id');
    if (
      !Array.isArray(e.operations) ||
      e.operations.length === 0 ||
      !e.operations.every((o) => /^[A-Z]+ \/\S*$/.test(String(o)))
    ) {
      problems.push('`operations` must list `METHOD /path` entries');
    }
    if (typeof e.change !== 'string' || e.change.trim() === '') problems.push('`change` must name the changed element');
    if (typeof e.reason !== 'string' || e.reason.trim().length < 20)
      problems.push('`reason` must say why this is not a wire break');
    if (problems.length > 0) throw new Error(`${file}: exception #${index} (${e.id ?? '?'}): ${problems.join('; ')}`);
    return e as Exception;
  });
}

export interface Classified {
  framework: Finding[];
  excused: { finding: Finding; exception: Exception }[];
  unexplained: Finding[];
  /** `<id> @ <operation> [<change>]` for each exception/operation pair that matched no finding. */
  unused: string[];
  warnings: Finding[];
}

export function classify(findings: Finding[], exceptions: Exception[]): Classified {
  const used = new Set<string>();
  const result: Classified = { framework: [], excused: [], unexplained: [], unused: [], warnings: [] };
  for (const finding of findings) {
    if (finding.level < ERR) {
      result.warnings.push(finding);
      continue;
    }
    if (finding.id === 'api-path-removed-without-deprecation' && FRAMEWORK_PAGES.includes(where(finding))) {
      result.framework.push(finding);
      continue;
    }
    const exception = exceptions.find(
      (e) => e.id === finding.id && e.operations.includes(where(finding)) && finding.text.includes(e.change),
    );
    if (exception) {
      used.add(`${exceptions.indexOf(exception)}|${where(finding)}`);
      result.excused.push({ finding, exception });
    } else {
      result.unexplained.push(finding);
    }
  }
  exceptions.forEach((e, index) => {
    for (const operation of e.operations) {
      if (!used.has(`${index}|${operation}`)) result.unused.push(`${e.id} @ ${operation} [${e.change}]`);
    }
  });
  return result;
}

// oasdiff repeats a change once per response status; the report folds those into one line with the statuses.
const STATUS = / for (?:the )?(?:response )?status `([^`]+)`/;

function fold(findings: Finding[]): { key: string; statuses: string[]; first: Finding }[] {
  const groups = new Map<string, { key: string; statuses: string[]; first: Finding }>();
  for (const f of findings) {
    const status = STATUS.exec(f.text)?.[1];
    const key = `${where(f)} — ${f.id}: ${f.text.replace(STATUS, '')}`;
    const group = groups.get(key) ?? { key, statuses: [], first: f };
    if (status) group.statuses.push(status);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const statuses = (list: string[]) => (list.length ? ` [status ${list.join(', ')}]` : '');

// A reviewer reads this in the test output: every ERR finding with how it was resolved, then the WARN ones.
export function formatReport(c: Classified): string {
  const lines: string[] = [];
  lines.push(
    `oasdiff breaking (openapi-original.json → dist/openapi.json): ` +
      `${c.framework.length + c.excused.length + c.unexplained.length} ERR, ${c.warnings.length} WARN`,
  );
  for (const g of fold(c.unexplained)) lines.push(`  UNEXPLAINED  ${g.key}${statuses(g.statuses)}`);
  for (const g of fold(c.framework)) lines.push(`  framework    ${g.key}`);
  const reasons = new Map(
    c.excused.map(({ finding, exception }) => [finding, exception.reason.trim().replace(/\s+/g, ' ')]),
  );
  for (const g of fold(c.excused.map((e) => e.finding))) {
    lines.push(`  excepted     ${g.key}${statuses(g.statuses)}\n                 because: ${reasons.get(g.first)}`);
  }
  for (const u of c.unused) lines.push(`  UNUSED EXCEPTION ${u}`);
  // WARN findings are not wire breaks by oasdiff's own rating (e.g. an enum stated for a documented string field);
  // listed per rule and operation so a reviewer still sees them.
  const warnings = new Map<string, { count: number; sample: string }>();
  for (const f of c.warnings) {
    const key = `${f.id} @ ${where(f)}`;
    const entry = warnings.get(key) ?? { count: 0, sample: f.text };
    entry.count += 1;
    warnings.set(key, entry);
  }
  for (const [key, { count, sample }] of warnings) lines.push(`  WARN         ${key} (×${count}, e.g. ${sample})`);
  return lines.join('\n');
}
