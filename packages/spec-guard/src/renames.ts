import { escapePointer, isObject } from '@zestequity/spec-model';
import { type Doc, setOwn } from './document.js';
import type { Draft } from './draft.js';
import type { Rename } from './engines/codegen.js';

/**
 * The head with each renamed component back under its base name: the component itself, every `$ref` to it (or into
 * it) and every discriminator mapping value naming it. The wire is the same; only the names generated code uses differ.
 */
export function renamedBack(head: Doc, renames: Rename[]): Doc {
  const refs = new Map(
    renames.map((r) => [
      `#/components/${r.kind}/${escapePointer(r.to)}`,
      `#/components/${r.kind}/${escapePointer(r.from)}`,
    ]),
  );
  const back = (ref: string): string => {
    for (const [to, from] of refs) if (ref === to || ref.startsWith(`${to}/`)) return from + ref.slice(to.length);
    return ref;
  };
  const copy = (node: unknown, key: string | undefined): unknown => {
    if (Array.isArray(node)) return node.map((item) => copy(item, undefined));
    if (!isObject(node)) return key === '$ref' && typeof node === 'string' ? back(node) : node;
    const out: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(node)) {
      // A discriminator's mapping values are references written as strings.
      const inner = key === 'mapping' && typeof value === 'string' ? back(value) : copy(value, k);
      setOwn(out, k, inner);
    }
    return out;
  };
  const out = copy(head, undefined) as Doc;
  const components = isObject(out.components) ? out.components : {};
  for (const { kind, from, to } of renames) {
    const section = components[kind];
    if (!isObject(section) || !Object.hasOwn(section, to)) continue;
    const renamed: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(section)) setOwn(renamed, name === to ? from : name, value);
    components[kind] = renamed;
  }
  return out;
}

/** A finding of a wire engine, read on the renamed-back head, placed at the head's own names. */
export function placeUnderHeadNames(draft: Draft, renames: Rename[]): void {
  if (draft.side !== 'head' || renames.length === 0) return;
  const place = (segments: string[]): string[] => {
    const [root, kind, name] = segments;
    const rename = root === 'components' ? renames.find((r) => r.kind === kind && r.from === name) : undefined;
    return rename ? ['components', rename.kind, rename.to, ...segments.slice(3)] : segments;
  };
  draft.segments = place(draft.segments);
  if (draft.covers) draft.covers = draft.covers.map(place);
}
