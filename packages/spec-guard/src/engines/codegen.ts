import { escapePointer, isObject, operationKey } from '@zestequity/spec-model';
import { meaning } from '../canonical.js';
import { type Doc, isFreePath, pathParamNames, stableStringify } from '../document.js';
import type { Draft } from '../draft.js';
import { matchedOperations } from '../operations.js';

/**
 * Breaks of generated code: the bytes on the wire are the same, but the names and orders that generators turn into
 * identifiers changed. `@zestequity/partner-api-types` exports `operations['getThing']`,
 * `components['schemas']['Thing']` and paths keyed by their parameter names; partners' own generators name methods
 * after operationIds and number enum members in the order written.
 */
export function codegenFindings(base: Doc, head: Doc, pathMatch: Map<string, string>): Draft[] {
  const out: Draft[] = [];
  out.push(...pathParameterFindings(pathMatch));

  for (const [b, h] of matchedOperations(base, head, pathMatch)) {
    const bId = b.node.operationId;
    const hId = h.node.operationId;
    if (typeof bId === 'string' && bId !== hId) {
      out.push({
        rule: 'SG018',
        message: `operationId \`${bId}\` became ${typeof hId === 'string' ? `\`${hId}\`` : 'absent'}`,
        operation: h.key,
        segments: [...h.segments, 'operationId'],
        side: 'head',
        engine: 'codegen',
        ...(isFreePath(h.name) ? { free: true } : {}),
      });
    }
  }

  out.push(...componentFindings(base, head));
  out.push(...new EnumOrder(base, head, pathMatch).run());
  return out;
}

/**
 * Paths matched by shape whose parameter names differ. A name in a new position is a wire change, not a rename:
 * partners put each value where the base said, and the server now reads it as another parameter (SG026, breaking).
 * Names that are only new (`{thingId}` -> `{id}`) leave the URL as it was and break generated code only (SG019).
 */
function pathParameterFindings(pathMatch: Map<string, string>): Draft[] {
  const out: Draft[] = [];
  for (const [basePath, headPath] of pathMatch) {
    const before = pathParamNames(basePath);
    const after = pathParamNames(headPath);
    if (before.join('/') === after.join('/')) continue;
    const free = isFreePath(headPath) ? { free: true } : {};
    const moved = before.filter((name, i) => after.includes(name) && after[i] !== name);
    if (moved.length > 0) {
      const where = moved.map(
        (name) => `\`${name}\` moved from position ${before.indexOf(name) + 1} to ${after.indexOf(name) + 1}`,
      );
      out.push({
        rule: 'SG026',
        message: `path \`${basePath}\` is now \`${headPath}\` (${where.join(', ')}); partners' URLs put each value where the server now reads another parameter`,
        segments: ['paths', headPath],
        side: 'head',
        engine: 'codegen',
        ...free,
      });
      continue;
    }
    const renamed = before
      .map((name, i) => (name !== after[i] ? `\`${name}\` -> \`${after[i] ?? ''}\`` : undefined))
      .filter(Boolean)
      .join(', ');
    out.push({
      rule: 'SG019',
      message: `path \`${basePath}\` is now \`${headPath}\` (${renamed}); the URL is unchanged but typed clients name it differently`,
      segments: ['paths', headPath],
      side: 'head',
      engine: 'codegen',
      ...free,
    });
  }
  return out;
}

const LIMIT = 'x-zest-max-bytes';

/** Component sections generators emit a named type for (openapi-typescript: `components['<kind>']['<name>']`). */
const GENERATED_KINDS = ['schemas', 'parameters', 'responses', 'requestBodies', 'headers', 'pathItems'];
const SINGULAR: Record<string, string> = {
  schemas: 'schema',
  parameters: 'parameter',
  responses: 'response',
  requestBodies: 'request body',
  headers: 'header',
  pathItems: 'path item',
};

/** A component the head holds under another name, with the same content. */
export interface Rename {
  kind: string;
  from: string;
  to: string;
}

/**
 * Components gone from the head that a new component of the same section holds with the same meaning (documentation
 * aside, `$ref`s followed under the names found so far): renames, found again until no new one appears, so two
 * components renamed together (one referring to the other) are both found.
 */
export function componentRenames(base: Doc, head: Doc): Rename[] {
  const found: Rename[] = [];
  for (let more = true; more; ) {
    more = false;
    for (const kind of GENERATED_KINDS) {
      const before = section(base, kind);
      const after = section(head, kind);
      const taken = new Set(found.filter((r) => r.kind === kind).map((r) => r.to));
      const named = new Set(found.filter((r) => r.kind === kind).map((r) => r.from));
      const added = Object.keys(after).filter((name) => !Object.hasOwn(before, name) && !taken.has(name));
      for (const name of Object.keys(before)) {
        if (Object.hasOwn(after, name) || named.has(name)) continue;
        const own = comparable(before[name], []);
        const to = added.find(
          (candidate) =>
            !taken.has(candidate) &&
            comparable(after[candidate], [...found, { kind, from: name, to: candidate }]) === own,
        );
        if (!to) continue;
        found.push({ kind, from: name, to });
        taken.add(to);
        more = true;
      }
    }
  }
  return found;
}

