import { escapeControls } from '../options.js';
import type { CheckResult, ContractReport } from '../types.js';

const LABEL: Record<CheckResult['status'], string> = {
  passed: 'PASS',
  failed: 'FAIL',
  not_applicable: 'N/A',
  skipped: 'SKIP',
};

function table(header: string[], unsafeRows: string[][]): string {
  const rows = unsafeRows.map((row) => row.map(escapeControls));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The report for people: coverage (operation x statuses seen), behaviours with reasons, schema failures, verdict. */
export function formatHuman(report: ContractReport): string {
  const { target, summary } = report;
  const out: string[] = [];
  // A line may quote the target (a body, a slug, a reason): it stays one line, and no control character of the
  // target's reaches the terminal (a line break, `\r` or escape sequence could hide a failure or fake the verdict).
  // Tables escape their cells themselves.
  const push = (line: string) => out.push(escapeControls(line));
  push(`Zest Partner API contract tests ${report.tool.version} against ${target.baseUrl}`);
  push(`spec: ${report.spec.title} ${report.spec.version} (${report.spec.operations} operations)`);
  push(`target: ${target.statefulReason}`);
  push(
    `sandbox admin API: ${target.sandboxAdmin ? 'yes' : 'no'}; webhooks: ${target.webhookSource === 'none' ? 'not observable' : target.webhookSourceReason}`,
  );
  push('');
  push('Coverage: operation × status codes seen');
  out.push(
    table(
      ['OPERATION', 'METHOD', 'PATH', 'SEEN', 'DECLARED', 'NOTE'],
      report.coverage.map((c) => [
        c.operationId,
        c.method,
        c.path,
        Object.entries(c.seen)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ') || '-',
        c.declaredStatuses.join(','),
        c.state === 'covered'
          ? c.violations > 0
            ? `${c.violations} response(s) break the spec`
            : ''
          : `${c.state === 'uncovered' ? 'UNCOVERED' : 'n/a'}: ${c.reason ?? ''}`,
      ]),
    ),
  );
  push('');
  push('Behaviours');
  out.push(
    table(
      ['RESULT', 'CHECK', 'TAGS', 'DETAIL'],
      report.checks.map((r) => [
        LABEL[r.status],
        r.id,
        r.tags.join(','),
        r.status === 'failed' ? `${r.failures.length} failure(s)` : (r.reason ?? r.title),
      ]),
    ),
  );
  const failed = report.checks.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    push('');
    push('Failures');
    for (const result of failed) {
      push(`  ${result.id} — ${result.title}`);
      for (const failure of result.failures) push(`    - ${failure}`);
    }
  }
  if (report.schemaFailures.length > 0) {
    push('');
    push(`Responses that break the spec (${report.schemaFailures.length})`);
    for (const f of report.schemaFailures) {
      push(
        `  - ${f.operationId} ${f.status}${f.declaredAs && f.declaredAs !== String(f.status) ? ` (as ${f.declaredAs})` : ''} ${f.kind} at ${f.location}: ${f.message} [${f.checkId}]`,
      );
    }
  }
  push('');
  push(
    `${summary.ok ? 'PASSED' : 'FAILED'}: ${summary.passed} passed, ${summary.failed} failed, ${summary.notApplicable} not applicable, ` +
      `${summary.skipped} skipped; ${summary.operationsCovered}/${summary.operationsTotal} operations called; ` +
      `${summary.requests} requests; ${summary.schemaFailures} response(s) breaking the spec; ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  return `${out.join('\n')}\n`;
}
