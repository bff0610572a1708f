// Validates GitHub workflow files against the GitHub workflow schema (SchemaStore's github-workflow.json, compiled
// into @action-validator/core's WebAssembly module: nothing is downloaded at install or run time). It also checks
// the glob patterns in `paths`/`branches` filters, which the schema alone cannot.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import actionValidator from '@action-validator/core';

/**
 * @param {string} source the workflow's YAML text
 * @returns {string[]} one line per problem; empty when the file is a valid workflow
 */
export function validateWorkflow(source) {
  const result = actionValidator.validateWorkflow(source);
  return result.errors.flatMap((error) => describe(error));
}

/** Flattens the validator's nested oneOf errors into `path: message` lines. */
function describe(error, seen = new Set()) {
  if (error.states) return error.states.flatMap((state) => state.errors.flatMap((e) => describe(e, seen)));
  const line = `${error.path || '/'}: ${error.detail ?? error.title ?? error.code}`;
  if (seen.has(line)) return [];
  seen.add(line);
  return [line];
}

/** Every *.yml / *.yaml file in `.github/workflows` of `root`. */
export function workflowFiles(root) {
  const dir = join(root, '.github', 'workflows');
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** @returns {{ file: string, problems: string[] }[]} */
export function checkFiles(files) {
  return files.map((file) => ({ file, problems: validateWorkflow(readFileSync(file, 'utf8')) }));
}
