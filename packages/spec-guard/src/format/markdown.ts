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

/** For a pull-request summary: a headline, a count table, then one table per verdict. */
export function formatMarkdown(report: Report, options: FormatOptions = {}): string {
  const icon = report.ok ? '✅' : '❌';
  const out = [`## ${icon} ${headline(report)}`, '', `Base \`${report.base}\`, head \`${report.head}\`.`];
  if (report.status === 'compared') {
    const s = report.summary;
    out.push(
      '',
      '| Breaking (wire) | Breaks generated code | Accepted | Outside v1 | Additive | Docs only |',
      '|---:|---:|---:|---:|---:|---:|',
    );
    out.push(`| ${s.breaking} | ${s.codegen} | ${s.accepted} | ${s.free} | ${s.additive} | ${s.docs} |`);
  }
  for (const [verdict, findings] of grouped(report)) {
    const open = verdict === 'breaking' || verdict === 'codegen' || verdict === 'accepted';
    out.push(
      '',
      open
        ? `### ${VERDICT_TITLES[verdict]}`
        : `<details><summary>${VERDICT_TITLES[verdict]} (${findings.length})</summary>`,
      '',
    );
    if (verdict === 'accepted') {
      out.push('| Rule | Findings | Example | Accepted because | Until | Entry |', '|---|---:|---|---|---|---|');
      for (const g of acceptedGroups(report)) {
        const first = g.findings[0];
        const example = first ? described(first) : '';
        out.push(
          '| ' +
            [`${g.rule} ${g.name}`, String(g.findings.length), example, g.reason, g.expires, `\`${g.entry}\``]
              .map(cell)
              .join(' | ') +
            ' |',
        );
      }
      continue;
    }
    if (options.brief && !open) {
      out.push('| Rule | Findings |', '|---|---:|');
      for (const [rule, name, count] of countsByRule(findings)) out.push(`| ${rule} ${name} | ${count} |`);
      out.push('', '</details>');
      continue;
    }
    out.push('| Rule | Operation | Change | Where |', '|---|---|---|---|');
    for (const f of findings) {
      const cells = [`${f.rule} ${f.name}`, f.operation ? `\`${f.operation}\`` : '', f.message, `\`${where(f)}\``];
      out.push(`| ${cells.map(cell).join(' | ')} |`);
    }
    if (!open) out.push('', '</details>');
  }
  if (report.notes.length > 0) out.push('', ...report.notes.map((n) => `> ${n}`));
  if (report.summary.codegen > 0) {
    out.push(
      '',
      'The wire is unchanged, but code generated from the spec breaks: release it as a major version of the generated types and client (a `major` changeset for each).',
    );
  }
  if (!report.ok) {
    out.push(
      '',
      'A breaking change needs a new major prefix (`/v2`) or, if it is truly safe, an exception with a reason and an expiry date (see the spec-guard README).',
    );
  }
  // A blank line after the report: CI appends several reports to one job summary.
  return `${out.join('\n')}\n\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
