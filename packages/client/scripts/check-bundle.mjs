#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
// Bundle budget for the ESM build, as a browser/edge app would ship it: dist/index.js with every dependency
// (openapi-fetch, the auth package, jose) bundled and minified for the browser platform. The browser platform also
// proves the main entry needs no Node built-in: esbuild fails to resolve `node:*` there.
import { build } from 'esbuild';

// Budget in gzip bytes; raise it deliberately, in a reviewed commit, never to make a build pass.
// +117 B (the minimum, .changeset/client-runtime-fixes.md): a call's retry/timeoutMs surviving middleware that
// replaces the Request, its timeoutMs bounding the token wait, a throwing custom TokenProvider typed as a
// ZestNetworkError, bulk results matched by position, dot-segment path parameters refused, and timeouts that name
// the request with a TimeoutError cause.
const BUDGET_GZIP = 20 * 1024 + 117;

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  metafile: true,
  logLevel: 'silent',
}).catch((error) => {
  console.error(`packages/client: the main entry does not bundle for browsers:\n${error.message}`);
  process.exit(1);
});

const code = result.outputFiles[0].contents;
const gzip = gzipSync(code, { level: 9 }).length;
const inputs = Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs)
  .map(([file, { bytesInOutput }]) => [
    file.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, ''),
    bytesInOutput,
  ])
  .reduce((acc, [file, bytes]) => {
    const pkg =
      file.startsWith('../') || file.startsWith('dist/')
        ? file.split('/').slice(0, 3).join('/')
        : file
            .split('/')
            .slice(0, file.startsWith('@') ? 2 : 1)
            .join('/');
    acc[pkg] = (acc[pkg] ?? 0) + bytes;
    return acc;
  }, {});
console.log(
  `packages/client ESM bundle (browser, minified): ${code.length} B, gzip ${gzip} B, budget ${BUDGET_GZIP} B gzip`,
);
for (const [pkg, bytes] of Object.entries(inputs)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 8))
  console.log(`  ${String(bytes).padStart(7)} B  ${pkg}`);
if (gzip > BUDGET_GZIP) {
  console.error(`packages/client: bundle is ${gzip - BUDGET_GZIP} B gzip over budget.`);
  process.exit(1);
}
