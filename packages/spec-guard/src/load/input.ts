import { existsSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { getAt, isObject, parsePointer } from '@zestequity/spec-model';
import { type Doc, localRefs } from '../document.js';
import { toDotted } from '../pointer.js';
import { bundleFile, type Origin } from './bundle.js';
import { exportDirectory, repositoryRoot, resolveCommit } from './git.js';
import { FILE_NAME, isPackageSpec, packPackage, specFromTarball } from './npm.js';
import { MAX_DEPTH, SpecLoadError } from './read-document.js';
import { unresolvableRef } from './ref-cycles.js';
import { schemaShapeProblem } from './schema-shape.js';

export interface LoadedSpec {
  doc: Doc;
  /** How the input is named in reports: a path, `origin/main (1a2b3c4)`, `@zestequity/partner-api-spec@1.0.0`. */
  label: string;
  /** Where subtrees of `doc` were written, for file:line locations; empty when the sources are unknown. */
  origins: Origin[];
  /** Source files are shown relative to this directory. */
  displayRoot: string;
  /** Read from a git ref (the spec directory at a commit) rather than from a file. */
  fromRef?: boolean;
}

export type LoadResult = { kind: 'spec'; spec: LoadedSpec } | { kind: 'none'; reason: string };

export interface LoadOptions {
  cwd: string;
  /** The spec's directory inside the repository, for git refs (default `spec`). */
  specDir: string;
  /** Root file of the split sources behind a bundled input (default: `<dir>/openapi.yaml` beside `<dir>/dist/`). */
  source?: string;
  /** Temporary directories created while loading; the caller removes them. */
  temporary: string[];
}

/**
 * Loads one side of the comparison from a file (YAML or JSON, split or bundled), a package tarball, a published
 * package version (`name@version`, through `npm pack`) or a git ref (the spec directory at that commit).
 */
export async function loadInput(input: string, options: LoadOptions): Promise<LoadResult> {
  const path = resolve(options.cwd, input);
  const repo = (await repositoryRoot(options.cwd)) ?? options.cwd;
  if (existsSync(path)) {
    if (/\.(tgz|tar\.gz|tar)$/i.test(path)) return { kind: 'spec', spec: await fromTarball(path, input) };
    const file = statSync(path).isDirectory() ? join(path, 'openapi.yaml') : path;
    if (!existsSync(file)) throw new SpecLoadError(`${input} is a directory without openapi.yaml`);
    return { kind: 'spec', spec: fromFile(file, input, repo, options.source) };
  }
  if (isPackageSpec(input)) {
    const dir = await temporary(options);
    return { kind: 'spec', spec: await fromTarball(await packPackage(input, dir), input) };
  }
  const commit = await resolveCommit(repo, input);
  if (!commit && FILE_NAME.test(input)) throw new SpecLoadError(`${input}: no such file (${path})`);
  if (!commit) {
    throw new SpecLoadError(`${input} is not a file, a package@version, or a git ref of ${repo}`);
  }
  const dir = await temporary(options);
  const count = await exportDirectory(repo, commit, options.specDir, dir);
  const root = join(dir, options.specDir, 'openapi.yaml');
  if (count === 0 || !existsSync(root)) {
    return { kind: 'none', reason: `${input} has no ${options.specDir}/openapi.yaml: no base, nothing to compare` };
  }
  const bundled = bundleFile(root);
  assertOpenApi(bundled.doc, input);
  return {
    kind: 'spec',
    spec: {
      doc: bundled.doc,
      label: `${input} (${commit.slice(0, 7)})`,
      origins: bundled.origins,
      displayRoot: dir,
      fromRef: true,
    },
  };
}

function fromFile(file: string, label: string, repo: string, source: string | undefined): LoadedSpec {
  const bundled = bundleFile(file);
  let origins = bundled.origins;
  const sourceRoot = source ? resolve(source) : siblingSource(file);
  if (sourceRoot && resolve(sourceRoot) !== file && origins.length <= 1) {
    // A bundled file (spec/dist/openapi.json): point findings at the split sources it was built from.
    try {
      origins = bundleFile(sourceRoot).origins;
    } catch {
      // Sources that no longer bundle still leave the bundled file's own lines, which are right if less useful.
    }
  }
  assertOpenApi(bundled.doc, label);
  return { doc: bundled.doc, label, origins, displayRoot: repo };
}

function siblingSource(file: string): string | undefined {
  if (basename(dirname(file)) !== 'dist') return undefined;
  const candidate = join(dirname(dirname(file)), 'openapi.yaml');
  return existsSync(candidate) ? candidate : undefined;
}

async function fromTarball(tarball: string, label: string): Promise<LoadedSpec> {
  const { doc } = await specFromTarball(tarball);
  if (!isObject(doc)) throw new SpecLoadError(`${label}: the packaged document is not an OpenAPI document`);
  assertOpenApi(doc, label);
  return { doc, label, origins: [], displayRoot: process.cwd() };
}

function assertOpenApi(doc: Doc, label: string): void {
  if (typeof doc.openapi !== 'string' || !/^3\.[01]\./.test(doc.openapi)) {
    throw new SpecLoadError(`${label} is not an OpenAPI 3.0 or 3.1 document (openapi: ${String(doc.openapi)})`);
  }
  const deep = deeperThan(doc, MAX_DEPTH);
  if (deep) {
    throw new SpecLoadError(
      `${label}: nested more than ${MAX_DEPTH} levels deep (under ${toDotted(deep.slice(0, 4))}…); spec-guard reads documents nested at most ${MAX_DEPTH} levels`,
    );
  }
  // A section of the wrong shape would otherwise surface as an oasdiff error about a temporary file.
  const shape = shapeProblem(doc);
  if (shape) throw new SpecLoadError(`${label} is not a valid OpenAPI document: ${shape}`);
  const schema = schemaShapeProblem(doc);
  if (schema) throw new SpecLoadError(`${label} is not a valid OpenAPI document: ${schema}`);
  // A dangling $ref would otherwise surface as an oasdiff error about a temporary file.
  const dangling = danglingRef(doc);
  if (dangling) {
    throw new SpecLoadError(`${label}: $ref ${dangling.ref} at ${toDotted(dangling.at)} points to nothing`);
  }
  // A reference loop would crash or silently stop oasdiff and the engines; refuse it with the place to fix.
  const loop = unresolvableRef(doc);
  if (loop) throw new SpecLoadError(`${label}: ${loop}`);
}

/** The first place nested deeper than `limit` levels, found without recursion; `undefined` when there is none. */
function deeperThan(doc: Doc, limit: number): string[] | undefined {
  const pending: Array<[unknown, string[]]> = [[doc, []]];
  while (pending.length > 0) {
    const [node, at] = pending.pop() as [unknown, string[]];
    if (typeof node !== 'object' || node === null) continue;
    if (at.length > limit) return at;
    for (const [key, child] of Object.entries(node)) pending.push([child, [...at, key]]);
  }
  return undefined;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The sections every engine walks must have the shape OpenAPI gives them: mappings and lists where it says so. */
function shapeProblem(doc: Doc): string | undefined {
  const kind = (value: unknown) =>
    Array.isArray(value) ? 'a list' : value === null ? 'null' : isObject(value) ? 'a mapping' : `a ${typeof value}`;
  const expect = (value: unknown, at: string[], want: 'mapping' | 'list'): string | undefined => {
    if (value === undefined || (want === 'mapping' ? isObject(value) : Array.isArray(value))) return undefined;
    return `\`${toDotted(at)}\` must be a ${want}, not ${kind(value)}`;
  };
  for (const key of ['paths', 'webhooks', 'components'] as const) {
    const problem = expect(doc[key], [key], 'mapping');
    if (problem) return problem;
  }
  for (const key of ['servers', 'security', 'tags'] as const) {
    const problem = expect(doc[key], [key], 'list');
    if (problem) return problem;
  }
  for (const [kindName, map] of Object.entries(isObject(doc.components) ? doc.components : {})) {
    if (kindName.startsWith('x-')) continue;
    const problem = expect(map, ['components', kindName], 'mapping');
    if (problem) return problem;
  }
  for (const section of ['paths', 'webhooks'] as const) {
    for (const [name, item] of Object.entries(isObject(doc[section]) ? doc[section] : {})) {
      if (name.startsWith('x-')) continue;
      const problem =
        expect(item, [section, name], 'mapping') ??
        (isObject(item)
          ? (expect(item.parameters, [section, name, 'parameters'], 'list') ??
            expect(item.servers, [section, name, 'servers'], 'list') ??
            METHODS.map((m) => expect(item[m], [section, name, m], 'mapping')).find(Boolean) ??
            miscasedMethod(item, [section, name]))
          : undefined);
      if (problem) return problem;
    }
  }
  return undefined;
}

/**
 * OpenAPI's method fields are lower case: `GET` is no operation to redocly or to code generators, while oasdiff (Go's
 * JSON decoding, which ignores case) still reads it as `get`. Compared either way, the operation would silently
 * disappear for partners' generated clients and not for the gate.
 */
function miscasedMethod(item: Record<string, unknown>, at: string[]): string | undefined {
  const key = Object.keys(item).find((k) => k !== k.toLowerCase() && METHODS.includes(k.toLowerCase()));
  return key
    ? `\`${toDotted([...at, key])}\` is not an OpenAPI field: HTTP methods are written in lower case`
    : undefined;
}

/** The first local `$ref` (outside data: examples, constants, extensions) whose target does not exist. */
function danglingRef(doc: Doc): { ref: string; at: string[] } | undefined {
  return localRefs(doc).find(({ ref }) => getAt(doc, parsePointer(ref)) === undefined);
}

async function temporary(options: LoadOptions): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'spec-guard-'));
  options.temporary.push(dir);
  return dir;
}
