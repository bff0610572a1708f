import type { Finding, Report, Verdict } from '../report.js';

export const VERDICT_TITLES: Record<Verdict, string> = {
  breaking: 'Breaking',
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

export function headline(report: Report): string {
  if (report.status === 'no-base') return `no base, nothing to compare (${report.notes[0] ?? report.base})`;
  const { breaking, accepted, free, additive, docs } = report.summary;
  const verdict = report.ok ? 'passed' : 'FAILED';
  const parts = [`${breaking} breaking`, `${accepted} accepted`, `${additive} additive`, `${docs} documentation-only`];
  if (free > 0) parts.splice(2, 0, `${free} outside the v1 policy`);
  return `spec-guard ${verdict}: ${parts.join(', ')}`;
}

export function grouped(report: Report): Array<[Verdict, Finding[]]> {
  const order: Verdict[] = ['breaking', 'accepted', 'free', 'additive', 'docs'];
  return order
    .map((verdict): [Verdict, Finding[]] => [verdict, report.findings.filter((f) => f.verdict === verdict)])
    .filter(([, list]) => list.length > 0);
}
