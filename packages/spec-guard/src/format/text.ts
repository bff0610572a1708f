import type { Report } from '../report.js';
import { VERDICT_TITLES, grouped, headline, where } from './shared.js';

/** For a terminal: grouped by verdict, each finding with its rule, operation, sentence and file:line. */
export function formatText(report: Report): string {
  const lines = [`spec-guard: ${report.base} -> ${report.head}`];
  for (const [verdict, findings] of grouped(report)) {
    lines.push('', `${VERDICT_TITLES[verdict]} (${findings.length})`);
    for (const f of findings) {
      lines.push(`  ${f.rule} ${f.name}${f.operation ? `  ${f.operation}` : ''}`);
      lines.push(`    ${f.message}`);
      lines.push(`    at ${where(f)}`);
      if (f.acceptedBy) lines.push(`    accepted until ${f.acceptedBy.expires}: ${f.acceptedBy.reason}`);
    }
  }
  for (const note of report.notes) lines.push('', `note: ${note}`);
  lines.push('', headline(report));
  return lines.join('\n') + '\n';
}
