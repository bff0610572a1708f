// Publishing as a release does: `changeset publish` runs `pnpm publish --access public --tag latest --no-git-checks`
// in each public package (pnpm turns workspace: and catalog: ranges
// into real versions in the published manifest), here against the throwaway registry through a temporary npmrc,
// so neither the repository nor the user's npm config is touched.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, runOk } from './processes.js';
import type { LocalRegistry } from './registry.js';

export interface WorkspacePackage {
  name: string;
  version: string;
  path: string;
  private: boolean;
}

export async function workspacePackages(root: string): Promise<WorkspacePackage[]> {
  const { stdout } = await runOk('pnpm', ['-r', 'ls', '--depth', '-1', '--json'], {
    cwd: root,
    env: cleanEnv(),
    timeoutMs: 60_000,
  });
  return (JSON.parse(stdout) as { name: string; version: string; path: string; private?: boolean }[]).map((p) => ({
    name: p.name,
    version: p.version,
    path: p.path,
    private: p.private === true,
  }));
}

/** The packages a release publishes: every workspace package that is not private. */
export async function publicPackages(root: string): Promise<WorkspacePackage[]> {
  return (await workspacePackages(root)).filter((p) => !p.private && p.name.startsWith('@zestequity/'));
}

export function writeNpmrc(dir: string, registry: LocalRegistry, withToken: boolean): string {
  const file = join(dir, '.npmrc');
  const lines = [`@zestequity:registry=${registry.url}`];
  if (withToken) lines.push(`${registry.authKey}:_authToken=${registry.token}`);
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

export async function publishAll(packages: WorkspacePackage[], registry: LocalRegistry, npmrc: string): Promise<void> {
  for (const pkg of packages) {
    await runOk(
      'pnpm',
      ['publish', '--access', 'public', '--tag', 'latest', '--no-git-checks', '--registry', registry.url],
      {
        cwd: pkg.path,
        env: cleanEnv({ NPM_CONFIG_USERCONFIG: npmrc, npm_config_userconfig: npmrc }),
        timeoutMs: 60_000,
      },
    );
  }
}
