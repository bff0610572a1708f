#!/usr/bin/env node
// set-repository [--root <dir>]: writes the `repository` field of every public package (spec/ and packages/*) from
// the GitHub Actions environment (GITHUB_SERVER_URL, GITHUB_REPOSITORY), right before `changeset publish`.
// npm provenance refuses a package whose repository.url does not name the repository the workflow runs in, and the
// repository's address is only known to the workflow. The change stays in the release job's working tree.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** Directories of the packages a release publishes: spec/ and packages/*, unless private. */
export function publicPackageDirs(root) {
  const candidates = [
    join(root, 'spec'),
    ...readdirSync(join(root, 'packages'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(root, 'packages', d.name)),
  ];
  return candidates.filter((dir) => {
    const file = join(dir, 'package.json');
    return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).private !== true;
  });
}

export function setRepository(root, serverUrl, repository) {
  if (!serverUrl || !/^[\w.-]+\/[\w.-]+$/.test(repository ?? '')) {
    throw new Error('GITHUB_SERVER_URL and GITHUB_REPOSITORY (owner/name) must be set: run this in GitHub Actions');
  }
  return publicPackageDirs(root).map((dir) => {
    const file = join(dir, 'package.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.repository = { type: 'git', url: `git+${serverUrl}/${repository}.git`, directory: relative(root, dir) };
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
    return `${manifest.name}: ${manifest.repository.url} (${manifest.repository.directory})`;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { root: { type: 'string' } } });
  const root = resolve(values.root ?? join(import.meta.dirname, '..', '..', '..'));
  try {
    for (const line of setRepository(root, process.env.GITHUB_SERVER_URL, process.env.GITHUB_REPOSITORY))
      console.log(line);
  } catch (error) {
    console.error(`set-repository: ${error.message}`);
    process.exitCode = 1;
  }
}
