#!/usr/bin/env node
// Generates src/generated/openapi.ts from the bundled spec with openapi-typescript.
// `--check` regenerates in memory and fails when the committed file has drifted from the spec, so nobody can
// edit the generated types by hand or forget to regenerate them after a spec change.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
// `--spec <file>` and `--target <file>` point the check at other files: the drift test feeds it mutated ones.
const argument = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const target = argument('--target') ?? join(here, '..', 'src', 'generated', 'openapi.ts');
const require = createRequire(import.meta.url);
const specPath = argument('--spec') ?? require.resolve('@zestequity/partner-api-spec/openapi.json');

const HEADER = `/**
 * GENERATED FILE — DO NOT EDIT.
 * Produced by packages/types/scripts/generate.mjs from @zestequity/partner-api-spec (dist/openapi.json)
 * with openapi-typescript. Change the spec, then run \`pnpm --filter @zestequity/partner-api-types generate\`.
 */

`;

export async function generate() {
  const spec = JSON.parse(await readFile(specPath, 'utf8'));
  const ast = await openapiTS(spec, {
    // Every schema also becomes a top-level alias (`SpvRequestCreate`, ...), the names users reach for.
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    rootTypesKeepCasing: true,
    alphabetize: false,
    silent: true,
  });
  return HEADER + astToString(ast);
}

// In CI the build must not paper over drift: it checks instead of writing. Locally it regenerates, and
// `pnpm lint` (which CI also runs) reports when the regenerated file still needs committing.
const check = process.argv.includes('--check') || (process.argv.includes('--ci-checks') && process.env.CI === 'true');
const fresh = await generate();
if (check) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== fresh) {
    console.error(
      `packages/types: ${target} is out of date with the spec.\n` +
        'Run `pnpm --filter @zestequity/partner-api-types generate` and commit the result.',
    );
    process.exit(1);
  }
  console.log('packages/types: generated types match the spec.');
} else {
  await mkdir(dirname(target), { recursive: true });
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== fresh) {
    await writeFile(target, fresh);
    console.log(`packages/types: regenerated ${target} from the spec; commit it.`);
  }
}
