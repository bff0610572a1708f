import type { Engine } from './report.js';

/** A finding as an engine sees it; the checker adds the verdict, the source location and any exception. */
export interface Draft {
  rule: string;
  message: string;
  operation?: string;
  /** Place in the bundled document of `side`. */
  segments: string[];
  side: 'base' | 'head';
  engine: Engine;
  oasdiffId?: string;
  /** A place outside the spec (an exceptions-file entry). */
  at?: { file: string; line?: number };
  /** Under a new major prefix (`/v2`): breaking changes there do not fail the gate. */
  free?: boolean;
  /**
   * Other places (on the same side) the finding is about besides `segments`, for the fail-closed engine: a bound
   * moved from `minimum` to `exclusiveMinimum` is one change at two keywords.
   */
  covers?: string[][];
}
