// Checks on the built package (what users install), not on src: the main entry must load on runtimes without Node
// modules, and every documented subpath must resolve through the exports map.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = resolve(root, 'dist');
const jose = resolve(root, 'node_modules/jose/dist/webapi/index.js');

function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of source.matchAll(/(?:^|[;\s])(?:import|export)\s*(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/g))
    specifiers.push(match[1]!);
  for (const match of source.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]!);
  return specifiers;
}

/** Every module reachable from `entry`, following relative imports and jose's Web build. */
function importGraph(entry: string): { files: Set<string>; external: Set<string> } {
  const files = new Set<string>();
  const external = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else if (specifier === 'jose') queue.push(jose);
      else external.add(specifier);
    }
  }
  return { files, external };
}

const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);

describe('the built package', () => {
  it('has been built (turbo runs build before test)', () => {
    expect(
      existsSync(resolve(dist, 'index.js')),
      'run `pnpm turbo run build --filter=@zestequity/partner-auth...` first',
    ).toBe(true);
  });

  it('main entry reaches no Node module, statically or dynamically (jose included)', () => {
    const { files, external } = importGraph(resolve(dist, 'index.js'));
    expect(files.size).toBeGreaterThan(10);
    expect([...external].filter(isNodeBuiltin)).toEqual([]);
    expect([...external]).toEqual([]);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\brequire\(/);
  });

  it('the internal entry the SDK imports reaches no Node module either (the SDK ships to browsers)', () => {
    expect([...importGraph(resolve(dist, 'internal.js')).external]).toEqual([]);
  });

  it('the checker sees Node modules where they are (./node)', () => {
    expect([...importGraph(resolve(dist, 'node.js')).external].filter(isNodeBuiltin).sort()).toEqual([
      'node:crypto',
      'node:fs/promises',
    ]);
  });

  it('resolves ".", "./node", "./internal" and the test vectors through the exports map', () => {
    const script = `
      const main = await import('@zestequity/partner-auth');
      const node = await import('@zestequity/partner-auth/node');
      const internal = await import('@zestequity/partner-auth/internal');
      const vectors = (await import('@zestequity/partner-auth/test-vectors/webhook-signatures.json', { with: { type: 'json' } })).default;
      console.log(JSON.stringify({
        main: ['createAssertion', 'verifyAssertion', 'createTokenProvider', 'signWebhook', 'verifyWebhook', 'createWebhookHandler', 'createMemoryDedupStore'].filter((k) => typeof main[k] !== 'function'),
        node: ['createNodeWebhookHandler', 'createExpressWebhookHandler', 'loadPrivateKey', 'verifyWebhook'].filter((k) => typeof node[k] !== 'function'),
        internal: ['isPartnerEnvelope', 'shareInFlight'].filter((k) => typeof internal[k] !== 'function'),
        vectors: vectors.vectors.length,
      }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ main: [], node: [], internal: [], vectors: expect.any(Number) });
    expect(JSON.parse(out).vectors).toBeGreaterThanOrEqual(40);
  });

  it('ships the vectors, dist and README', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'test-vectors', 'README.md']));
  });
});
