import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export class SpecLoadError extends Error {
  override name = 'SpecLoadError';
}

/** Parses a YAML or JSON file into plain data; a clear error names the file when it does not parse. */
export function readDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SpecLoadError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    // JSON is YAML, but JSON.parse is much faster on the large bundled documents.
    if (/\.json$/i.test(file)) return JSON.parse(text) as unknown;
    // The core schema keeps `2027-01-01` a string and `on`/`yes` strings: what OpenAPI authors mean.
    return parse(text, { maxAliasCount: -1 }) as unknown;
  } catch (error) {
    throw new SpecLoadError(`cannot parse ${file}: ${(error as Error).message}`);
  }
}
