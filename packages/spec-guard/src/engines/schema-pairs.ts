import { isObject } from '@zestequity/spec-model';
import { pairwiseDisjoint } from '../canonical-rules.js';
import { type Doc, resolve } from '../document.js';

// Two versions of one schema walked side by side: the same property, the items, the additional properties, the
// members of `allOf`/`anyOf`/`oneOf`/`prefixItems` at the same position (when both lists are as long), each pair of
// places once (which ends recursion through self-referencing schemas). A visit learns whether the pair lies under a
// `oneOf` whose members may overlap, where a member that accepts more can make a value match two members, and so be
// refused. (Members plainly disjoint in the head, by type or constant, accept what `anyOf` of them would.)

export interface SchemaAt {
  node: unknown;
  segments: string[];
}

export type Visit = (
  b: Record<string, unknown>,
  bAt: string[],
  h: Record<string, unknown>,
  hAt: string[],
  underOneOf: boolean,
) => void;

export class SchemaPairs {
  private readonly seen = new Set<string>();

  constructor(
    private readonly base: Doc,
    private readonly head: Doc,
    private readonly visit: Visit,
  ) {}

  /** Visits the schemas of every media type a request body, response or payload has on both sides. */
  content(bHolder: SchemaAt, hHolder: SchemaAt): void {
    const b = resolve(this.base, bHolder.node, bHolder.segments);
    const h = resolve(this.head, hHolder.node, hHolder.segments);
    const bContent = isObject(b.node) && isObject(b.node.content) ? b.node.content : {};
    const hContent = isObject(h.node) && isObject(h.node.content) ? h.node.content : {};
    for (const [type, media] of Object.entries(bContent)) {
      const hMedia = Object.hasOwn(hContent, type) ? hContent[type] : undefined;
      if (!isObject(media) || !isObject(hMedia)) continue;
      this.schema(
        { node: media.schema, segments: [...b.segments, 'content', type, 'schema'] },
        { node: hMedia.schema, segments: [...h.segments, 'content', type, 'schema'] },
      );
    }
  }

  schema(bAt: SchemaAt, hAt: SchemaAt, depth = 0, underOneOf = false): void {
    const b = resolve(this.base, bAt.node, bAt.segments);
    const h = resolve(this.head, hAt.node, hAt.segments);
    const key = `${b.segments.join('/')}|${h.segments.join('/')}`;
    if (depth > 64 || this.seen.has(key) || !isObject(b.node) || !isObject(h.node)) return;
    this.seen.add(key);
    this.visit(b.node, b.segments, h.node, h.segments, underOneOf);
    const next = (bn: unknown, bs: string[], hn: unknown, hs: string[], oneOf = false) =>
      this.schema({ node: bn, segments: bs }, { node: hn, segments: hs }, depth + 1, underOneOf || oneOf);
    const bProps = isObject(b.node.properties) ? b.node.properties : {};
    const hProps = isObject(h.node.properties) ? h.node.properties : {};
    for (const [name, value] of Object.entries(bProps)) {
      if (Object.hasOwn(hProps, name))
        next(value, [...b.segments, 'properties', name], hProps[name], [...h.segments, 'properties', name]);
    }
    for (const keyword of ['items', 'additionalProperties'] as const) {
      if (isObject(b.node[keyword]) && isObject(h.node[keyword]))
        next(b.node[keyword], [...b.segments, keyword], h.node[keyword], [...h.segments, keyword]);
    }
    for (const keyword of ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const) {
      const bList = b.node[keyword];
      const hList = h.node[keyword];
      if (!Array.isArray(bList) || !Array.isArray(hList) || bList.length !== hList.length) continue;
      const overlap = keyword === 'oneOf' && !this.disjoint(hList);
      bList.forEach((member, i) => {
        next(member, [...b.segments, keyword, String(i)], hList[i], [...h.segments, keyword, String(i)], overlap);
      });
    }
  }

  private disjoint(members: unknown[]): boolean {
    return pairwiseDisjoint(
      members.map((member) => {
        const node = resolve(this.head, member, []).node;
        return isObject(node) ? node : undefined;
      }),
    );
  }
}
