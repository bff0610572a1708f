import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export interface SourcePosition {
  line: number;
  /** How many of the requested segments were found: the line is that of the deepest existing ancestor. */
  depth: number;
}

interface ParsedSource {
  contents: Node | null;
  lines: LineCounter;
}

/** Finds the line of a place inside a YAML or JSON source file, for annotations that land on the right line. */
export class SourceLines {
  private readonly cache = new Map<string, ParsedSource | null>();

  position(file: string, inner: readonly string[]): SourcePosition | undefined {
    const parsed = this.parse(file);
    if (!parsed) return undefined;
    let node: unknown = parsed.contents;
    let line = 1;
    let depth = 0;
    for (const segment of inner) {
      let next: unknown;
      let offset: number | undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
        if (pair) {
          next = pair.value;
          offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        }
      } else if (isSeq(node) && /^\d+$/.test(segment)) {
        const item = node.items[Number(segment)] as Node | undefined;
        if (item) {
          next = item;
          offset = item.range?.[0];
        }
      }
      if (next === undefined && offset === undefined) break;
      if (offset !== undefined) line = parsed.lines.linePos(offset).line;
      node = next;
      depth++;
    }
    return { line, depth };
  }

  private parse(file: string): ParsedSource | null {
    let parsed = this.cache.get(file);
    if (parsed === undefined) {
      try {
        const lines = new LineCounter();
        const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, keepSourceTokens: false });
        parsed = { contents: doc.contents, lines };
      } catch {
        parsed = null;
      }
      this.cache.set(file, parsed);
    }
    return parsed;
  }
}
