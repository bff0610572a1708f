import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isObject } from '@zestequity/spec-model';
import { SpecLoadError } from './read-document.js';
import { readTar } from './tar.js';

const run = promisify(execFile);

/** `@scope/name@1.0.0`, `name@latest`: a published package version rather than a file or a git ref. */
export function isPackageSpec(input: string): boolean {
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@[^\s/]+$/i.test(input);
}

/** Fetches a published package with `npm pack` (the registry's ordinary client) into `dir`; returns the tarball. */
export async function packPackage(spec: string, dir: string): Promise<string> {
  try {
    await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', spec, '--pack-destination', dir, '--silent'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new SpecLoadError(`npm pack ${spec} failed: ${detail}`);
  }
  const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new SpecLoadError(`npm pack ${spec} wrote no tarball`);
  return join(dir, tarball);
}

/**
 * The bundled OpenAPI document inside a package tarball: the file its `exports["./openapi.json"]` names, else
 * `dist/openapi.json`.
 */
export async function specFromTarball(tarball: string): Promise<{ doc: unknown; inner: string }> {
  const files = readTar(await readFile(tarball));
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
    return { doc: JSON.parse(body.toString('utf8')) as unknown, inner };
  } catch (error) {
    throw new SpecLoadError(`${tarball}: ${inner} is not JSON: ${(error as Error).message}`);
  }
}
