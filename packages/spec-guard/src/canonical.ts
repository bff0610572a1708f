import { getAt, isObject, parsePointer } from '@zestequity/spec-model';
import {
  BOOLEAN_AS_WRITTEN,
  booleanSchema,
  canonicalContentTypes,
  canonicalUrl,
  combineKeyword,
  defaultPartType,
  dropParameterDefaults,
  dropRequiredDefaults,
  dropSchemaDefaults,
  IGNORED_HEADER_PARAMETERS,
  implicitMapping,
  pairwiseDisjoint,
  scalarSchema,
  URL_FIELDS,
  unevaluatedAsAdditional,
} from './canonical-rules.js';
import { type Doc, docRuleFor, resolve, setOwn, stableStringify } from './document.js';

// Spelling is not meaning. Before any engine compares two documents, both are rewritten into one canonical
// spelling, so an equivalent rewrite (a schema recomposed as `allOf`, `enum: [x]` for `const: x`, a nullable
// written three ways, a header name in another case) compares equal and only real changes remain.
// Every rewrite here is exact: the canonical schema accepts precisely the values the written one accepts
// (test/canonical.test.ts checks that with a JSON Schema validator on generated schemas and values). Where
// exactness cannot be shown (an `allOf` whose members constrain each other), the spelling is left alone.

/** A subtree that canonicalisation moved: where it is now, and where the author wrote it. */
export interface Move {
  to: string[];
  from: string[];
}

export interface Canonical {
  doc: Doc;
  moves: Move[];
}

/** Keywords whose value is one schema. */
const SCHEMA_KEYS = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
];
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/**
 * Keywords that make an `allOf` member depend on its siblings (`additionalProperties: false` in one member rejects
 * the properties another member declares), or that name a place: merging such members would change the meaning.
 */
const MERGE_BLOCKERS = new Set([
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'discriminator',
  '$ref',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$dynamicRef',
  'allOf',
]);
/** Keywords that would also judge a null value, so S + null is not `anyOf: [S, null]` when S has one. */
const APPLICATORS = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', '$ref', '$dynamicRef']);
const COMPONENT_SCHEMAS = ['components', 'schemas'];

/** Header names as the base spells them, keyed by their lower case: HTTP header names are case-insensitive. */
export function headerSpellings(doc: Doc): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 12) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    if (!isObject(node)) return;
    if (node.in === 'header' && typeof node.name === 'string' && !out.has(node.name.toLowerCase()))
      out.set(node.name.toLowerCase(), node.name);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'schema' || key === 'schemas' || key === 'examples' || key === 'example' || key.startsWith('x-'))
        continue;
      if (key === 'headers' && isObject(value)) {
        for (const name of Object.keys(value)) if (!out.has(name.toLowerCase())) out.set(name.toLowerCase(), name);
      }
      visit(value, depth + 1);
    }
  };
  visit(doc, 0);
  return out;
}

/** The document in canonical spelling (a copy; the input is not changed), and the subtrees that moved. */
export function canonicalise(
  doc: Doc,
  spellings: Map<string, string> = headerSpellings(doc),
  keepAnnotations: boolean = usesUnevaluated(doc),
): Canonical {
  return new Canonicaliser(doc, spellings, keepAnnotations).run();
}

/**
 * Whether either document says `unevaluatedProperties` or `unevaluatedItems`, which read what `additionalProperties`
 * and `items` evaluated: then those keywords stay as written in both, so both are spelled alike.
 */
export function keepsAnnotations(...docs: Doc[]): boolean {
  return docs.some(usesUnevaluated);
}

/** `Application/JSON ; charset=UTF-8` → `application/json`: type and subtype are case-insensitive, and JSON has no charset. */
export function canonicalMediaType(mediaType: string): string {
  const [essence = '', ...params] = mediaType.split(';').map((part) => part.trim());
  const type = essence.toLowerCase();
  const json = type === 'application/json' || type.endsWith('+json');
  const kept = params
    .filter((p) => p !== '')
    .map((p) => {
      const [name = '', ...value] = p.split('=');
      return `${name.trim().toLowerCase()}=${value.join('=').trim()}`;
    })
    .filter((p) => !(json && /^charset="?utf-8"?$/i.test(p)));
  return [type, ...kept].join('; ');
}

