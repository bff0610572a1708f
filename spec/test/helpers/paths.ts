import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The spec package root (spec/). */
export const specDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository root: the spec package sits directly under it. */
export const repoRoot = resolve(specDir, '..');
/** CI clones the repository next to a read-only `shared/` folder; so does the development tree. */
export const sharedZestDir = resolve(repoRoot, '../shared/zest');
export const bundledSpecPath = join(specDir, 'dist/openapi.json');
