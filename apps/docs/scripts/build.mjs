#!/usr/bin/env node

// Builds the static docs site into dist/: the Redoc reference (with generated code samples), the Markdown guides from
// the repository's docs/ folder, the changelog, the search index and the assets. Nothing in the output loads a
// resource from outside the site.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listOperations, listSchemas, listWebhooks } from '@zestequity/spec-model';
import { changelogMarkdown } from '../src/changelog.mjs';
import { withCodeSamples } from '../src/code-samples/index.mjs';
import { escapeHtml } from '../src/html.mjs';
import { renderPage, SITE_TITLE } from '../src/layout.mjs';
import { renderGuide } from '../src/markdown.mjs';
import { AREAS, GUIDE_NAMES, NAV } from '../src/nav.mjs';
import {
  ADMIN_REFERENCE_PAGE,
  operationRoute,
  REFERENCE_PAGE,
  referenceHref,
  schemaRoute,
} from '../src/redoc-anchors.mjs';
import { startReferences, writeClientRenderedPage, writeRedocBundle } from '../src/reference.mjs';
import { findExternalResources } from '../src/resource-scan.mjs';
import { adminEntries, buildSearchIndex, guideEntries, referenceEntries } from '../src/search-index.mjs';

const require = createRequire(import.meta.url);
/** The admin API's own document, served beside its page for that page's download button. */
const ADMIN_SPEC_FILE = 'sandbox-admin.openapi.json';
const appDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repoRoot = join(appDir, '..', '..');

export async function build({
  outDir = join(appDir, 'dist'),
  specFile,
  adminSpecFile,
  docsDir = join(repoRoot, 'docs'),
  quiet = false,
} = {}) {
  const started = performance.now();
  const log = quiet ? () => {} : (msg) => console.log(msg);
  specFile ??= require.resolve('@zestequity/partner-api-spec/openapi.json');
  // The sandbox admin API is documented apart: it is not part of the Partner API contract, only of the local sandbox.
  adminSpecFile ??= require.resolve('@zestequity/partner-sandbox/openapi.admin.json');
  const workDir = await mkdtemp(join(tmpdir(), 'zest-docs-'));
  // Redoc renders in its own process for most of the build's time, so it starts first: it loads Redocly CLI while the
  // spec it renders is written, then renders while the rest of the site is made.
  let redoc;
  try {
    redoc = startReferences(workDir);
    const model = await readSpec(specFile);
    const adminDoc = JSON.parse(await readFile(adminSpecFile, 'utf8'));
    await writeSpecs(outDir, model.doc, adminSpecFile);
    // Redoc's bundle, patched once: written for the sandbox admin page, inlined into the reference as it is finished.
    const bundle = writeRedocBundle(outDir);
    bundle.catch(() => {}); // reported by allSettled below, unless the build failed before it
    const references = await redoc.render(referencePages(outDir), bundle);
    // The rest of the site is scanned for external resources as soon as it and Redoc's bundle file are written, the
    // Redoc page as it is finished: the scan of the whole output folder, after Redoc, took about 0.05 s more. The
    // bundle is waited for so that the scan always sees REDOC_BUNDLE, whichever of the two is written first.
    const scanned = Promise.all([writeSite(outDir, model, adminDoc, docsDir), bundle]).then(async ([site]) => ({
      ...site,
      external: await findExternalResources(outDir, { skip: [REFERENCE_PAGE] }),
    }));
    const [site, [reference], { replaced: bundleLogos }] = await allSettled([scanned, references.done, bundle]);
    refuseExternalResources([...site.external, ...reference.external]);
    const replacedLogos = bundleLogos + reference.replaced;
    const bytes = await siteBytes(outDir);
    const ms = performance.now() - started;
    report(log, { model, adminDoc, replacedLogos, ...site, outDir, bytes, ms });
    return {
      outDir,
      bytes,
      ms,
      operations: model.operations.length,
      webhooks: model.webhooks.length,
      schemas: model.schemas.length,
      guides: site.guides.length,
      searchEntries: site.search.count,
    };
  } finally {
    await redoc?.cancel();
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Waits for every task, then throws the first failure: a failed build returns only once the Redocly process, which
 * writes into the output folder, has ended.
 */
async function allSettled(tasks) {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => r.value);
}

/**
 * The page Redoc prerenders: the Partner API reference, from the docs copy of the spec (with code samples). The
 * sandbox admin page is rendered in the browser instead (writeAdminPage).
 */
function referencePages(outDir) {
  return [{ specFile: join(outDir, 'openapi.json'), outFile: join(outDir, REFERENCE_PAGE) }];
}

/** The sandbox admin API's page, drawn by Redoc in the browser from its document and the site's copy of Redoc. */
async function writeAdminPage(outDir, adminDoc) {
  await writeClientRenderedPage({
    doc: adminDoc,
    outFile: join(outDir, ADMIN_REFERENCE_PAGE),
    title: `Sandbox admin API · ${SITE_TITLE}`,
    download: ADMIN_SPEC_FILE,
  });
}

/**
 * Everything but the prerendered Redoc page and Redoc's bundle: assets, the sandbox admin page, guides, the home and
 * 404 pages, and the search index of the whole site.
 */
async function writeSite(outDir, model, adminDoc, docsDir) {
  await writeAssets(outDir);
  await writeAdminPage(outDir, adminDoc);
  const { guides, changelog } = renderGuides(docsDir, referenceTargets(model));
  await writePages(outDir, guides, model);
  const search = buildSearchIndex([...referenceEntries(model.doc), ...adminEntries(adminDoc), ...guideEntries(guides)]);
  await writeSearchIndex(outDir, search);
  return { guides, changelog, search };
}

/** The build's summary, one line per part of the site. */
function report(log, { model, adminDoc, replacedLogos, guides, changelog, search, outDir, bytes, ms }) {
  const { operations, webhooks, schemas, samples, receivers } = model;
  log(
    `reference: ${operations.length} operations, ${webhooks.length} webhooks, ${schemas.length} schemas (${replacedLogos} CDN image reference(s) made local)`,
  );
  log(`sandbox admin API: ${listOperations(adminDoc).length} operations on ${ADMIN_REFERENCE_PAGE}`);
  log(
    `guides: ${guides.length} pages (changelog: ${changelog.pending} pending changeset(s)); search index: ${search.count} entries`,
  );
  log(
    `code samples: ${samples.length} operations x (curl, TypeScript SDK), ${receivers.length} webhooks x TypeScript receiver`,
  );
  log(`wrote ${relative(process.cwd(), outDir) || '.'}: ${(bytes / 1024).toFixed(0)} KiB in ${ms.toFixed(0)} ms`);
}

/** The spec with its code samples, and what the site lists of it; every operation must have a title. */
async function readSpec(specFile) {
  const spec = JSON.parse(await readFile(specFile, 'utf8'));
  const { doc, samples, receivers } = withCodeSamples(spec);
  const operations = listOperations(doc);
  for (const { summary, key } of operations) {
    if (!summary) throw new Error(`${key} has no summary: it would have no title in the reference`);
  }
  return { doc, samples, receivers, operations, webhooks: listWebhooks(doc), schemas: listSchemas(doc) };
}

/** A fresh output folder holding the spec the reference renders (with its code samples) and the admin API's own. */
async function writeSpecs(outDir, doc, adminSpecFile) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  await writeFile(join(outDir, 'openapi.json'), JSON.stringify(doc, null, 2));
  await copyFile(adminSpecFile, join(outDir, ADMIN_SPEC_FILE));
}