class Canonicaliser {
  private readonly moves: Move[] = [];
  /** Canonical component schemas by pointer, built on demand; `null` while one is being built (a cycle). */
  private readonly components = new Map<string, { node: unknown; at: string[] } | null>();
  /** OpenAPI 3.1 (JSON Schema 2020-12): keywords beside a `$ref` apply together with its target; 3.0 ignores them. */
  private readonly refSiblingsApply: boolean;
  /** `unevaluated*` are in use, and read what `additionalProperties` and `items` evaluated: keep those as written. */
  private readonly keepAnnotations: boolean;

  constructor(
    private readonly source: Doc,
    private readonly spellings: Map<string, string>,
    keepAnnotations: boolean,
  ) {
    this.refSiblingsApply = !/^3\.0\./.test(String(source.openapi ?? ''));
    this.keepAnnotations = keepAnnotations;
  }

  run(): Canonical {
    const doc = this.walk(this.source, []) as Doc;
    return { doc, moves: this.moves };
  }

  /** Whether a parameter's or header's schema (its `$ref` followed in the source) only admits primitive values. */
  private scalar(schema: unknown, at: string[]): boolean {
    return schema !== undefined && scalarSchema(resolve(this.source, schema, at).node);
  }

  /** Everything outside schemas: header names, media type keys, and the schemas found along the way. */
  private walk(node: unknown, at: string[]): unknown {
    if (Array.isArray(node)) return node.map((item, i) => this.walk(item, [...at, String(i)]));
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    const parent = at.at(-1);
    for (const [key, value] of Object.entries(node)) {
      const here = [...at, key];
      let next: unknown;
      if (key === 'example' || key === 'examples' || key.startsWith('x-') || key === '$ref') next = value;
      else if (typeof value === 'string' && (URL_FIELDS.has(key) || (key === 'url' && at.at(-2) === 'servers')))
        next = canonicalUrl(value);
      else if (key === 'parameters' && Array.isArray(value) && at[0] === 'paths' && !at.includes('callbacks'))
        next = this.parameters(value, here);
      else if (key === 'schema' && parent !== 'properties') next = this.schemaAt(here);
      else if (at.length === 2 && at[0] === 'components' && at[1] === 'schemas') next = this.schemaAt(here);
      else if (key === 'content' && isObject(value)) next = this.content(value, here);
      else if (key === 'encoding' && isObject(value)) next = this.encoding(node, value, here);
      else if (key === 'headers' && isObject(value) && parent !== 'components') next = this.headers(value, here);
      else next = this.walk(value, here);
      setOwn(out, key, next);
    }
    if (out.in === 'header' && typeof out.name === 'string')
      out.name = this.spellings.get(out.name.toLowerCase()) ?? out.name;
    if (typeof out.in === 'string' && typeof out.name === 'string' && typeof out.$ref !== 'string')
      dropParameterDefaults(out, out.in, this.scalar(out.schema, [...at, 'schema']));
    if ((parent === 'requestBody' || at.at(-2) === 'requestBodies') && out.required === false) delete out.required;
    if (at.length === 3 && at[0] === 'components' && at[1] === 'headers' && typeof out.$ref !== 'string')
      dropParameterDefaults(out, undefined, this.scalar(out.schema, [...at, 'schema']));
    // HTTP authentication scheme names are case-insensitive (RFC 7235): `Bearer` is `bearer`.
    const scheme = at.length === 3 && at[0] === 'components' && at[1] === 'securitySchemes' ? out : undefined;
    if (scheme?.type === 'http' && typeof scheme.scheme === 'string') scheme.scheme = scheme.scheme.toLowerCase();
    return out;
  }

  private content(value: Record<string, unknown>, at: string[]): Record<string, unknown> {
    const keys = Object.keys(value);
    const canonical = keys.map(canonicalMediaType);
    // Two media types that collapse into one spelling are left as written: merging them is not a rewrite.
    const clash = new Set(canonical).size !== canonical.length;
    const out: Record<string, unknown> = {};
    keys.forEach((key, i) => {
      const name = clash ? key : (canonical[i] ?? key);
      setOwn(out, name, this.walk(value[key], [...at, key]));
      if (name !== key) this.moves.push({ to: [...at, name], from: [...at, key] });
    });
    return out;
  }

