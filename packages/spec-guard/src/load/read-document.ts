import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The yaml library's own default: how many times, relative to its size, an aliased node may be expanded. */
export const MAX_ALIAS_COUNT = 100;

/**
 * How deeply a document may nest (objects and lists within each other). The real spec nests about a dozen levels;
 * a limit far above that keeps every recursive walker (spec-guard's and oasdiff's) clear of the call stack's limit.
 */
export const MAX_DEPTH = 256;

/**
 * A spec (or exceptions or source file) spec-guard cannot read, bundle or fetch: the CLI's exit 2. `code` is always
 * `'spec_load_failed'`, a stable string to branch on as on the client's and auth's errors.
 */
export class SpecLoadError extends Error {
  override name = 'SpecLoadError';
  readonly code = 'spec_load_failed' as const;
}

/** Parses a YAML or JSON file into plain data; a clear error names the file when it does not parse. */
export function readDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SpecLoadError(`cannot read ${file}: ${(error as Error).message}`);
  }
  // A byte order mark is not part of the document (editors on Windows write one); JSON.parse would refuse it.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    // JSON is YAML, but JSON.parse is much faster on the large bundled documents.
    if (/\.json$/i.test(file)) return JSON.parse(text) as unknown;
    // The core schema keeps `2027-01-01` a string and `on`/`yes` strings: what OpenAPI authors mean. Aliases are
    // bounded as the yaml library does by default: a few nested anchors can otherwise expand to billions of nodes.
    return parse(text, { maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof RangeError) {
      throw new SpecLoadError(
        `cannot parse ${file}: it nests too deeply to read (spec-guard reads documents nested at most ${MAX_DEPTH} levels)`,
      );
    }
    if (/excessive alias count/i.test(message)) {
      throw new SpecLoadError(
        `cannot parse ${file}: its YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} times the aliased nodes); write the repeated parts out or use $ref`,
      );
    }
    throw new SpecLoadError(`cannot parse ${file}: ${message}`);
  }
}
