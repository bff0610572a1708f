import { basename, dirname, extname, resolve, sep } from 'node:path';
import { formatPointer, getAt, isObject, parsePointer } from '@zestequity/spec-model';
import { setOwn } from '../document.js';
import { MAX_DEPTH, readDocument, SpecLoadError } from './read-document.js';

/** Where a subtree of the bundled document was written: a source file and the place inside it. */
export interface Origin {
  segments: string[];
  file: string;
  inner: string[];
}

export interface BundledDocument {
  doc: Record<string, unknown>;
  origins: Origin[];
  rootFile: string;
}

const COMPONENT_KINDS = new Set([
  'schemas',
  'parameters',
  'headers',
  'responses',
  'examples',
  'requestBodies',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
]);

/**
 * Turns a split spec (root file plus `$ref`s to other files) into one document holding only internal `$ref`s.
 * A file under `components/<kind>/` becomes `#/components/<kind>/<file name>`, as `redocly bundle` names it, so
 * pointers into this bundle and into the published `dist/openapi.json` coincide; anything else is inlined.
 */
export function bundleFile(rootFile: string): BundledDocument {
  return new Bundler(resolve(rootFile)).run();
}

class Bundler {
  private readonly cache = new Map<string, unknown>();
  private readonly hoisted = new Map<string, string[]>();
  private readonly names = new Set<string>();
  private readonly extra: Record<string, Record<string, unknown>> = {};
  readonly origins: Origin[] = [];

  constructor(private readonly rootFile: string) {}

  run(): BundledDocument {
    const root = this.load(this.rootFile);
    if (!isObject(root)) throw new SpecLoadError(`${this.rootFile} is not an OpenAPI document (not a mapping)`);
    this.origins.push({ segments: [], file: this.rootFile, inner: [] });
    const out: Record<string, unknown> = {};
    // Components first: a file the root already names under `components` keeps that name everywhere.
    const components = isObject(root.components) ? root.components : undefined;
    for (const kind of Object.keys(components ?? {})) {
      const map = components?.[kind];
      if (!isObject(map)) continue;
      for (const [name, def] of Object.entries(map)) {
        this.names.add(`${kind}/${name}`);
        // A file the root names here is defined here, even if another file refers to it first.
        if (isObject(def) && typeof def.$ref === 'string' && !def.$ref.startsWith('#')) {
          const target = this.target(def.$ref, this.rootFile);
          if (target.inner.length === 0 && componentKind(target.file) && !this.hoisted.has(target.key)) {
            this.hoisted.set(target.key, ['components', kind, name]);
          }
        }
      }
    }
    let bundledComponents: Record<string, unknown> | undefined;
    if (components)
      bundledComponents = this.walk(components, this.rootFile, ['components'], []) as Record<string, unknown>;
    for (const [key, value] of Object.entries(root)) {
      if (key === 'components') {
        // A `components` that is not a mapping is kept as written, for the loader to refuse with its place.
        out.components = bundledComponents ?? value;
        continue;
      }
      setOwn(out, key, this.walk(value, this.rootFile, [key], []));
    }
    if (Object.keys(this.extra).length > 0) {
      const merged: Record<string, unknown> = isObject(out.components) ? out.components : {};
      for (const [kind, defs] of Object.entries(this.extra)) {
        const target = isObject(merged[kind]) ? (merged[kind] as Record<string, unknown>) : {};
        for (const [name, def] of Object.entries(defs)) if (!Object.hasOwn(target, name)) setOwn(target, name, def);
        merged[kind] = target;
      }
      out.components = merged;
    }
    return { doc: out, origins: this.origins, rootFile: this.rootFile };
  }

  private load(file: string): unknown {
    let doc = this.cache.get(file);
    if (doc === undefined) {
      doc = readDocument(file);
      this.cache.set(file, doc);
    }
    return doc;
  }

