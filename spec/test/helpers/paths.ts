import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The spec package root (spec/). */
export const specDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository root: the spec package sits directly under it. */
export const repoRoot = resolve(specDir, '..');
/** The live service's own OpenAPI document, stored byte for byte (see spec/reference/README.md). */
export const originalSpecPath = join(specDir, 'reference/openapi-original.json');
export const bundledSpecPath = join(specDir, 'dist/openapi.json');
