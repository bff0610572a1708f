// The release rehearsal: every public package published to a throwaway registry exactly as a release publishes it,
// then installed and used by a partner app outside the workspace, as a partner would (see docs/releasing.md).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NODE_LINES, nodeBinary } from '../src/node-lines.js';
import { createPartnerApp, type HappyPathRun, runHappyPath } from '../src/partner-app.js';
import { cleanEnv, run, runOk, startServer } from '../src/processes.js';
import { publicPackages, publishAll, type WorkspacePackage, writeNpmrc } from '../src/publish.js';
import { type LocalRegistry, startRegistry } from '../src/registry.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const phases: [string, number][] = [];
const nodeVersions: string[] = [];

async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    phases.push([name, performance.now() - started]);
  }
}

let root: string;
let app: string;
let registry: LocalRegistry | undefined;
let published: WorkspacePackage[] = [];
let statusBefore = '';
let statusAfter = '';
let first: HappyPathRun | undefined;
const started = performance.now();

// Tracked files only: in `pnpm test` other packages' tests and lint steps run beside this one and may create untracked
// files of their own (arethetypeswrong's packed tarball, for one) while the publish runs.
const gitStatus = async () =>
  (await runOk('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repo, timeoutMs: 30_000 })).stdout;

beforeAll(async () => {
  // Outside the workspace, so nothing can resolve from the repository's node_modules.
  root = mkdtempSync(join(tmpdir(), 'zest-registry-e2e-'));
  app = join(root, 'partner-app');
  registry = await phase('start registry', () => startRegistry(join(root, 'registry')));
  published = await phase('list packages, git status', () => publicPackages(repo));
  statusBefore = await gitStatus();
  await phase('publish', () => publishAll(published, registry!, writeNpmrc(root, registry!, true)));
  statusAfter = await gitStatus();
  await phase('install partner app', () => createPartnerApp(app, registry!, published));
}, 420_000);

afterAll(async () => {
  await first?.sandbox.stop();
  await first?.receiver.stop();
  await registry?.stop();
  if (root) await phase('remove temp folders', () => rm(root, { recursive: true, force: true, maxRetries: 3 }));
  phases.push(['total', performance.now() - started]);
  const lines = phases.map(([name, ms]) => `  ${name.padEnd(36)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
  console.log(
    [
      'registry rehearsal',
      `  published: ${published.map((p) => `${p.name}@${p.version}`).join(', ')}`,
      `  partner app ran on: ${nodeVersions.join(', ')}`,
      ...lines,
    ].join('\n'),
  );
});

describe('a release rehearsed through a local registry', () => {
  test('publishes every public package with real version ranges, leaving the repository untouched', async () => {
    expect(published.map((p) => p.name).sort()).toEqual([
      '@zestequity/partner-api-client',
      '@zestequity/partner-api-contract-tests',
      '@zestequity/partner-api-mock',
      '@zestequity/partner-api-spec',
      '@zestequity/partner-api-types',
      '@zestequity/partner-auth',
      '@zestequity/partner-sandbox',
      '@zestequity/spec-guard',
      '@zestequity/spec-model',
    ]);
    expect(statusAfter).toBe(statusBefore);
    for (const pkg of published) {
      const res = await fetch(`${registry!.url}${pkg.name.replace('/', '%2f')}`);
      expect(res.status, pkg.name).toBe(200);
      const manifest = ((await res.json()) as { versions: Record<string, { dependencies?: Record<string, string> }> })
        .versions[pkg.version];
      const ranges = Object.values(manifest?.dependencies ?? {});
      expect(
        ranges.filter((range) => /^(workspace|catalog):/.test(range)),
        pkg.name,
      ).toEqual([]);
      // Our packages depend on each other by caret range, not an exact version: pinned, an app that also installs a
      // newer auth got a second copy nested under the client, and errors of one copy failed `instanceof` of the other.
      const ours = Object.entries(manifest?.dependencies ?? {}).filter(([name]) => name.startsWith('@zestequity/'));
      for (const [name, range] of ours) {
        const version = published.find((p) => p.name === name)?.version;
        expect(range, `${pkg.name} -> ${name}`).toBe(`^${version}`);
      }
    }
  });

  test('ships no source map that points at a file the package does not ship', () => {
    // A map whose `sources` are missing sends go-to-definition and stack traces to files that do not exist (every
    // package but the types shipped dist/*.map pointing at ../src, a third of their size).
    const broken: string[] = [];
    let maps = 0;
    for (const pkg of published) {
      const dir = join(app, 'node_modules', ...pkg.name.split('/'));
      for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.map')) continue;
        maps++;
        const map = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { sources: string[]; sourceRoot?: string };
        for (const source of map.sources) {
          const target = resolve(dirname(join(dir, file)), map.sourceRoot ?? '', source);
          if (!existsSync(target)) broken.push(`${pkg.name}/${file} -> ${source}`);
        }
      }
    }
    expect(broken.slice(0, 5), `${broken.length} of ${maps} maps`).toEqual([]);
  });

  test('the partner program type-checks with tsc --strict under nodenext and under bundler resolution', async () => {
    await phase('tsc nodenext + bundler', async () => {
      // tsc itself, not npx: one process fewer each. The nodenext run emits what the later tests execute.
      // skipLibCheck is off in the nodenext run: a published .d.ts that imports a type the partner does not have (a
      // devDependency of ours) would otherwise turn into `any` without a word. Checking every declaration file a second
      // time under bundler would only cost time; that run checks how the program's imports resolve.
      const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
      await Promise.all(
        ['tsconfig.nodenext.json', 'tsconfig.bundler.json'].map((config) =>
          runOk(process.execPath, [tsc, '-p', config], { cwd: app, env: cleanEnv(), timeoutMs: 120_000 }),
        ),
      );
    });
  }, 240_000);

  test('npx zest-sandbox serves the SDK happy path, and the webhooks verify at the partner receiver', async () => {
    first = await phase(`happy path on Node ${process.version}`, () => runHappyPath(app, process.execPath));
    nodeVersions.push(first.nodeVersion);
    expect(first.events.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['spv_request.created', 'spv_request.completed', 'subscription.created']),
    );
    expect(first.receiver.output()).not.toMatch(/^rejected/m);
  });

  test('npx @zestequity/partner-sandbox in an empty folder starts the sandbox and says what to do next', async () => {
    await phase('sandbox in an empty folder', async () => {
      const empty = join(root, 'empty');
      mkdirSync(empty);
      writeFileSync(join(empty, '.npmrc'), `@zestequity:registry=${registry!.url}\n`);
      // Its own npm cache: npx keeps what it installs under the cache, keyed by the package spec only, so a shared
      // cache could hand back what an earlier rehearsal published instead of this one's.
      const env = cleanEnv({ npm_config_cache: join(root, 'npx-cache') });
      const sandbox = startServer('npx', ['--yes', '@zestequity/partner-sandbox', '--port', '0'], { cwd: empty, env });
      try {
        await sandbox.waitFor(/Press Ctrl-C to stop\./, 120_000);
        const output = sandbox.output();
        expect(output).toContain('Created a development partner');
        expect(output).toContain('Next steps:');
        expect(output).toContain(`source ${join(empty, '.sandbox', 'env')}`);
        expect(output).toContain('npx -p @zestequity/partner-api-contract-tests zest-contract-tests');
        expect(readFileSync(join(empty, '.sandbox', '.gitignore'), 'utf8')).toBe('*\n');
        const [, url] = /on (http:\/\/localhost:\d+)/.exec(output)!;
        expect((await fetch(`${url}/public/hc`)).status).toBe(200);
      } finally {
        await sandbox.stop();
      }
    });
  }, 180_000);

  test('npx zest-contract-tests passes against that sandbox with every operation covered', async () => {
    expect(first, 'needs the sandbox of the happy path').toBeDefined();
    const report = join(root, 'contract-report.json');
    const result = await phase('contract tests', () =>
      run('npx', ['zest-contract-tests', '--reporter', 'json', '--output', report], {
        cwd: app,
        env: cleanEnv(first!.sandboxEnv),
        timeoutMs: 120_000,
      }),
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const { summary, coverage } = JSON.parse(readFileSync(report, 'utf8')) as {
      summary: { ok: boolean; failed: number; operationsCovered: number; operationsTotal: number };
      coverage: { operationId: string; state: string }[];
    };
    expect(summary.ok).toBe(true);
    expect(summary.failed).toBe(0);
    expect(coverage.filter((op) => op.state !== 'covered')).toEqual([]);
    expect(summary.operationsCovered).toBe(summary.operationsTotal);
  }, 150_000);

  test('npx spec-guard check accepts the published spec against itself and refuses it with an operation removed', async () => {
    await phase('spec-guard', async () => {
      const spec = join(app, 'node_modules', '@zestequity', 'partner-api-spec', 'dist', 'openapi.json');

      const document = JSON.parse(readFileSync(spec, 'utf8')) as {
        paths: Record<string, Record<string, { operationId?: string }>>;
      };
      const [path, item] = Object.entries(document.paths).find(
        ([p, ops]) => p.startsWith('/v1/') && Object.values(ops).some((op) => op.operationId),
      )!;
      const method = Object.keys(item).find((m) => item[m]?.operationId)!;
      const operationId = item[method]!.operationId!;
      delete item[method];
      const removed = join(root, 'openapi-without-one-operation.json');
      writeFileSync(removed, JSON.stringify(document));
      const guard = (head: string) =>
        run('npx', ['spec-guard', 'check', '--base', spec, '--head', head], {
          cwd: app,
          env: cleanEnv(),
          timeoutMs: 60_000,
        });
      const [same, refused] = await Promise.all([guard(spec), guard(removed)]);
      expect(same.code, same.stdout + same.stderr).toBe(0);
      expect(refused.code, refused.stdout + refused.stderr).toBe(1);
      expect(refused.stdout, `removing ${method.toUpperCase()} ${path} (${operationId})`).toMatch(
        new RegExp(`${method.toUpperCase()} ${path.replace(/[{}]/g, '\\$&')}|${operationId}`),
      );
    });
  }, 150_000);

  test('npx zest-mock answers the health check', async () => {
    await phase('zest-mock', async () => {
      const mock = startServer('npx', ['zest-mock', '--port', '0'], { cwd: app, env: cleanEnv() });
      try {
        const [, url] = await mock.waitFor(/listening on (http:\/\/\S+)/, 60_000);
        const res = await fetch(`${url}/public/hc`);
        expect(res.status).toBe(200);
      } finally {
        await mock.stop();
      }
    });
  }, 90_000);

  for (const version of NODE_LINES) {
    test(`the same partner app runs on Node ${version}`, async () => {
      // One sandbox at a time: the earlier one has served the contract tests by now.
      await Promise.all([first?.sandbox.stop(), first?.receiver.stop()]);
      const node = await phase(`node ${version} (cached after the first run)`, () => nodeBinary(version));
      const run = await phase(`happy path on Node ${version}`, () => runHappyPath(app, node));
      try {
        expect(run.nodeVersion).toBe(`v${version}`);
        expect(run.events.length).toBeGreaterThan(0);
        expect(run.receiver.output()).not.toMatch(/^rejected/m);
        nodeVersions.push(run.nodeVersion);
      } finally {
        await Promise.all([run.sandbox.stop(), run.receiver.stop()]);
      }
    }, 240_000);
  }
});
