#!/usr/bin/env node
// check-workflows [file…]: validates the given workflow files, or every file in the repository's .github/workflows.
// Exits 1 when any is invalid, listing each problem with its path in the file.
import { relative, resolve } from 'node:path';
import { checkFiles, workflowFiles } from './check-workflows.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const args = process.argv.slice(2);
const files = args.length > 0 ? args.map((file) => resolve(file)) : workflowFiles(root);
if (files.length === 0) {
  console.error('check-workflows: no workflow files found');
  process.exit(1);
}
let failed = 0;
for (const { file, problems } of checkFiles(files)) {
  const name = relative(process.cwd(), file);
  if (problems.length === 0) {
    console.log(`ok       ${name}`);
    continue;
  }
  failed += 1;
  console.error(`invalid  ${name}`);
  for (const problem of problems) console.error(`  ${problem}`);
}
console.log(`${files.length - failed} of ${files.length} workflow files valid`);
process.exitCode = failed > 0 ? 1 : 0;
