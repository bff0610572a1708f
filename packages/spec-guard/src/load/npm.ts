import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isObject } from '@zestequity/spec-model';
import { SpecLoadError } from './read-document.js';
import { readTar } from './tar.js';

const run = promisify(execFile);

/** Names that can only be files: a missing `openapi@1.0.0.json` is a typo, not a package to download. */
export const FILE_NAME = /\.(json|ya?ml|tgz|tar|tar\.gz)$/i;

/** `@scope/name@1.0.0`, `name@latest`: a published package version rather than a file or a git ref. */
export function isPackageSpec(input: string): boolean {
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@[^\s/]+$/i.test(input) && !FILE_NAME.test(input);
}

/** Fetches a published package with `npm pack` (the registry's ordinary client) into `dir`; returns the tarball. */
export async function packPackage(spec: string, dir: string): Promise<string> {
  try {
    // `--loglevel error` rather than `--silent`: when the pack fails, npm's own reason is what the user needs.
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    await run(npm, ['pack', spec, '--pack-destination', dir, '--loglevel', 'error'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    throw new SpecLoadError(`npm pack ${spec} failed: ${npmReason(error)}`);
  }
  const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new SpecLoadError(`npm pack ${spec} wrote no tarball`);
  return join(dir, tarball);
}

/** npm's error lines (`npm error code E404`, `npm error 404 Not Found …`) without the pointer to its log file. */
function npmReason(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr ?? '';
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/^npm (error|ERR!)\s*/, '').trim())
    .filter((line) => line && !/complete log of this run|^A complete log/i.test(line));
  return lines.slice(0, 4).join('; ') || (error as Error).message;
}

/**
 * The bundled OpenAPI document inside a package tarball: the file its `exports["./openapi.json"]` names, else
 * `dist/openapi.json`.
 */
export async function specFromTarball(tarball: string): Promise<{ doc: unknown; inner: string }> {
  let files: Map<string, Buffer>;
  try {
    files = readTar(await readFile(tarball));
  } catch (error) {
    throw new SpecLoadError(`${tarball}: ${(error as Error).message}`);
  }
  const prefix =
    [...files.keys()].find((p) => p.endsWith('/package.json'))?.replace(/package\.json$/, '') ?? 'package/';
  let inner = 'dist/openapi.json';
  const manifest = files.get(`${prefix}package.json`);
  if (manifest) {
    const pkg = JSON.parse(manifest.toString('utf8')) as unknown;
    const target = isObject(pkg) && isObject(pkg.exports) ? pkg.exports['./openapi.json'] : undefined;
    if (typeof target === 'string') inner = target.replace(/^\.\//, '');
  }
  const body = files.get(prefix + inner);
  if (!body) throw new SpecLoadError(`${tarball} holds no ${inner}`);
  try {
    // A leading byte order mark is not part of the JSON text.
    return { doc: JSON.parse(body.toString('utf8').replace(/^\uFEFF/, '')) as unknown, inner };
  } catch (error) {
    throw new SpecLoadError(`${tarball}: ${inner} is not JSON: ${(error as Error).message}`);
  }
}
