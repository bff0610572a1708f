import type { Finding, Report, Verdict } from '../report.js';

export const VERDICT_TITLES: Record<Verdict, string> = {
  breaking: 'Breaking on the wire',
  codegen: 'Breaks generated code (wire unchanged; allowed only in a major release of the generated types and client)',
  accepted: 'Accepted (breaking, covered by an exception)',
  free: 'Outside the v1 policy (new major prefix)',
  additive: 'Additive',
  docs: 'Documentation only',
};

export function where(finding: Finding): string {
  const { file, line, path } = finding.location;
  if (file) return line ? `${file}:${line}` : file;
  return path || '(document)';
}

/** The finding's message, after the operation it concerns when it concerns one. */
export function described(finding: Finding): string {
  return finding.operation ? `${finding.operation}: ${finding.message}` : finding.message;
}

export function headline(report: Report): string {
  if (report.status === 'no-base') return `no base, nothing to compare (${report.notes[0] ?? report.base})`;
  const { breaking, codegen, accepted, free, additive, docs } = report.summary;
  const verdict = report.ok ? 'passed' : 'FAILED';
  const parts = [
    `${breaking} breaking`,
    `${codegen} breaking generated code`,
    `${accepted} accepted`,
    `${additive} additive`,
    `${docs} documentation-only`,
  ];
  if (free > 0) parts.splice(3, 0, `${free} outside the v1 policy`);
  return `spec-guard ${verdict}: ${parts.join(', ')}`;
}

export function grouped(report: Report): Array<[Verdict, Finding[]]> {
  const order: Verdict[] = ['breaking', 'codegen', 'accepted', 'free', 'additive', 'docs'];
  return order
    .map((verdict): [Verdict, Finding[]] => [verdict, report.findings.filter((f) => f.verdict === verdict)])
    .filter(([, list]) => list.length > 0);
}

export interface AcceptedGroup {
  rule: string;
  name: string;
  reason: string;
  expires: string;
  entry: string;
  findings: Finding[];
}

/** Accepted findings grouped by the exceptions-file entry that accepts them: one entry can cover hundreds. */
export function acceptedGroups(report: Report): AcceptedGroup[] {
  const groups = new Map<string, AcceptedGroup>();
  for (const f of report.findings) {
    if (f.verdict !== 'accepted' || !f.acceptedBy) continue;
    const entry = `${f.acceptedBy.file}${f.acceptedBy.line ? `:${f.acceptedBy.line}` : ''}`;
    const key = `${entry}|${f.rule}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        rule: f.rule,
        name: f.name,
        reason: f.acceptedBy.reason,
        expires: f.acceptedBy.expires,
        entry,
        findings: [],
      };
      groups.set(key, group);
    }
    group.findings.push(f);
  }
  const line = (entry: string) => Number(/:(\d+)$/.exec(entry)?.[1] ?? 0);
  return [...groups.values()].sort((a, b) => a.rule.localeCompare(b.rule) || line(a.entry) - line(b.entry));
}

export interface FormatOptions {
  /** Count additive and documentation-only findings per rule instead of listing each one. */
  brief?: boolean;
}

/** `[rule, name, count]` per rule, in rule order. */
export function countsByRule(findings: readonly Finding[]): Array<[string, string, number]> {
  const counts = new Map<string, [string, string, number]>();
  for (const f of findings) {
    const entry = counts.get(f.rule) ?? [f.rule, f.name, 0];
    entry[2]++;
    counts.set(f.rule, entry);
  }
  return [...counts.values()].sort((a, b) => a[0].localeCompare(b[0]));
}