  /**
   * A media type's Encoding Object: each part's `contentType` list in one spelling, and a part that states only the
   * content type it would take anyway left out. (`style`, `explode` and `allowReserved` make `contentType` ignored:
   * a part that says one of them is left as written.)
   */
  private encoding(
    media: Record<string, unknown>,
    value: Record<string, unknown>,
    at: string[],
  ): Record<string, unknown> {
    const walked = this.walk(value, at) as Record<string, unknown>;
    const schema = this.sourceSchema(media.schema);
    const props = schema && isObject(schema.properties) ? schema.properties : {};
    const out: Record<string, unknown> = {};
    for (const [part, entry] of Object.entries(walked)) {
      if (
        !isObject(entry) ||
        typeof entry.contentType !== 'string' ||
        ['style', 'explode', 'allowReserved'].some((k) => k in entry)
      ) {
        setOwn(out, part, entry);
        continue;
      }
      const contentType = canonicalContentTypes(entry.contentType);
      const prop = Object.hasOwn(props, part) ? this.sourceSchema(props[part]) : undefined;
      const rest = Object.keys(entry).filter((k) => k !== 'contentType' && !docRuleFor(k));
      if (rest.length === 0 && contentType === defaultPartType(prop)) continue;
      setOwn(out, part, { ...entry, contentType });
    }
    return out;
  }

  /** A schema of the source document with its `$ref`s followed (a few hops), for reading its plain keywords. */
  private sourceSchema(node: unknown): Record<string, unknown> | undefined {
    let current = node;
    for (let hops = 0; hops < 8 && isObject(current) && typeof current.$ref === 'string'; hops++) {
      current = current.$ref.startsWith('#/') ? getAt(this.source, parsePointer(current.$ref)) : undefined;
    }
    return isObject(current) ? current : undefined;
  }

  /**
   * A path operation's parameters without the header parameters OpenAPI says to ignore (`Accept`, `Content-Type`,
   * `Authorization`: media types and security schemes define them), inline or behind a `$ref`. Not in webhooks and
   * callbacks: there the headers are what Zest sends, and a receiver may check an `Authorization` it was promised.
   */
  private parameters(list: unknown[], at: string[]): unknown[] {
    const out: unknown[] = [];
    list.forEach((item, i) => {
      const ref = isObject(item) && typeof item.$ref === 'string' && item.$ref.startsWith('#/') ? item.$ref : undefined;
      const param = ref ? getAt(this.source, parsePointer(ref)) : item;
      if (isObject(param) && param.in === 'header' && typeof param.name === 'string') {
        if (IGNORED_HEADER_PARAMETERS.has(param.name.toLowerCase())) return;
      }
      if (out.length !== i) this.moves.push({ to: [...at, String(out.length)], from: [...at, String(i)] });
      out.push(this.walk(item, [...at, String(i)]));
    });
    return out;
  }

