import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The loose shape of the bundled document; tests read it rather than restating what it says. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths: Record<string, Record<string, any>>;
  components: {
    schemas: Record<string, any>;
    examples?: Record<string, { summary?: string; value: unknown }>;
    [key: string]: any;
  };
  [key: string]: unknown;
}

/** Where `@zestequity/partner-api-spec/openapi.json` (the bundled, built spec) lives on disk. */
export function specPath(): string {
  return createRequire(import.meta.url).resolve('@zestequity/partner-api-spec/openapi.json');
}

/** A fresh parse of the bundled spec on every call, so a test that edits its copy cannot leak into another. */
export function loadSpec(): OpenApiDocument {
  return JSON.parse(readFileSync(specPath(), 'utf8')) as OpenApiDocument;
}

/** The `value` of a named `components.examples` entry (a fresh copy); throws naming the entry when there is none. */
export function specExample<T = any>(name: string, spec: OpenApiDocument = loadSpec()): T {
  const example = spec.components.examples?.[name];
  if (!example || !('value' in example)) throw new Error(`the bundled spec has no components.examples.${name}`);
  return structuredClone(example.value) as T;
}
