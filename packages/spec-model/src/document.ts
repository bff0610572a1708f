import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SpecModelError } from './errors.js';
import { isObject } from './pointer.js';

/**
 * An OpenAPI 3.1 document, kept as the plain JSON it is: the model reads it and never restates it, so a field the
 * model does not know is still there for whoever needs it.
 */
export interface OpenApiDocument {
  openapi: string;
  paths?: Record<string, unknown>;
  webhooks?: Record<string, unknown>;
  components?: Record<string, Record<string, unknown> | undefined>;
  security?: SecurityRequirement[];
  servers?: Array<{ url: string; description?: string }>;
  [key: string]: unknown;
}

/** One entry of a `security` list: scheme name -> scopes. An empty object means "no credentials needed". */
export type SecurityRequirement = Record<string, string[]>;

/** Where `@zestequity/partner-api-spec/openapi.json` (the bundled spec, `$ref`s kept local) lives on disk. */
export function bundledSpecPath(): string {
  return createRequire(import.meta.url).resolve('@zestequity/partner-api-spec/openapi.json');
}

/**
 * Checks that a parsed value is an OpenAPI 3.1 document and returns it typed. `where` names it in the error (a file
 * path, "revision", ...).
 */
export function asOpenApiDocument(value: unknown, where = 'the document'): OpenApiDocument {
  if (!isObject(value)) throw new SpecModelError(`${where} is not a JSON object`);
  if (typeof value.openapi !== 'string' || !value.openapi.startsWith('3.1')) {
    throw new SpecModelError(`${where} is not an OpenAPI 3.1 document (openapi: ${JSON.stringify(value.openapi)})`);
  }
  if (value.paths !== undefined && !isObject(value.paths))
    throw new SpecModelError(`${where} has a paths that is not an object`);
  if (value.webhooks !== undefined && !isObject(value.webhooks))
    throw new SpecModelError(`${where} has a webhooks that is not an object`);
  return value as OpenApiDocument;
}

/** Reads an OpenAPI 3.1 JSON document from disk (a bundled spec of any version, a partner's pinned copy). */
export function loadSpec(path: string): OpenApiDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SpecModelError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return asOpenApiDocument(parsed, path);
}

/** A fresh copy of the bundled spec on each call, so no caller can change what another reads. */
export function loadBundledSpec(): OpenApiDocument {
  return loadSpec(bundledSpecPath());
}