/** The static assets and the search library. */
async function writeAssets(outDir) {
  for (const f of ['site.css', 'search.js', 'tokenize.js', 'favicon.svg'])
    await copyFile(join(appDir, 'assets', f), join(outDir, 'assets', f));
  const minisearch = readFileSync(join(dirname(require.resolve('minisearch')), '..', 'umd', 'index.js'), 'utf8');
  await writeFile(join(outDir, 'assets', 'minisearch.js'), minisearch.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'));
}

/** Links from guides into the reference: ref:<operationId>, ref:webhook:<eventType>, ref:schema:<Name>. */
function referenceTargets({ operations, webhooks, schemas }) {
  const refTargets = new Map();
  for (const { node, operationId } of operations) refTargets.set(operationId, referenceHref(operationRoute(node)));
  for (const { node, path: eventType } of webhooks)
    refTargets.set(`webhook:${eventType}`, referenceHref(operationRoute(node, { fallbackTag: 'Webhooks' })));
  for (const name of schemas) refTargets.set(`schema:${name}`, referenceHref(schemaRoute(name)));
  refTargets.set('reference', REFERENCE_PAGE);
  refTargets.set('sandbox-admin', ADMIN_REFERENCE_PAGE);
  return refTargets;
}

/** Every guide of docs/ (exactly the ones the navigation lists) and the changelog, rendered and link-checked. */
function renderGuides(docsDir, refTargets) {
  const present = existsSync(docsDir)
    ? readdirSync(docsDir)
        .filter((f) => f.endsWith('.md'))
        .map((f) => f.slice(0, -3))
    : [];
  const unlisted = present.filter((n) => !GUIDE_NAMES.includes(n) && n.toLowerCase() !== 'readme');
  if (unlisted.length) throw new Error(`docs/ has guides missing from src/nav.mjs: ${unlisted.join(', ')}`);
  const missing = GUIDE_NAMES.filter((n) => !present.includes(n));
  if (missing.length) throw new Error(`Guides listed in src/nav.mjs but missing from docs/: ${missing.join(', ')}`);

  const guideNames = new Set([...GUIDE_NAMES, 'changelog', 'index']);
  const ctx = (file) => ({ resolveRef: (t) => refTargets.get(t), guideNames, file });
  const guides = GUIDE_NAMES.map((name) => ({
    name,
    ...renderGuide(readFileSync(join(docsDir, `${name}.md`), 'utf8'), ctx(`docs/${name}.md`)),
  }));
  const changelog = changelogMarkdown(repoRoot);
  guides.push({ name: 'changelog', ...renderGuide(changelog.markdown, ctx('changelog (generated)')) });
  refuseDanglingSectionLinks(guides);
  return { guides, changelog };
}

/** A link to a section of a guide (`errors.md#codes`, `design-decisions.md#servers`) must land on a heading id. */
function refuseDanglingSectionLinks(guides) {
  const ids = new Map(guides.map((g) => [g.name, new Set(g.headings.map((h) => h.id))]));
  const dangling = guides.flatMap((g) =>
    g.links
      .map(
        (href) => /^([\w-]+)\.html#(.+)$/.exec(href) ?? (href.startsWith('#') ? [href, g.name, href.slice(1)] : null),
      )
      .filter((m) => m && ids.has(m[1]) && !ids.get(m[1]).has(decodeURIComponent(m[2])))
      .map((m) => `docs/${g.name}.md links to ${m[1]}#${m[2]}, which is not a heading there`),
  );
  if (dangling.length) throw new Error(dangling.join('\n'));
}

/** The guide pages, the home page and the 404 page. */
async function writePages(outDir, guides, { operations, webhooks, schemas }) {
  const titles = new Map(guides.map((g) => [g.name, g.title]));
  for (const g of guides) {
    const section = g.name === 'changelog' ? 'changelog' : 'guides';
    await writeFile(
      join(outDir, `${g.name}.html`),
      renderPage({ title: g.title, name: g.name, body: g.html, headings: g.headings, titles, section }),
    );
  }
  const counts = { operations: operations.length, webhooks: webhooks.length, schemas: schemas.length };
  await writeFile(join(outDir, 'index.html'), homePage({ guides, titles, counts }));
  await writeFile(
    join(outDir, '404.html'),
    renderPage({
      title: 'Not found',
      name: '404',
      titles,
      body: '<h1>Not found</h1>\n<p>No page here. Try the search box, or start from <a href="index.html">the home page</a>.</p>',
    }),
  );
}

async function writeSearchIndex(outDir, search) {
  const searchJson = JSON.stringify(search);
  await writeFile(join(outDir, 'search-index.json'), searchJson);
  // A classic script rather than fetch(): works from file:// as well as over HTTP.
  await writeFile(join(outDir, 'search-index.js'), `window.__ZEST_SEARCH_INDEX__=${searchJson};\n`);
}

/** Nothing in the output may load a resource from outside the site. */
function refuseExternalResources(external) {
  if (external.length) {
    throw new Error(
      `The site would load resources from outside itself:\n${external.map((e) => `  ${e.file}: ${e.url}`).join('\n')}`,
    );
  }
}

async function siteBytes(outDir) {
  let bytes = 0;
  for (const f of readdirSync(outDir, { recursive: true }).map(String)) {
    const s = await stat(join(outDir, f));
    if (s.isFile()) bytes += s.size;
  }
  return bytes;
}

function firstSentences(text, max = 170) {
  if (!text) return '';
  const cut = text.slice(0, max);
  const end = cut.lastIndexOf('. ');
  return end > 60 ? cut.slice(0, end + 1) : `${cut.trimEnd()}${text.length > max ? '…' : ''}`;
}

function homePage({ guides, titles, counts }) {
  const byName = new Map(guides.map((g) => [g.name, g]));
  const card = (name) => {
    const g = byName.get(name);
    const blurb = firstSentences(g.sectionText.get(g.headings[0].id));
    return `<a class="card" href="${name}.html"><strong>${escapeHtml(g.title)}</strong><span>${escapeHtml(blurb)}</span></a>`;
  };
  // The home page is the partners' door: their sections as cards, the contributors' pages one link away.
  const sections = NAV.filter((s) => s.area === 'partners')
    .map(
      (s) =>
        `<h2 id="${s.title.toLowerCase().replace(/\s+/g, '-')}">${escapeHtml(s.title)}</h2>\n<div class="cards">\n${s.items.map((i) => card(i.name)).join('\n')}\n</div>`,
    )
    .join('\n');
  const body = `<h1>${SITE_TITLE}</h1>
<p>Build against Zest's partner API v1: request SPVs, onboard investors, create subscriptions, upload signed forms and
funding receipts, and receive signed webhooks as each step completes. Everything here is generated from the one OpenAPI
document in <code>spec/</code>, and every example runs against the local sandbox.</p>
<div class="cards">
<a class="card" href="quickstart.html"><strong>Quickstart</strong><span>From a key pair to a completed subscription on the local sandbox.</span></a>
<a class="card" href="${REFERENCE_PAGE}"><strong>API reference</strong><span>${counts.operations} operations, ${counts.webhooks} webhooks and ${counts.schemas} schemas, with curl and SDK samples.</span></a>
<a class="card" href="${ADMIN_REFERENCE_PAGE}"><strong>Sandbox admin API</strong><span>The local sandbox's own routes under /sandbox/: approve, complete, replay and trigger webhooks, faults and clock.</span></a>
</div>
${sections}
<p class="contributors-note">Changing this repository (the spec, the SDK, the sandbox)? Start at
<a href="${AREAS.contributors.home}.html">Contributors</a>.</p>`;
  return renderPage({ title: SITE_TITLE, name: 'index', body, titles, section: 'home' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  build().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