/**
 * A component's meaning for rename detection: documentation and stated upload limits aside (a limit is compared per
 * operation by uploads.ts, so a rename that also states one is still a rename), `$ref`s to renamed components
 * written under their old names.
 */
function comparable(node: unknown, renames: Rename[]): string {
  const back = new Map(
    renames.map((r) => [
      `#/components/${r.kind}/${escapePointer(r.to)}`,
      `#/components/${r.kind}/${escapePointer(r.from)}`,
    ]),
  );
  return stableStringify(
    JSON.parse(meaning(node), (key, value) =>
      key === LIMIT ? undefined : key === '$ref' && typeof value === 'string' ? (back.get(value) ?? value) : value,
    ),
  );
}

/**
 * A component gone from the head is a rename when a new one has the same meaning; otherwise it is a removal. Either
 * way the operations that used it are compared on their own by the wire engines.
 */
function componentFindings(base: Doc, head: Doc): Draft[] {
  const out: Draft[] = [];
  const renames = componentRenames(base, head);
  for (const kind of GENERATED_KINDS) {
    const before = section(base, kind);
    const after = section(head, kind);
    for (const name of Object.keys(before)) {
      if (Object.hasOwn(after, name)) continue;
      const renamedTo = renames.find((r) => r.kind === kind && r.from === name)?.to;
      if (renamedTo) {
        out.push({
          rule: 'SG024',
          message: `the ${SINGULAR[kind]} \`${name}\` is now called \`${renamedTo}\` (same content); generated type names change`,
          segments: ['components', kind, renamedTo],
          side: 'head',
          engine: 'codegen',
        });
      } else {
        out.push({
          rule: 'SG020',
          message: `removed the ${SINGULAR[kind]} \`${name}\`; generated code that imports it by name stops compiling`,
          segments: ['components', kind, name],
          side: 'base',
          engine: 'codegen',
        });
      }
    }
  }
  return out;
}

function section(doc: Doc, kind: string): Record<string, unknown> {
  const components = doc.components;
  return isObject(components) && isObject(components[kind]) ? components[kind] : {};
}

/**
 * Enum values in another order. The set of values is the wire's business (the other engines); the order is what
 * generators turn into numbered enum members and exported value lists. Walks both documents side by side without
 * following `$ref`s: a component is compared at its own place.
 */
class EnumOrder {
  readonly out: Draft[] = [];

  constructor(
    private readonly base: Doc,
    private readonly head: Doc,
    private readonly pathMatch: Map<string, string>,
  ) {}

  run(): Draft[] {
    const bPaths = isObject(this.base.paths) ? this.base.paths : {};
    const hPaths = isObject(this.head.paths) ? this.head.paths : {};
    for (const [bp, hp] of this.pathMatch) this.pair(bPaths[bp], hPaths[hp], ['paths', hp]);
    for (const key of ['webhooks', 'components']) this.pair(this.base[key], this.head[key], [key]);
    return this.out;
  }

  private pair(b: unknown, h: unknown, at: string[]): void {
    if (Array.isArray(b) && Array.isArray(h)) {
      const ids = (item: unknown) =>
        isObject(item) && typeof item.name === 'string' && typeof item.in === 'string'
          ? `${item.in}:${item.name}`
          : undefined;
      const hIds = h.map(ids);
      b.forEach((item, i) => {
        const id = ids(item);
        const j = id === undefined ? i : hIds.indexOf(id);
        if (j !== -1 && j < h.length) this.pair(item, h[j], [...at, String(j)]);
      });
      return;
    }
    if (!isObject(b) || !isObject(h)) return;
    if (Array.isArray(b.enum) && Array.isArray(h.enum)) this.enums(b.enum, h.enum, [...at, 'enum']);
    for (const [key, value] of Object.entries(b)) {
      if (key === 'enum' || key === 'example' || key === 'examples' || key.startsWith('x-') || !Object.hasOwn(h, key))
        continue;
      this.pair(value, h[key], [...at, key]);
    }
  }

  private enums(b: unknown[], h: unknown[], at: string[]): void {
    const bKeys = b.map(stableStringify);
    const hKeys = h.map(stableStringify);
    if (bKeys.length !== hKeys.length || bKeys.join('\u0000') === hKeys.join('\u0000')) return;
    const same = [...bKeys].sort().join('\u0000') === [...hKeys].sort().join('\u0000');
    if (!same) return;
    const [section, name, method] = at;
    const draft: Draft = {
      rule: 'SG025',
      message: `enum values reordered from ${b.map(show).join(', ')} to ${h.map(show).join(', ')}`,
      segments: at,
      side: 'head',
      engine: 'codegen',
    };
    if (
      (section === 'paths' || section === 'webhooks') &&
      name &&
      method &&
      /^(get|put|post|delete|options|head|patch|trace)$/.test(method)
    ) {
      draft.operation = operationKey(section === 'paths' ? 'path' : 'webhook', name, method);
      if (section === 'paths' && isFreePath(name)) draft.free = true;
    }
    this.out.push(draft);
  }
}

function show(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}
