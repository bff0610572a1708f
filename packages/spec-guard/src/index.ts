export { check, compareDocuments, DEFAULT_EXCEPTIONS, type CheckOptions } from './check.js';
export { formatReport, formatGithub, formatMarkdown, formatText, FORMATS, type Format, type FormatOptions } from './format/index.js';
export { RULES, getRule, type Rule, type Kind } from './rules.js';
export { mapOasdiffId } from './engines/oasdiff-map.js';
export { bundleFile, type BundledDocument, type Origin } from './load/bundle.js';
export { SpecLoadError } from './load/read-document.js';
export type { Report, Finding, Location, Verdict, Summary, AcceptedBy, Engine } from './report.js';
export type { Draft } from './draft.js';
