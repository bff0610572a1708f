import type { Report } from '../report.js';
import { VERDICT_TITLES, grouped, headline, where } from './shared.js';

/** For a pull-request summary: a headline, a count table, then one table per verdict. */
export function formatMarkdown(report: Report): string {
  const icon = report.ok ? '✅' : '❌';
  const out = [`## ${icon} ${headline(report)}`, '', `Base \`${report.base}\`, head \`${report.head}\`.`];
  if (report.status === 'compared') {
    const s = report.summary;
    out.push('', '| Breaking | Accepted | Outside v1 | Additive | Docs only |', '|---:|---:|---:|---:|---:|');
    out.push(`| ${s.breaking} | ${s.accepted} | ${s.free} | ${s.additive} | ${s.docs} |`);
  }
  for (const [verdict, findings] of grouped(report)) {
    const open = verdict === 'breaking' || verdict === 'accepted';
    out.push('', open ? `### ${VERDICT_TITLES[verdict]}` : `<details><summary>${VERDICT_TITLES[verdict]} (${findings.length})</summary>`, '');
    out.push(verdict === 'accepted' ? '| Rule | Operation | Change | Where | Accepted because | Until |' : '| Rule | Operation | Change | Where |');
    out.push(verdict === 'accepted' ? '|---|---|---|---|---|---|' : '|---|---|---|---|');
    for (const f of findings) {
      const cells = [`${f.rule} ${f.name}`, f.operation ? `\`${f.operation}\`` : '', f.message, `\`${where(f)}\``];
      if (verdict === 'accepted') cells.push(f.acceptedBy?.reason ?? '', f.acceptedBy?.expires ?? '');
      out.push('| ' + cells.map(cell).join(' | ') + ' |');
    }
    if (!open) out.push('', '</details>');
  }
  if (report.notes.length > 0) out.push('', ...report.notes.map((n) => `> ${n}`));
  if (!report.ok) {
    out.push('', 'A breaking change needs a new major prefix (`/v2`) or, if it is truly safe, an exception with a reason and an expiry date (see the spec-guard README).');
  }
  return out.join('\n') + '\n';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
