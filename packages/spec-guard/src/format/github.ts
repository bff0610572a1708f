import type { Finding, Report } from '../report.js';
import { headline } from './shared.js';

/**
 * GitHub Actions workflow commands: `::error` for breaking changes, `::warning` for accepted ones and `::notice`
 * for additive ones, each on the source file and line. Documentation-only changes are counted, not annotated.
 */
export function formatGithub(report: Report): string {
  const out: string[] = [];
  for (const f of report.findings) {
    const level = f.verdict === 'breaking' ? 'error' : f.verdict === 'accepted' ? 'warning' : f.verdict === 'docs' ? undefined : 'notice';
    if (!level) continue;
    out.push(`::${level} ${properties(f)}::${escapeData(message(f))}`);
  }
  for (const note of report.notes) out.push(`::notice title=spec-guard::${escapeData(note)}`);
  out.push(headline(report));
  return out.join('\n') + '\n';
}

function properties(f: Finding): string {
  const props: string[] = [];
  if (f.location.file) props.push(`file=${escapeProperty(f.location.file)}`);
  if (f.location.file && f.location.line) props.push(`line=${f.location.line}`);
  props.push(`title=${escapeProperty(`${f.rule} ${f.name}`)}`);
  return props.join(',');
}

function message(f: Finding): string {
  let text = f.operation ? `${f.operation}: ${f.message}` : f.message;
  if (f.acceptedBy) text += ` (accepted until ${f.acceptedBy.expires}: ${f.acceptedBy.reason})`;
  return text;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
