import type { Kind } from './rules.js';

/**
 * What a finding means for the gate:
 * - `breaking`: breaks partners on the wire; fails the check;
 * - `codegen`: breaks code generated from the spec, the wire unchanged; does not fail the check, but a release
 *   that carries it must be a major one for the generated packages (the repository's changeset check enforces it);
 * - `accepted`: breaking, but an unexpired exceptions-file entry accepts it (shown, not failing);
 * - `free`: breaking, but under a new major prefix (`/v2`, …) the additive-only policy does not cover;
 * - `additive` and `docs`: safe for every partner.
 */
export type Verdict = 'breaking' | 'codegen' | 'accepted' | 'free' | 'additive' | 'docs';

export type Engine = 'oasdiff' | 'webhooks' | 'policy' | 'codegen' | 'docs' | 'exceptions';

export interface Location {
  /** JSON pointer into the bundled document (head side unless `side` says base). */
  pointer: string;
  /** The same place written with dots: `paths./v1/investors.post`. */
  path: string;
  side: 'base' | 'head';
  /** Source file, relative to the repository (or working directory) when it lies inside it. */
  file?: string;
  line?: number;
}

export interface AcceptedBy {
  reason: string;
  expires: string;
  file: string;
  line?: number;
}

export interface Finding {
  rule: string;
  name: string;
  kind: Kind;
  verdict: Verdict;
  message: string;
  /** `POST /v1/investors`, or `webhook spv_request.created`. */
  operation?: string;
  location: Location;
  engine: Engine;
  /** The oasdiff check id behind the finding, when oasdiff found it. */
  oasdiffId?: string;
  acceptedBy?: AcceptedBy;
}

export interface Summary {
  breaking: number;
  codegen: number;
  accepted: number;
  free: number;
  additive: number;
  docs: number;
}

export interface Report {
  status: 'compared' | 'no-base';
  base: string;
  head: string;
  ok: boolean;
  summary: Summary;
  findings: Finding[];
  /** Non-failing remarks: unused exceptions, skipped inputs. */
  notes: string[];
}

export function summarise(findings: readonly Finding[]): Summary {
  const summary: Summary = { breaking: 0, codegen: 0, accepted: 0, free: 0, additive: 0, docs: 0 };
  for (const finding of findings) summary[finding.verdict]++;
  return summary;
}
