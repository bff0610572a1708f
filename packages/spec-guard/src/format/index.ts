import type { Report } from '../report.js';
import { formatGithub } from './github.js';
import { formatMarkdown } from './markdown.js';
import type { FormatOptions } from './shared.js';
import { formatText } from './text.js';

export type Format = 'text' | 'markdown' | 'github' | 'json';
export const FORMATS: readonly Format[] = ['text', 'markdown', 'github', 'json'];

export function formatReport(report: Report, format: Format, options: FormatOptions = {}): string {
  switch (format) {
    case 'text':
      return formatText(report, options);
    case 'markdown':
      return formatMarkdown(report, options);
    case 'github':
      return formatGithub(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}

export { type FormatOptions, formatGithub, formatMarkdown, formatText };
