import type { Report } from '../report.js';
import {
  acceptedGroups,
  countsByRule,
  described,
  type FormatOptions,
  grouped,
  headline,
  VERDICT_TITLES,
  where,
} from './shared.js';

/**
 * For a terminal and CI logs: breaking findings in full, accepted ones per exception entry, additive and
 * documentation-only ones one line each.
 */
export function formatText(report: Report, options: FormatOptions = {}): string {
  const lines = [`spec-guard: ${report.base} -> ${report.head}`];
  for (const [verdict, findings] of grouped(report)) {
    lines.push('', `${VERDICT_TITLES[verdict]} (${findings.length})`);
    if (verdict === 'accepted') {
      for (const g of acceptedGroups(report)) {
        const first = g.findings[0];
        lines.push(
          `  ${g.rule} ${g.name}: ${g.findings.length} finding${g.findings.length > 1 ? 's' : ''}, accepted until ${g.expires} by ${g.entry}`,
        );
        lines.push(`    because: ${g.reason}`);
        if (first) lines.push(`    e.g. ${described(first)} (${where(first)})`);
      }
      continue;
    }
    if (options.brief && (verdict === 'additive' || verdict === 'docs')) {
      for (const [rule, name, count] of countsByRule(findings)) lines.push(`  ${rule} ${name}: ${count}`);
      continue;
    }
    for (const f of findings) {
      if (verdict === 'additive' || verdict === 'docs') {
        lines.push(`  ${f.rule} ${where(f)}  ${described(f)}`);
        continue;
      }
      lines.push(`  ${f.rule} ${f.name}${f.operation ? `  ${f.operation}` : ''}`);
      lines.push(`    ${f.message}`);
      lines.push(`    at ${where(f)}`);
    }
  }
  for (const note of report.notes) lines.push('', `note: ${note}`);
  lines.push('', headline(report));
  return `${lines.join('\n')}\n`;
}
