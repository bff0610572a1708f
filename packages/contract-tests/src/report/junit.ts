import type { ContractReport } from '../types.js';

function xml(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, so they are dropped.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/**
 * JUnit XML for CI dashboards: one suite of behaviours (not applicable and skipped become <skipped> with the
 * reason) and one suite of operations (uncovered ones fail).
 */
export function formatJunit(report: ContractReport): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const checks = report.checks;
  const failures = checks.filter((c) => c.status === 'failed').length;
  const skipped = checks.filter((c) => c.status === 'not_applicable' || c.status === 'skipped').length;
  const coverageFailures = report.coverage.filter((c) => c.state === 'uncovered').length;
  const coverageSkipped = report.coverage.filter((c) => c.state === 'not_applicable').length;
  lines.push(
    `<testsuites name="zest-contract-tests" tests="${checks.length + report.coverage.length}" failures="${failures + coverageFailures}" ` +
      `skipped="${skipped + coverageSkipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
  );
  lines.push(
    `  <testsuite name="behaviours" tests="${checks.length}" failures="${failures}" skipped="${skipped}" timestamp="${xml(report.startedAt)}" ` +
      `time="${(checks.reduce((t, c) => t + c.durationMs, 0) / 1000).toFixed(3)}">`,
  );
  lines.push(
    `    <properties><property name="baseUrl" value="${xml(report.target.baseUrl)}"/><property name="stateful" value="${report.target.stateful}"/></properties>`,
  );
  for (const check of checks) {
    const open = `    <testcase classname="zest.${xml(check.tags[0] ?? 'contract')}" name="${xml(check.id)}" time="${(check.durationMs / 1000).toFixed(3)}"`;
    if (check.status === 'passed') {
      lines.push(`${open}/>`);
    } else if (check.status === 'failed') {
      lines.push(`${open}>`);
      lines.push(
        `      <failure message="${xml(check.failures[0] ?? 'failed')}" type="ContractFailure">${xml(check.failures.join('\n'))}</failure>`,
      );
      lines.push('    </testcase>');
    } else {
      const label = check.status === 'not_applicable' ? 'not applicable' : 'skipped';
      lines.push(`${open}>`);
      lines.push(`      <skipped message="${xml(`${label}: ${check.reason ?? ''}`)}"/>`);
      lines.push('    </testcase>');
    }
  }
  lines.push('  </testsuite>');
  lines.push(
    `  <testsuite name="coverage" tests="${report.coverage.length}" failures="${coverageFailures}" skipped="${coverageSkipped}">`,
  );
  for (const op of report.coverage) {
    const seen = Object.entries(op.seen)
      .map(([s, n]) => `${s}x${n}`)
      .join(' ');
    const open = `    <testcase classname="zest.coverage" name="${xml(`${op.operationId} ${op.method} ${op.path}`)}"`;
    if (op.state === 'covered') {
      lines.push(`${open}><system-out>${xml(`statuses seen: ${seen}`)}</system-out></testcase>`);
    } else if (op.state === 'uncovered') {
      lines.push(`${open}><failure message="${xml(op.reason ?? 'never called')}" type="Uncovered"/></testcase>`);
    } else {
      lines.push(`${open}><skipped message="${xml(`not applicable: ${op.reason ?? ''}`)}"/></testcase>`);
    }
  }
  lines.push('  </testsuite>');
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
