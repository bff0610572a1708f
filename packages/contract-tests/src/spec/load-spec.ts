import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** An OpenAPI 3.1 document, read as plain JSON: the suite only walks it, so no typed model of OpenAPI is needed. */
export type OpenApiDocument = Record<string, any>;

/** Where the bundled spec of `@zestequity/partner-api-spec` lives on disk. */
export function bundledSpecPath(): string {
  return require.resolve('@zestequity/partner-api-spec/openapi.json');
}

/**
 * Reads the bundled spec (or another bundled OpenAPI 3.1 JSON document, for partners pinning a released version).
 * The document must keep `$ref`s local (`#/components/...`): the validator resolves them inside the same document.
 */
export async function loadSpec(path: string = bundledSpecPath()): Promise<OpenApiDocument> {
  const spec = JSON.parse(await readFile(path, 'utf8')) as OpenApiDocument;
  if (typeof spec.openapi !== 'string' || !spec.openapi.startsWith('3.1')) {
    throw new Error(`${path} is not an OpenAPI 3.1 document (openapi: ${String(spec.openapi)})`);
  }
  if (!spec.paths || typeof spec.paths !== 'object') throw new Error(`${path} declares no paths`);
  return spec;
}

/** Follows local `$ref`s (`#/a/b`) until it reaches a non-reference node. */
export function deref<T = any>(spec: OpenApiDocument, node: unknown): T {
  let current: any = node;
  const seen = new Set<string>();
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported in the bundled spec, found ${ref}`);
    if (seen.has(ref)) throw new Error(`Circular $ref ${ref}`);
    seen.add(ref);
    current = ref
      .slice(2)
      .split('/')
      .map(unescapePointer)
      .reduce<any>((acc, key) => (acc == null ? undefined : acc[key]), spec);
    if (current === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  }
  return current as T;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
