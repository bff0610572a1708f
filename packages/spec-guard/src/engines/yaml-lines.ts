// Block YAML written for oasdiff, with a map from each line back to the pointer it holds. Every scalar and key is
// written as a JSON literal (valid YAML), one key or item per line, so the map is exact and no YAML library has
// to serialise and re-parse the whole document (that was most of spec-guard's run time on the real spec).

export interface EmittedYaml {
  text: string;
  /** 1-based line -> pointer segments of the key or sequence item that starts on it. */
  lines: Map<number, string[]>;
}

export function emitYaml(doc: unknown): EmittedYaml {
  const out: string[] = [];
  const lines = new Map<number, string[]>();
  const scalar = (value: unknown): string | undefined => {
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
    if (typeof value === 'boolean') return String(value);
    if (Array.isArray(value) && value.length === 0) return '[]';
    if (typeof value === 'object' && Object.keys(value as object).length === 0) return '{}';
    return undefined;
  };
  const emit = (value: unknown, indent: string, at: string[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const segments = [...at, String(i)];
        lines.set(out.length + 1, segments);
        const inline = scalar(item);
        if (inline !== undefined) out.push(`${indent}- ${inline}`);
        else if (Array.isArray(item)) {
          out.push(`${indent}-`);
          emit(item, `${indent}  `, segments);
        } else {
          // A mapping item starts on the line of its first key (`- "name": …`), and that line stands for the item:
          // oasdiff reports a new or removed item (a parameter, a server) at that line.
          const start = out.length;
          emit(item, `${indent}  `, segments);
          out[start] = `${indent}- ${(out[start] ?? '').slice(indent.length + 2)}`;
          lines.set(start + 1, segments);
        }
      });
      return;
    }
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === undefined) continue;
      const segments = [...at, key];
      lines.set(out.length + 1, segments);
      const inline = scalar(item);
      if (inline !== undefined) out.push(`${indent}${JSON.stringify(key)}: ${inline}`);
      else {
        out.push(`${indent}${JSON.stringify(key)}:`);
        emit(item, `${indent}  `, segments);
      }
    }
  };
  emit(doc, '', []);
  return { text: `${out.join('\n')}\n`, lines };
}