  private headers(value: Record<string, unknown>, at: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, header] of Object.entries(value)) {
      // "If a response header is defined with the name `Content-Type`, it SHALL be ignored" (and in an encoding).
      if (key.toLowerCase() === 'content-type') continue;
      const name = this.spellings.get(key.toLowerCase()) ?? key;
      if (Object.hasOwn(out, name)) {
        setOwn(out, key, this.walk(header, [...at, key]));
        continue;
      }
      const walked = this.walk(header, [...at, key]);
      if (isObject(walked) && typeof walked.$ref !== 'string')
        dropParameterDefaults(walked, undefined, this.scalar(walked.schema, [...at, key, 'schema']));
      setOwn(out, name, walked);
      if (name !== key) this.moves.push({ to: [...at, name], from: [...at, key] });
    }
    return out;
  }

  /** The canonical schema at a place in the source document. Component schemas are built once. */
  private schemaAt(at: string[]): unknown {
    if (at.length === 3 && at[0] === 'components' && at[1] === 'schemas')
      return this.component(at)?.node ?? getAt(this.source, at);
    return this.schema(getAt(this.source, at), at);
  }

  private component(at: string[]): { node: unknown; at: string[] } | undefined {
    const key = at.join('/');
    if (this.components.has(key)) return this.components.get(key) ?? undefined;
    this.components.set(key, null);
    const built = { node: this.schema(getAt(this.source, at), at), at };
    this.components.set(key, built);
    return built;
  }

  /** A `$ref` target in canonical form, if it is a schema that is not being built right now (a cycle). */
  private target(ref: string): { node: unknown; at: string[] } | undefined {
    if (!ref.startsWith('#/')) return undefined;
    const at = parsePointer(ref);
    if (at.length === 3 && at[0] === COMPONENT_SCHEMAS[0] && at[1] === COMPONENT_SCHEMAS[1]) return this.component(at);
    const node = getAt(this.source, at);
    return node === undefined ? undefined : { node: this.schema(node, at), at };
  }

  private schema(node: unknown, at: string[]): unknown {
    // `true` and `false` are schemas too (2020-12); oasdiff cannot read them, so they take their object spelling.
    if (typeof node === 'boolean') return booleanSchema(node);
    if (!isObject(node)) return node;
    let out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const here = [...at, key];
      if (
        SCHEMA_KEYS.includes(key) &&
        (isObject(value) || (typeof value === 'boolean' && !BOOLEAN_AS_WRITTEN.has(key)))
      )
        setOwn(out, key, this.schema(value, here));
      else if (SCHEMA_MAP_KEYS.includes(key) && isObject(value)) {
        out[key] = Object.fromEntries(
          Object.entries(value).map(([name, inner]) => [name, this.schema(inner, [...here, name])]),
        );
      } else if (SCHEMA_LIST_KEYS.includes(key) && Array.isArray(value))
        out[key] = value.map((inner, i) => this.schema(inner, [...here, String(i)]));
      else setOwn(out, key, value);
    }
    out = this.refWithSiblings(out);
    return this.rewrite(out, at);
  }

  /**
   * In OpenAPI 3.1 a `$ref` is one keyword among others: `{$ref: X, maxLength: 5}` is X and `maxLength: 5`, both, and
   * is written so (`allOf: [{$ref: X}]` beside the keywords) for the `allOf` merge to fold it. In 3.0 the keywords
   * beside a `$ref` mean nothing and are left out. Documentation beside a `$ref` stays where it is.
   */
  private refWithSiblings(node: Record<string, unknown>): Record<string, unknown> {
    if (typeof node.$ref !== 'string') return node;
    const { $ref, ...siblings } = node;
    if (Object.keys(siblings).every((k) => docRuleFor(k))) return node;
    // OpenAPI 3.0: "any properties added SHALL be ignored" (oasdiff ignores them too).
    if (!this.refSiblingsApply)
      return Object.fromEntries(Object.entries(node).filter(([k]) => k === '$ref' || docRuleFor(k)));
    const allOf = [...(Array.isArray(siblings.allOf) ? siblings.allOf : []), { $ref }];
    return { ...siblings, allOf };
  }

  /** The local rewrites, children already canonical. */
  private rewrite(node: Record<string, unknown>, at: string[]): Record<string, unknown> {
    scalars(node, this.keepAnnotations);
    implicitMapping(node);
    dropRequiredDefaults(node);
    this.redundantPrefix(node);
    this.typeOnlyUnion(node, at);
    if (unevaluatedAsAdditional(node))
      this.moves.push({ to: [...at, 'additionalProperties'], from: [...at, 'unevaluatedProperties'] });
    this.disjointUnion(node, at);
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const list = node[keyword];
      if (!Array.isArray(list)) continue;
      if (list.length === 1) {
        // A union of one is that one schema.
        delete node[keyword];
        node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), list[0]];
        this.note(at, keyword, 0, (node.allOf as unknown[]).length - 1);
      } else if (list.length === 2) {
        const nullAt = list.findIndex(isNullSchema);
        const other = list[1 - nullAt];
        if (nullAt === -1 || isNullSchema(other)) continue;
        // `anyOf: [S, {type: 'null'}]` is S that also accepts null, when S says what type it is.
        const resolved = this.resolved(other);
        const types = resolved ? typeSetOf(resolved.node) : undefined;
        // Exact only when S's keywords all concern non-null values, and (for oneOf) S itself rejects null.
        if (!resolved || !types || Object.keys(resolved.node).some((k) => APPLICATORS.has(k))) continue;
        if (keyword === 'oneOf' && types.includes('null')) continue;
        const widened = withNull(resolved.node, this.keepAnnotations);
        delete node[keyword];
        node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), widened];
        this.note(at, keyword, 1 - nullAt, (node.allOf as unknown[]).length - 1, resolved.at);
      }
    }
    if (Array.isArray(node.allOf)) return this.mergeAllOf(node, at);
    return node;
  }

  /**
   * `anyOf` whose members no value can match two of at once accepts exactly what `oneOf` of them accepts: it is
   * spelled `oneOf`, so a swap between the two is no change when the members are disjoint.
   */
  private disjointUnion(node: Record<string, unknown>, at: string[]): void {
    const list = node.anyOf;
    if (!Array.isArray(list) || node.oneOf !== undefined || list.length < 2) return;
    if (!pairwiseDisjoint(list.map((member) => this.resolved(member)?.node))) return;
    const { anyOf: _anyOf, ...rest } = node;
    for (const key of Object.keys(node)) delete node[key];
    Object.assign(node, rest, { oneOf: list });
    this.moves.push({ to: [...at, 'oneOf'], from: [...at, 'anyOf'] });
  }

  /**
   * A union whose members each say only a type (`anyOf: [{type: string}, {type: integer}]`) accepts what a list of
   * those types accepts; for `oneOf` only when no value has two of the types (`integer` is a `number`).
   */
  private typeOnlyUnion(node: Record<string, unknown>, at: string[]): void {
    if (node.type !== undefined) return;
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const list = node[keyword];
      if (!Array.isArray(list) || list.length < 2 || node[keyword === 'anyOf' ? 'oneOf' : 'anyOf'] !== undefined)
        continue;
      const types = list.map((m) =>
        isObject(m) && Object.keys(m).every((k) => k === 'type' || docRuleFor(k)) ? typeSetOf(m) : undefined,
      );
      if (types.some((t) => t === undefined || t.length === 0)) continue;
      const sets = types as string[][];
      if (keyword === 'oneOf' && !pairwiseDisjoint(sets.map((type) => ({ type })))) continue;
      delete node[keyword];
      node.type = [...new Set(sets.flat())];
      scalars(node, this.keepAnnotations);
      this.moves.push({ to: [...at, 'type'], from: [...at, keyword] });
      return;
    }
  }

  /**
   * `prefixItems` whose every entry says what `items` says judges each position as `items` does. (Without `items`,
   * entries that accept anything, unless `unevaluatedItems` would see the positions they evaluate.)
   */
  private redundantPrefix(node: Record<string, unknown>): void {
    const list = node.prefixItems;
    if (!Array.isArray(list)) return;
    const items = node.items;
    const same = isObject(items)
      ? list.every((entry) => meaning(entry) === meaning(items))
      : items === undefined &&
        !this.keepAnnotations &&
        list.every((entry) => isObject(entry) && meaning(entry) === '{}');
    if (same) delete node.prefixItems;
  }

  private pendingMoves = new Map<string, string[]>();

  /** Remembers where an `allOf` member introduced by a rewrite was written, for the moves of a later merge. */
  private note(at: string[], keyword: string, from: number, to: number, resolvedAt?: string[]): void {
    this.pendingMoves.set([...at, 'allOf', String(to)].join('\u0000'), resolvedAt ?? [...at, keyword, String(from)]);
  }

  private resolved(node: unknown): { node: Record<string, unknown>; at?: string[] } | undefined {
    if (!isObject(node)) return undefined;
    if (typeof node.$ref !== 'string') return { node };
    const { $ref, ...siblings } = node;
    if (Object.keys(siblings).some((k) => !docRuleFor(k))) return undefined;
    const target = this.target($ref);
    if (!target || !isObject(target.node) || typeof target.node.$ref === 'string') return undefined;
    return { node: target.node, at: target.at };
  }

  /**
   * `allOf` folded into one schema when that is exact: every member is a plain schema (no keyword that reaches
   * across members, see MERGE_BLOCKERS), a property declared twice has the same schema, `required` lists join,
   * and any other keyword written twice has the same value. Otherwise the `allOf` stays as written.
   */
  private mergeAllOf(node: Record<string, unknown>, at: string[]): Record<string, unknown> {
    const list = node.allOf as unknown[];
    const { allOf: _allOf, ...own } = node;
    // `allOf: [{$ref: X}]` alone is X: keep the reference rather than inline the whole target.
    if (
      list.length === 1 &&
      isObject(list[0]) &&
      typeof list[0].$ref === 'string' &&
      Object.keys(own).every((k) => docRuleFor(k))
    ) {
      return { ...own, $ref: list[0].$ref };
    }
    const sources: Array<{ node: Record<string, unknown>; from: string[] }> = [{ node: own, from: at }];
    for (const [i, member] of list.entries()) {
      const written = this.pendingMoves.get([...at, 'allOf', String(i)].join('\u0000')) ?? [...at, 'allOf', String(i)];
      const resolved = this.resolved(member);
      if (!resolved) return node;
      sources.push({ node: resolved.node, from: resolved.at ?? written });
    }
    const merged: Record<string, unknown> = {};
    const moves: Move[] = [];
    for (const source of sources) {
      for (const [key, value] of Object.entries(source.node)) {
        if (MERGE_BLOCKERS.has(key)) return node;
        if (docRuleFor(key)) {
          if (!Object.hasOwn(merged, key)) setOwn(merged, key, value);
          continue;
        }
        if (key === 'required' && Array.isArray(value)) {
          merged.required = [...new Set([...(Array.isArray(merged.required) ? merged.required : []), ...value])];
          continue;
        }
        if (key === 'properties' && isObject(value)) {
          const props = (isObject(merged.properties) ? merged.properties : {}) as Record<string, unknown>;
          for (const [name, schema] of Object.entries(value)) {
            if (Object.hasOwn(props, name)) {
              if (meaning(props[name]) !== meaning(schema)) return node;
              continue;
            }
            setOwn(props, name, schema);
            if (source.from !== at)
              moves.push({ to: [...at, 'properties', name], from: [...source.from, 'properties', name] });
          }
          merged.properties = props;
          continue;
        }
        if (Object.hasOwn(merged, key)) {
          if (meaning(merged[key]) === meaning(value)) continue;
          // Two bounds (or lists of types) hold together: the tighter one (the types in common) says the same.
          const combined = combineKeyword(key, merged[key], value);
          if (combined === undefined) return node;
          merged[key] = combined;
          continue;
        }
        setOwn(merged, key, value);
        if (source.from !== at) moves.push({ to: [...at, key], from: [...source.from, key] });
      }
    }
    this.moves.push(...moves);
    scalars(merged, this.keepAnnotations);
    dropRequiredDefaults(merged);
    return merged;
  }
}