  private walk(node: unknown, file: string, at: string[], stack: string[]): unknown {
    if (at.length > MAX_DEPTH && (Array.isArray(node) || isObject(node))) throw tooDeep(file, at);
    if (Array.isArray(node)) return node.map((item, i) => this.walk(item, file, [...at, String(i)], stack));
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string') return this.reference(node, node.$ref, file, at, stack);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) setOwn(out, key, this.walk(value, file, [...at, key], stack));
    return out;
  }

  private reference(node: Record<string, unknown>, ref: string, file: string, at: string[], stack: string[]): unknown {
    const filePart = ref.split('#')[0] ?? '';
    const siblings = Object.entries(node).filter(([key]) => key !== '$ref');
    const withSiblings = (base: Record<string, unknown>): Record<string, unknown> => {
      const out = { ...base };
      for (const [key, value] of siblings) setOwn(out, key, this.walk(value, file, [...at, key], stack));
      return out;
    };

    // Internal references in the root file already point into the bundle.
    if (filePart === '' && file === this.rootFile) return withSiblings({ $ref: ref });
    if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) {
      throw new SpecLoadError(`${file}: remote $ref ${ref} is not supported; bundle the spec first`);
    }
    const { file: target, inner, key } = this.target(ref, file);

    const kind = inner.length === 0 ? componentKind(target) : undefined;
    if (kind) {
      const name = basename(target, extname(target));
      const registered = this.hoisted.get(key);
      const isDefinitionSite = at.length === 3 && at[0] === 'components' && at[1] === kind;
      if (isDefinitionSite && (!registered || registered.join('/') === at.join('/'))) {
        this.hoisted.set(key, at);
        return this.inlineWith(withSiblings, target, inner, key, at, stack);
      }
      let place = registered;
      if (!place) {
        let unique = name;
        for (let n = 2; this.names.has(`${kind}/${unique}`); n++) unique = `${name}-${n}`;
        this.names.add(`${kind}/${unique}`);
        place = ['components', kind, unique];
        this.hoisted.set(key, place);
        this.extra[kind] ??= {};
        setOwn(this.extra[kind], unique, this.inline(target, inner, key, place, []));
      }
      return withSiblings({ $ref: formatPointer(place) });
    }
    return this.inlineWith(withSiblings, target, inner, key, at, stack);
  }

  private target(ref: string, from: string): { file: string; inner: string[]; key: string } {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash);
    const file = filePart === '' ? from : resolve(dirname(from), decodeURI(filePart));
    const inner = parsePointer(fragment);
    return { file, inner, key: `${file}#${inner.join('/')}` };
  }

  private inlineWith(
    withSiblings: (base: Record<string, unknown>) => Record<string, unknown>,
    file: string,
    inner: string[],
    key: string,
    at: string[],
    stack: string[],
  ): unknown {
    const value = this.inline(file, inner, key, at, stack);
    return isObject(value) ? withSiblings(value) : value;
  }

  private inline(file: string, inner: string[], key: string, at: string[], stack: string[]): unknown {
    if (stack.includes(key)) {
      throw new SpecLoadError(
        `circular $ref through ${file}${inner.length ? `#/${inner.join('/')}` : ''}: ` +
          'move the definition under components/<kind>/ so it can be referenced instead of inlined',
      );
    }
    const content = getAt(this.load(file), inner);
    if (content === undefined) {
      throw new SpecLoadError(`$ref target not found: ${file}${inner.length ? `#/${inner.join('/')}` : ''}`);
    }
    this.origins.push({ segments: at, file, inner });
    return this.walk(content, file, at, [...stack, key]);
  }
}

/** Nesting that deep is no API description; refusing it up front keeps every walker within the call stack. */
function tooDeep(file: string, at: string[]): SpecLoadError {
  return new SpecLoadError(
    `${file}: nested more than ${MAX_DEPTH} levels deep (under ${at.slice(0, 4).join('.')}…); spec-guard reads documents nested at most ${MAX_DEPTH} levels`,
  );
}

function componentKind(file: string): string | undefined {
  const parts = dirname(file).split(sep);
  const kind = parts[parts.length - 1];
  if (parts[parts.length - 2] === 'components' && kind && COMPONENT_KINDS.has(kind)) return kind;
  return undefined;
}
