#!/usr/bin/env node
// pnpm bench for the docs site: build time, build size (total, and gzip of the reference page) and time to interactive
// in headless Chromium, each against a named peer measured in the same run: the plain `redocly build-docs
// --inlineBundle` page of the same bundled spec, without our template, code samples, search index or guides.
//
// Time to interactive = from navigation start until Redoc has hydrated the prerendered page (React attached to it, so
// clicks work) and, for our page, until the site search box is ready too. Median of BENCH_RUNS runs (default 7),
// ours and the peer alternating, each run in a fresh browser context (cold cache). Every non-local request is blocked.

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { specPath } from '@zestequity/testing';
import { chromiumAvailable, launchChromium } from '@zestequity/testing/browser';
import { build } from '../scripts/build.mjs';
import { serveDocs } from '../scripts/serve.mjs';
import { redoclyBin } from '../src/reference.mjs';
import { isLocal } from '../test/helpers.mjs';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BUILDS = Number(process.env.BENCH_BUILDS ?? 3);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const ms = (n) => `${n.toFixed(0)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

function dirBytes(dir) {
  let total = 0;
  for (const f of readdirSync(dir, { recursive: true })) {
    const s = statSync(join(dir, String(f)));
    if (s.isFile()) total += s.size;
  }
  return total;
}

async function peerBuild(specFile, outFile, workDir) {
  const config = join(workDir, 'redocly.yaml');
  await writeFile(config, 'telemetry: off\n');
  const started = performance.now();
  await run(
    process.execPath,
    [redoclyBin(), 'build-docs', specFile, '--inlineBundle', '--config', config, '--output', outFile],
    {
      cwd: workDir,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return performance.now() - started;
}

// Records, in page time (ms since navigation start), when Redoc has hydrated and when the site search is ready.
function probe() {
  const marks = {};
  window.__benchMarks = marks;
  const hasSearch = () => !!document.getElementById('site-search');
  const tick = () => {
    if (marks.redoc === undefined) {
      const el = document.querySelector('#redoc [data-testid="search-trigger"]');
      if (el && Object.keys(el).some((k) => k.startsWith('__reactFiber') || k.startsWith('__reactProps')))
        marks.redoc = performance.now();
    }
    // documentElement is null when init scripts start
    if (marks.search === undefined && document.documentElement?.hasAttribute('data-search-ready'))
      marks.search = performance.now();
    const loaded = document.readyState === 'complete';
    const done =
      (marks.redoc !== undefined || (loaded && !document.getElementById('redoc'))) &&
      (marks.search !== undefined || (loaded && !hasSearch()));
    if (done) marks.done = true;
    else setTimeout(tick, 2);
  };
  tick();
}

async function measure(browser, url, { allowExternal = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const blocked = [];
  await context.route('**/*', (route) => {
    if (isLocal(route.request().url())) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  await context.addInitScript(probe);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__benchMarks?.done === true, undefined, { timeout: 30_000, polling: 10 });
  const result = await page.evaluate(() => {
    const m = window.__benchMarks;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    return { fcp, interactive: Math.max(m.redoc ?? 0, m.search ?? 0), redoc: m.redoc };
  });
  await context.close();
  if (blocked.length && !allowExternal) throw new Error(`${url} tried to reach the network: ${blocked.join(', ')}`);
  return { ...result, blocked };
}

/** Build time: ours is the whole site (guides, search index, samples included); the peer is Redoc alone. */
async function buildBoth(specFile, ourDir, peerDir, workDir) {
  const ourBuilds = [];
  const peerBuilds = [];
  let built;
  for (let i = 0; i < BUILDS; i++) {
    built = await build({ outDir: ourDir, quiet: true });
    ourBuilds.push(built.ms);
    await rm(peerDir, { recursive: true, force: true });
    await run('mkdir', ['-p', peerDir]);
    peerBuilds.push(await peerBuild(specFile, join(peerDir, 'index.html'), workDir));
  }
  return { built, ourBuild: median(ourBuilds), peerBuild: median(peerBuilds) };
}

function printBuildAndSize({ built, ourBuild, peerBuild }, ourDir, peerDir) {
  const ourRef = readFileSync(join(ourDir, 'reference.html'));
  const peerRef = readFileSync(join(peerDir, 'index.html'));
  const ourRefGzip = gzipSync(ourRef, { level: 9 }).length;
  const peerRefGzip = gzipSync(peerRef, { level: 9 }).length;
  console.log(
    `docs bench: spec ${built.operations} operations, ${built.webhooks} webhooks, ${built.schemas} schemas; ${built.guides} guide pages`,
  );
  console.log(
    'peer: `redocly build-docs --inlineBundle` of the same bundled spec (Redoc 3, no template, samples, search or guides)\n',
  );
  console.log(
    `build time (median of ${BUILDS})  ours ${ms(ourBuild)} (whole site)  peer ${ms(peerBuild)}  ratio ${ratio(ourBuild, peerBuild)}`,
  );
  console.log(
    `site size                       ours ${kib(dirBytes(ourDir))} total (${readdirSync(ourDir, { recursive: true }).length} files)`,
  );
  console.log(
    `reference page                  ours ${kib(ourRef.length)}  peer ${kib(peerRef.length)}  ratio ${ratio(ourRef.length, peerRef.length)}`,
  );
  console.log(
    `reference page, gzip -9         ours ${kib(ourRefGzip)}  peer ${kib(peerRefGzip)}  ratio ${ratio(ourRefGzip, peerRefGzip)}`,
  );
}

/** Page loads of our reference and the peer's, alternating which goes first, after one warm-up of the browser. */
async function loadBoth(browser, oursUrl, peerUrl) {
  const o = [];
  const p = [];
  await measure(browser, `${oursUrl}/reference.html`); // warm the browser process, not the page cache
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      o.push(await measure(browser, `${oursUrl}/reference.html`));
      p.push(await measure(browser, `${peerUrl}/`, { allowExternal: true }));
    } else {
      p.push(await measure(browser, `${peerUrl}/`, { allowExternal: true }));
      o.push(await measure(browser, `${oursUrl}/reference.html`));
    }
  }
  const guide = [];
  for (let i = 0; i < RUNS; i++) guide.push((await measure(browser, `${oursUrl}/quickstart.html`)).interactive);
  return { o, p, guide };
}

function printLoads({ o, p, guide }) {
  const oTti = median(o.map((r) => r.interactive));
  const pTti = median(p.map((r) => r.interactive));
  const oFcp = median(o.map((r) => r.fcp ?? NaN));
  const pFcp = median(p.map((r) => r.fcp ?? NaN));
  console.log(
    `first contentful paint (median of ${RUNS})  ours ${ms(oFcp)}  peer ${ms(pFcp)}  ratio ${ratio(oFcp, pFcp)}`,
  );
  console.log(
    `time to interactive (median of ${RUNS})     ours ${ms(oTti)} (Redoc hydrated + search ready)  peer ${ms(pTti)} (Redoc hydrated)  ratio ${ratio(oTti, pTti)}`,
  );
  const peerExternal = [...new Set(p.flatMap((r) => r.blocked))];
  console.log(
    `  requests outside localhost (blocked): ours none; peer ${peerExternal.length ? peerExternal.join(', ') : 'none'}`,
  );
  console.log(
    `  ours, Redoc hydrated alone: ${ms(median(o.map((r) => r.redoc)))}; a guide page until search is ready: ${ms(median(guide))}`,
  );
}

async function main() {
  const specFile = specPath();
  const workDir = await mkdtemp(join(tmpdir(), 'zest-docs-bench-'));
  const ourDir = join(workDir, 'site');
  const peerDir = join(workDir, 'peer');
  try {
    printBuildAndSize(await buildBoth(specFile, ourDir, peerDir, workDir), ourDir, peerDir);
    if (!chromiumAvailable('docs')) {
      console.log('\ntime to interactive: skipped (no Chromium)');
      return;
    }
    const ours = await serveDocs({ port: 0, root: ourDir });
    const peer = await serveDocs({ port: 0, root: peerDir });
    const browser = await launchChromium();
    try {
      printLoads(await loadBoth(browser, ours.url, peer.url));
    } finally {
      await browser.close();
      await ours.stop();
      await peer.stop();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