/** `nullable`, `type` lists, `const` and enums in one spelling, and keywords at their default value left out. */
function scalars(node: Record<string, unknown>, keepAnnotations: boolean): void {
  dropSchemaDefaults(node, keepAnnotations);
  if (node.nullable === true && node.type !== undefined) {
    node.type = [...(Array.isArray(node.type) ? node.type : [node.type]), 'null'];
    delete node.nullable;
  } else if (node.nullable === false) {
    delete node.nullable;
  }
  if (Array.isArray(node.type)) {
    const types = [...new Set(node.type.map(String))].sort((a, b) =>
      a === 'null' ? 1 : b === 'null' ? -1 : a.localeCompare(b),
    );
    node.type = types.length === 1 ? types[0] : types;
  }
  // `const: x` is `enum: [x]`; the enum form is the one every engine (and oasdiff) compares value by value.
  if ('const' in node) {
    const value = node.const;
    if (!Array.isArray(node.enum)) node.enum = [value];
    else if (node.enum.some((v) => stableStringify(v) === stableStringify(value))) node.enum = [value];
    else return; // an enum without the const accepts nothing: leave the contradiction as written
    delete node.const;
  }
  // `{enum: [a, b]}` already says `type: string`; writing the type or not changes nothing.
  if (Array.isArray(node.enum) && node.type === undefined && node.enum.length > 0) {
    node.type = [...new Set(node.enum.map(jsonType))];
  }
  if (Array.isArray(node.type)) {
    const types = [...new Set(node.type.map(String))].sort((a, b) =>
      a === 'null' ? 1 : b === 'null' ? -1 : a.localeCompare(b),
    );
    node.type = types.length === 1 ? types[0] : types;
  }
  numericBounds(node);
}

