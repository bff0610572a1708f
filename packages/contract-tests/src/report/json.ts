import type { ContractReport } from '../types.js';

/** The whole report as JSON; its shape is the exported `ContractReport` type. */
export function formatJson(report: ContractReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
