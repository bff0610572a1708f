#!/usr/bin/env node
// Writes src/generated/spec-facts.ts: the few runtime facts the SDK needs from the spec (environment URLs, which
// operations take an Idempotency-Key, upload limits, the largest list page), read from the bundled spec so the SDK
// never restates them by hand. `--check` fails when the committed file has drifted from the spec.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledSpecPath, loadSpec } from '@zestequity/spec-model';
import { extractFacts, render } from './spec-facts-lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// `--spec <file>` and `--target <file>` point the check at other files: the drift test feeds it mutated ones.
const targetArg = process.argv.indexOf('--target');
const target = targetArg > 0 ? process.argv[targetArg + 1] : join(here, '..', 'src', 'generated', 'spec-facts.ts');
const specArg = process.argv.indexOf('--spec');
const specPath = specArg > 0 ? process.argv[specArg + 1] : bundledSpecPath();

const fail = (message) => {
  console.error(`packages/client spec facts: ${message}`);
  process.exit(1);
};

let fresh;
try {
  fresh = render(extractFacts(loadSpec(specPath)));
} catch (error) {
  fail(error.message);
}
if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== fresh)
    fail(
      `${target} is out of date with the spec; run \`pnpm --filter @zestequity/partner-api-client generate\` and commit it.`,
    );
  console.log('packages/client: spec facts match the spec.');
} else {
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, fresh);
  console.log(`packages/client: wrote ${target}`);
}