/**
 * One spelling per numeric bound. `minimum` written with `exclusiveMinimum` (or the maxima) is the tighter of the two
 * alone. For an integer, `exclusiveMinimum: n` is `minimum: floor(n) + 1` and `exclusiveMaximum: n` is
 * `maximum: ceil(n) - 1`, and a fractional `minimum` (`maximum`) is its ceiling (floor), so an integer's bounds are
 * always spelled `minimum`/`maximum`; only where doubles are exact integers.
 */
function numericBounds(node: Record<string, unknown>): void {
  const types = typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type : [];
  const integer = types.includes('integer') && types.every((t) => t === 'integer' || t === 'null');
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const safe = (v: unknown): v is number => finite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER;
  const sides = [
    ['minimum', 'exclusiveMinimum', true],
    ['maximum', 'exclusiveMaximum', false],
  ] as const;
  for (const [inclusive, exclusive, lower] of sides) {
    const a = node[inclusive];
    const e = node[exclusive];
    if (
      integer &&
      (a === undefined || safe(a)) &&
      (e === undefined || safe(e)) &&
      (a !== undefined || e !== undefined)
    ) {
      const values = [
        ...(a === undefined ? [] : [lower ? Math.ceil(a) : Math.floor(a)]),
        ...(e === undefined ? [] : [lower ? Math.floor(e) + 1 : Math.ceil(e) - 1]),
      ];
      node[inclusive] = lower ? Math.max(...values) : Math.min(...values);
      delete node[exclusive];
    } else if (finite(a) && finite(e)) {
      // x >= a and x > e: the exclusive bound is the one that counts when it is at least as tight.
      const exclusiveCounts = lower ? e >= a : e <= a;
      delete node[exclusiveCounts ? inclusive : exclusive];
    }
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function isNullSchema(node: unknown): boolean {
  if (!isObject(node)) return false;
  const keys = Object.keys(node).filter((k) => !docRuleFor(k));
  return (keys.length === 1 && node.type === 'null') || (keys.length === 1 && 'const' in node && node.const === null);
}

function typeSetOf(node: Record<string, unknown>): string[] | undefined {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type.map(String);
  return undefined;
}

/** S that also accepts null: `null` joins its types, and its list of values if it has one. */
function withNull(node: Record<string, unknown>, keepAnnotations: boolean): Record<string, unknown> {
  const out = { ...node };
  if (Array.isArray(out.enum) && !out.enum.includes(null)) {
    out.enum = [...out.enum, null];
  }
  const types = typeSetOf(node) ?? [];
  out.type = [...types, 'null'];
  scalars(out, keepAnnotations);
  return out;
}

/** A schema's meaning for comparison: documentation left out, keys in a stable order. */
export function meaning(value: unknown): string {
  return stableStringify(stripDocs(value));
}

export function stripDocs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDocs);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (!docRuleFor(key)) setOwn(out, key, stripDocs(inner));
  return out;
}

/** Maps a place in a canonical document back to where its author wrote it. */
export function remap(moves: readonly Move[], segments: string[]): string[] {
  let current = segments;
  for (let guard = 0; guard < 8; guard++) {
    let best: Move | undefined;
    for (const move of moves) {
      if (move.to.length > current.length || (best && move.to.length <= best.to.length)) continue;
      if (move.to.every((s, i) => s === current[i])) best = move;
    }
    if (!best) return current;
    current = [...best.from, ...current.slice(best.to.length)];
  }
  return current;
}

/** Whether any schema of the document says `unevaluatedProperties` or `unevaluatedItems` (walked without recursion). */
function usesUnevaluated(doc: Doc): boolean {
  const pending: unknown[] = [doc];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) pending.push(...node);
    else if (isObject(node)) {
      if ('unevaluatedProperties' in node || 'unevaluatedItems' in node) return true;
      pending.push(...Object.values(node));
    }
  }
  return false;
}
