import type { Report } from '../report.js';
import { acceptedGroups, described, headline } from './shared.js';

/**
 * GitHub Actions workflow commands: `::error` on the source file and line of each wire break, `::warning` on each
 * generated-code break and one per exceptions-file entry that accepts breaking changes. Additive and documentation-only changes are
 * counted in the closing line, not annotated: annotations are for what a reviewer must look at.
 */
export function formatGithub(report: Report): string {
  const out: string[] = [];
  for (const f of report.findings) {
    if (f.verdict !== 'breaking') continue;
    out.push(
      `::error ${properties(f.location.file, f.location.line, `${f.rule} ${f.name}`)}::${escapeData(described(f))}`,
    );
  }
  // Not failing by itself, but a reviewer must see it: the release has to be a major one for generated code.
  for (const f of report.findings) {
    if (f.verdict !== 'codegen') continue;
    out.push(
      `::warning ${properties(f.location.file, f.location.line, `${f.rule} ${f.name} (breaks generated code)`)}::${escapeData(described(f))}`,
    );
  }
  for (const g of acceptedGroups(report)) {
    const [file, line] = splitEntry(g.entry);
    const count = `${g.findings.length} ${g.rule} finding${g.findings.length > 1 ? 's' : ''} accepted until ${g.expires}`;
    out.push(
      `::warning ${properties(file, line, `${g.rule} ${g.name} (accepted)`)}::${escapeData(`${count}: ${g.reason}`)}`,
    );
  }
  for (const note of report.notes) out.push(`::notice title=spec-guard::${escapeData(note)}`);
  out.push(headline(report));
  return `${out.join('\n')}\n`;
}

function splitEntry(entry: string): [string, number | undefined] {
  const m = /^(.*):(\d+)$/.exec(entry);
  return m ? [m[1] ?? entry, Number(m[2])] : [entry, undefined];
}

function properties(file: string | undefined, line: number | undefined, title: string): string {
  const props: string[] = [];
  if (file) props.push(`file=${escapeProperty(file)}`);
  if (file && line) props.push(`line=${line}`);
  props.push(`title=${escapeProperty(title)}`);
  return props.join(',');
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
