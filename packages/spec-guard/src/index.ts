export { type CheckOptions, check, compareDocuments, DEFAULT_EXCEPTIONS } from './check.js';
export type { Draft } from './draft.js';
export { mapOasdiffId } from './engines/oasdiff-map.js';
export {
  FORMATS,
  type Format,
  type FormatOptions,
  formatGithub,
  formatMarkdown,
  formatReport,
  formatText,
} from './format/index.js';
export { type BundledDocument, bundleFile, type Origin } from './load/bundle.js';
export { SpecLoadError } from './load/read-document.js';
export type { AcceptedBy, Engine, Finding, Location, Report, Summary, Verdict } from './report.js';
export { getRule, type Kind, RULES, type Rule } from './rules.js';
