import { bundledSpecPath, type OpenApiDocument, loadSpec as readSpec } from '@zestequity/spec-model';

export { bundledSpecPath, type OpenApiDocument };

/**
 * Reads the bundled spec (or another bundled OpenAPI 3.1 JSON document, for partners pinning a released version)
 * through `@zestequity/spec-model`. A document without `paths` has nothing to check, so it is refused here. Kept
 * asynchronous so callers written against earlier versions (`loadSpec().then(...)`) keep working.
 */
export async function loadSpec(path: string = bundledSpecPath()): Promise<OpenApiDocument> {
  const spec = readSpec(path);
  if (!spec.paths) throw new Error(`${path} declares no paths`);
  return spec;
}
