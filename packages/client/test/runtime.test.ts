// The main entry must load in browsers and edge runtimes: nothing reachable from dist/index.js imports a Node
// built-in; Node-only helpers live behind `./node`. (Runs after `build`, as turbo orders it.)
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier reachable from a built file through relative imports. */
function reachableSpecifiers(entry: string): Set<string> {
  const seen = new Set<string>();
  const specifiers = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = (match[1] ?? match[2])!;
      specifiers.add(specifier);
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
    }
  };
  visit(resolve(dist, entry));
  return specifiers;
}

const NODE_BUILTINS = /^(node:|fs$|path$|os$|crypto$|http$|https$|stream$|buffer$|url$|zlib$)/;

describe('runtimes', () => {
  it('the main entry reaches no Node built-in', () => {
    const specifiers = [...reachableSpecifiers('index.js')];
    expect(specifiers.filter((s) => NODE_BUILTINS.test(s))).toEqual([]);
    expect(specifiers).toContain('openapi-fetch');
  });

  it('the ./node entry is where Node built-ins live', () => {
    expect([...reachableSpecifiers('node.js')].filter((s) => s.startsWith('node:'))).not.toEqual([]);
  });

  it('the main entry, with its dependencies, bundles for the browser platform', async () => {
    const result = await build({
      entryPoints: [resolve(dist, 'index.js')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/from\s*["']node:/);
  });
});
