import { isObject, operationKey } from '@zestequity/spec-model';
import { type Doc, deepEqual, docRuleFor, NAME_MAPS, resolve } from '../document.js';
import type { Draft } from '../draft.js';
import { toDotted } from '../pointer.js';

const WHAT: Record<string, string> = { SG070: 'text', SG071: 'example', SG072: 'metadata' };

/**
 * Documentation-only changes: descriptions, summaries, titles, examples, tags, external docs, `info`, and vendor
 * extensions no rule reads. Walks both documents side by side; a component is visited once, at its own place.
 */
export function docsFindings(base: Doc, head: Doc, pathMatch: Map<string, string>): Draft[] {
  const walker = new DocsWalker(base, head, pathMatch);
  walker.walkRoot();
  return walker.out;
}

class DocsWalker {
  readonly out: Draft[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly base: Doc,
    private readonly head: Doc,
    private readonly pathMatch: Map<string, string>,
  ) {}

  walkRoot(): void {
    for (const key of union(Object.keys(this.base), Object.keys(this.head))) {
      const b = this.base[key];
      const h = this.head[key];
      if (key === 'paths' && isObject(b) && isObject(h)) {
        // Paths are paired the way the URL is matched: `{spv_slug}` and `{spvSlug}` are the same path.
        for (const [bp, hp] of this.pathMatch) this.pair(b[bp], ['paths', bp], h[hp], ['paths', hp], false);
        continue;
      }
      if (key === 'info' || key === 'openapi' || key === 'jsonSchemaDialect') {
        if (key === 'info' && isObject(b) && isObject(h)) this.keywords(b, ['info'], h, ['info'], true);
        else if (!deepEqual(b, h)) this.report('SG072', key, ['root'], [key], h === undefined ? 'base' : 'head', b, h);
        continue;
      }
      const rule = docRuleFor(key);
      if (rule) {
        if (!deepEqual(b, h)) this.report(rule, key, [], [key], h === undefined ? 'base' : 'head', b, h);
        continue;
      }
      if (b === undefined || h === undefined) continue;
      this.pair(b, [key], h, [key], NAME_MAPS.has(key));
    }
  }

  private pair(b: unknown, bAt: string[], h: unknown, hAt: string[], names: boolean): void {
    const bRef = isObject(b) && typeof b.$ref === 'string' ? b.$ref : undefined;
    const hRef = isObject(h) && typeof h.$ref === 'string' ? h.$ref : undefined;
    if (bRef !== undefined || hRef !== undefined) {
      if (bRef !== undefined && bRef === hRef) {
        // Same target: it is walked where it is defined. Only text written beside the $ref belongs here.
        this.keywords(b as Record<string, unknown>, bAt, h as Record<string, unknown>, hAt, false);
        return;
      }
      const rb = resolve(this.base, b, bAt);
      const rh = resolve(this.head, h, hAt);
      const key = `${rb.segments.join('/')}|${rh.segments.join('/')}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      this.pair(rb.node, rb.segments, rh.node, rh.segments, names);
      return;
    }
    if (Array.isArray(b) && Array.isArray(h)) {
      for (const [i, j] of matchItems(b, h)) this.pair(b[i], [...bAt, String(i)], h[j], [...hAt, String(j)], false);
      return;
    }
    if (!isObject(b) || !isObject(h)) return;
    if (names) {
      for (const name of Object.keys(b)) {
        if (Object.hasOwn(h, name)) this.pair(b[name], [...bAt, name], h[name], [...hAt, name], false);
      }
      return;
    }
    this.keywords(b, bAt, h, hAt, false);
  }

  private keywords(
    b: Record<string, unknown>,
    bAt: string[],
    h: Record<string, unknown>,
    hAt: string[],
    info: boolean,
  ): void {
    for (const key of union(Object.keys(b), Object.keys(h))) {
      if (key === '$ref') continue;
      const rule = docRuleFor(key) ?? (info ? 'SG072' : undefined);
      if (rule) {
        if (key === 'examples' && isObject(b[key]) && isObject(h[key])) {
          this.exampleMap(b[key] as Record<string, unknown>, [...bAt, key], h[key] as Record<string, unknown>, [
            ...hAt,
            key,
          ]);
          continue;
        }
        if (!deepEqual(b[key], h[key])) {
          const side = Object.hasOwn(h, key) ? 'head' : 'base';
          this.report(
            rule,
            key,
            side === 'head' ? hAt : bAt,
            [...(side === 'head' ? hAt : bAt), key],
            side,
            b[key],
            h[key],
          );
        }
        continue;
      }
      if (Object.hasOwn(b, key) && Object.hasOwn(h, key))
        this.pair(b[key], [...bAt, key], h[key], [...hAt, key], NAME_MAPS.has(key) && isObject(h[key]));
    }
  }

  /** Named examples are reported one by one, so a new example is not "all examples changed". */
  private exampleMap(b: Record<string, unknown>, bAt: string[], h: Record<string, unknown>, hAt: string[]): void {
    for (const name of union(Object.keys(b), Object.keys(h))) {
      if (deepEqual(b[name], h[name])) continue;
      const side = Object.hasOwn(h, name) ? 'head' : 'base';
      const owner = side === 'head' ? hAt : bAt;
      this.report('SG071', name, owner, [...owner, name], side, b[name], h[name]);
    }
  }

  private report(
    rule: string,
    key: string,
    owner: string[],
    segments: string[],
    side: 'base' | 'head',
    b: unknown,
    h: unknown,
  ): void {
    const verb = b === undefined ? 'added' : h === undefined ? 'removed' : 'changed';
    const where = owner.length === 0 || owner[0] === 'root' ? 'the document' : `\`${toDotted(owner)}\``;
    const draft: Draft = {
      rule,
      message: `${WHAT[rule] ?? 'documentation'} \`${key}\` of ${where} ${verb}`,
      segments,
      side,
      engine: 'docs',
    };
    const operation = operationOf(segments);
    if (operation) draft.operation = operation;
    this.out.push(draft);
  }
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** Pairs array items: parameters by `in`+`name`, servers by `url`, anything else by position. */
function matchItems(b: unknown[], h: unknown[]): Array<[number, number]> {
  const identity = (item: unknown): string | undefined => {
    if (!isObject(item)) return undefined;
    if (typeof item.name === 'string' && typeof item.in === 'string') return `${item.in}:${item.name.toLowerCase()}`;
    if (typeof item.url === 'string') return `url:${item.url}`;
    return undefined;
  };
  const hIds = h.map(identity);
  const out: Array<[number, number]> = [];
  b.forEach((item, i) => {
    const id = identity(item);
    if (id !== undefined) {
      const j = hIds.indexOf(id);
      if (j !== -1) out.push([i, j]);
    } else if (i < h.length && identity(h[i]) === undefined) {
      out.push([i, i]);
    }
  });
  return out;
}

function operationOf(segments: string[]): string | undefined {
  const [section, name, method] = segments;
  if (
    (section === 'paths' || section === 'webhooks') &&
    name &&
    method &&
    /^(get|put|post|delete|options|head|patch|trace)$/.test(method)
  ) {
    return operationKey(section === 'paths' ? 'path' : 'webhook', name, method);
  }
  return undefined;
}
