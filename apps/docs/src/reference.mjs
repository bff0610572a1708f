// The Redoc pages, wrapped in the site's header and search box: the API reference, Redoc 3 prerendered by `redocly
// build-docs` through a handlebars template, with Redoc's browser bundle inlined, and the sandbox admin API, drawn by
// Redoc in the browser from the site's copy of that bundle, assets/redoc.standalone.js (REDOC_BUNDLE).

import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { escapeHtml } from './html.mjs';
import { SITE_TITLE, siteHeader, siteScripts } from './layout.mjs';
import { externalResourcesIn } from './resource-scan.mjs';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const appDir = dirname(dirname(fileURLToPath(import.meta.url)));

export function redoclyBin() {
  const pkgPath = require.resolve('@redocly/cli/package.json');
  const pkg = JSON.parse(require('node:fs').readFileSync(pkgPath, 'utf8'));
  return join(dirname(pkgPath), pkg.bin.redocly);
}

/** The module the `redocly` script imports, which reads the command line and runs the command. */
function redoclyEntry() {
  return join(dirname(redoclyBin()), '..', 'lib', 'index.js');
}

const BATCH_SCRIPT = join(appDir, 'src', 'redocly-batch.mjs');

// Redoc 3's footer shows "API docs by <Redocly logo>" with the logo image fetched from Redocly's CDN. The page must
// not touch the network, so the image is replaced by a local inline SVG carrying the same attribution text.
const REDOC_LOGO_URLS = ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://cdn.redoc.ly/redoc/logo-mini.svg'];
const LOCAL_LOGO =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="52" height="14" viewBox="0 0 52 14"><text x="0" y="11" font-family="system-ui,sans-serif" font-size="11" font-weight="700" fill="#0044d4">Redoc</text></svg>',
  );

export function removeCdnResources(html) {
  let replaced = 0;
  for (const url of REDOC_LOGO_URLS) {
    const parts = html.split(url);
    replaced += parts.length - 1;
    html = parts.join(LOCAL_LOGO);
  }
  return { html, replaced };
}

/**
 * Redoc prerenders its side menu's group links (a tag, "Webhooks", "Schemas") as root paths, `href="/webhooks"`, and
 * keeps them so after hydration: a click is routed by script to `#/webhooks`, but opening the link in a new tab, or the
 * page without script, asked the server for `/webhooks`, which is no page. The hash form is what the click reaches.
 */
export function hashMenuLinks(html) {
  let rewritten = 0;
  const out = html.replace(/ href="\/([\w-]*)" data-discover="true"/g, (_, route) => {
    rewritten += 1;
    return ` href="#/${route}" data-discover="true"`;
  });
  return { html: out, rewritten };
}

/**
 * Redoc 3 gives every heading a "More actions" menu whose "Open in Claude" and "Open in ChatGPT" send the page's spec
 * to those sites. Redoc has no setting for it: the menu is offered whenever the page has a download URL, and this site
 * keeps its download buttons. The bundle's one test for that URL is made always true, so every heading keeps only the
 * local "Copy" button. Fails the build if Redoc's code changed shape, rather than shipping the menu again.
 */
const PAGE_ACTIONS_TEST = /if\(!(\w+)\.specUrl\)return/g;

export function removeOffsiteActions(html) {
  const found = html.match(PAGE_ACTIONS_TEST) ?? [];
  if (found.length !== 1)
    throw new Error(
      `Expected one page-actions check in Redoc's bundle, found ${found.length}: the off-site menu stays`,
    );
  return html.replace(PAGE_ACTIONS_TEST, 'if(!0)return');
}

/**
 * The Redoc options of one page: the `openapi` section of `redocly.yaml`, with the download button pointed at that
 * page's own document (one shared file sent the sandbox admin page's button to the Partner API's openapi.json), and
 * the rest of `redocly.yaml` as the page's Redocly configuration.
 */
async function pageOptions(download) {
  const { openapi, ...config } = parse(await readFile(join(appDir, 'redocly.yaml'), 'utf8'));
  return { config, options: { ...openapi, downloadUrls: [{ title: download, url: download }] } };
}

/**
 * A Redoc page, carrying the site header. By default a handlebars template Redocly fills in with the title, Redoc's
 * styles and its prerendered page; the slots take the finished parts of a page rendered in the browser instead.
 */
function pageTemplate(siteCss, page, { title = '{{title}}', head = '{{{redocHead}}}', body = '{{{redocHTML}}}' } = {}) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
  <style>
${siteCss}
  </style>
  ${head}
</head>
<body class="page-reference">
${siteHeader({ current: 'reference', page, skipTo: 'redoc' })}
${body}
${siteScripts()}
</body>
</html>
`;
}

/** The site's stylesheet, inlined into the Redoc pages. */
async function readSiteCss() {
  // Inlined rather than linked: on the reference page an external stylesheet delayed the first paint by about a
  // quarter of a second (measured by bench/run.mjs when the page still inlined Redoc, 2.6 MB); guide pages are small
  // and share the cached file instead.
  const siteCss = await readFile(join(appDir, 'assets', 'site.css'), 'utf8');
  if (siteCss.includes('{{'))
    throw new Error('assets/site.css must not contain "{{" (the reference template is handlebars)');
  return siteCss;
}

/** The site's copy of Redoc's browser bundle, which the sandbox admin page loads. */
export const REDOC_BUNDLE = 'assets/redoc.standalone.js';
const REDOC_EXPORTS = /;export\{(RedocStandalone,hydrate,init)\};(\s*)$/;
// `import.meta` is a syntax error in a classic script. The bundle names it twice, in code that makes a worker for its
// search index (import.meta.url) or runs only in Node (import.meta.dirname); inlined in a page's module script, as on
// the prerendered page, it means the page's URL. That is what it is replaced by. (The bundle also names it inside
// strings it evaluates, which are left as they are.)
const IMPORT_META = /(?<!["'`])\bimport\.meta\b/g;
const IMPORT_META_INLINE = '({url:location.href})';

/**
 * Patches Redoc's browser bundle once for the site (Redocly CLI's lib/chunks/redoc.standalone.js, which
 * `build-docs --inlineBundle` inlines): the CDN logo made local, the off-site menu removed. Writes it as REDOC_BUNDLE
 * for the sandbox admin page, and returns it, as an ES module, for the reference page to inline (inlineBundle), with
 * how many CDN images it made local. The build used to have Redocly inline it, then read the 2.6 MB page back to patch
 * and scan; patching the 2.3 MB bundle once and inlining it afterwards does that work once.
 *
 * The file is made a classic script: a module script file does not load from file://, where the site must work too.
 * Its one `export` statement becomes the global `Redoc`, and `import.meta` what it means inlined in a page. Fails the
 * build if the bundle changed shape.
 */
export async function writeRedocBundle(outDir) {
  const source = await readFile(join(dirname(redoclyEntry()), 'chunks', 'redoc.standalone.js'), 'utf8');
  const importMeta = source.match(IMPORT_META) ?? [];
  if (!REDOC_EXPORTS.test(source) || importMeta.length !== 2)
    throw new Error(
      `Redoc's standalone bundle changed shape (export of RedocStandalone, hydrate and init: ${REDOC_EXPORTS.test(source)}; import.meta outside strings: ${importMeta.length}, not 2)`,
    );
  const { html: local, replaced } = removeCdnResources(source);
  const module = removeOffsiteActions(local);
  const classic = module.replace(REDOC_EXPORTS, ';window.Redoc={$1};$2').replace(IMPORT_META, IMPORT_META_INLINE);
  await writeFile(join(outDir, REDOC_BUNDLE), classic);
  return { replaced, module };
}

/** JSON inside an inline <script>, as Redocly writes it: no `</script>` or line separator can end it early. */
const scriptJson = (value) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));

/**
 * Writes a Redoc page that Redoc renders in the browser, from the document embedded in it and REDOC_BUNDLE, with the
 * options and template a prerendered page gets. For the sandbox admin API (14 operations): prerendering it in the
 * Redoc process was about a quarter of the build's time, and it inlined a second copy of the 2.3 MB bundle; this page
 * is about 70 KB and shares the bundle file, cached after one load. Its menu links are hash routes as rendered, so
 * hashMenuLinks has nothing to do; without script it says where the document is.
 */
export async function writeClientRenderedPage({ doc, outFile, title, download }) {
  const [siteCss, { options }] = await Promise.all([readSiteCss(), pageOptions(download)]);
  // What build-docs passes to hydrate(): the document is already bundled (one file, local $refs only).
  const redocOptions = { ...options, skipBundle: true, disableTelemetry: true };
  const body = `<div id="redoc"><noscript><p>This page is drawn by script. The API it documents is
<a href="${escapeHtml(download)}" download>${escapeHtml(download)}</a>.</p></noscript></div>
<script src="${REDOC_BUNDLE}"></script>
<script>
Redoc.init(${scriptJson(doc)}, ${scriptJson(redocOptions)}, document.getElementById('redoc'));
</script>`;
  const page = basename(outFile);
  await writeFile(outFile, pageTemplate(siteCss, page, { title: escapeHtml(title), head: '', body }));
}

/** Writes one page's template and configuration into `workDir`; returns what build-docs renders it from. */
async function pageJob({
  specFile,
  outFile,
  workDir,
  siteCss,
  title = `API reference · ${SITE_TITLE}`,
  download = 'openapi.json',
}) {
  // One template and one config file per page: the pages are rendered together from the same working directory.
  const template = join(workDir, `${basename(outFile)}.hbs`);
  await writeFile(template, pageTemplate(siteCss, basename(outFile)));
  // The Redoc options go as `--openapi <options>` rather than in the configuration file: Redocly resolves the types
  // of that file's `openapi` section with a JSON schema validator that it compiles first, about 0.06 s of the Redoc
  // process's time; the page is the same byte for byte.
  const { config, options } = await pageOptions(download);
  const configFile = join(workDir, `${basename(outFile)}.redocly.yaml`);
  await writeFile(configFile, stringify(config));
  // What `redocly build-docs <api> --config --openapi --template --title --output` is given; not --inlineBundle
  // (see inlineBundle).
  return { api: specFile, output: outFile, config: configFile, openapi: options, template, title, inlineBundle: false };
}

/**
 * Without --inlineBundle, build-docs makes the page import Redoc from Redocly's CDN: a `modulepreload` link among the
 * styles in the head, and `import { hydrate } from "<CDN URL>";` opening the module script that hydrates the page.
 * With it, the link is left out and the bundle (its `</script`s escaped) stands in place of the import: what this does
 * with the bundle patched for the site, so that the page is what `--inlineBundle` and the patches made of it. Fails
 * the build if either was not found exactly once. The bundle is inlined rather than linked to REDOC_BUNDLE because,
 * measured as bench/run.mjs does, the linked page's first paint came 20-40 ms later (its hydration a little earlier).
 * `parts(html)` returns the page without the bundle, `[before, after]`, for scanning, and `join` puts it in.
 */
const CDN_BUNDLE = String.raw`https://cdn\.redocly\.com/redoc/v[\w.-]+/bundles/redoc\.standalone\.js`;
const CDN_PRELOAD = new RegExp(`<link rel="modulepreload" href="${CDN_BUNDLE}"[^>]*>`, 'g');
const CDN_IMPORT = new RegExp(
  String.raw`(?<=<script type="module">\s*)import \{ hydrate \} from "${CDN_BUNDLE}";`,
  'g',
);

export const inlineBundle = {
  parts(html) {
    const preloads = html.match(CDN_PRELOAD) ?? [];
    const imports = html.match(CDN_IMPORT) ?? [];
    if (preloads.length !== 1 || imports.length !== 1)
      throw new Error(
        `Expected one preload and one import of Redoc from Redocly's CDN, found ${preloads.length} and ${imports.length}`,
      );
    return html.replace(CDN_PRELOAD, '').split(CDN_IMPORT);
  },
  join([before, after], bundle) {
    // As build-docs escapes it; concatenated, since a replacement string would read the bundle's `$`s as patterns.
    return before + bundle.replace(/<\/(script)/gi, '<\\/$1') + after;
  },
};

/**
 * Makes Redoc's page local (its footer logo, Redoc's bundle inlined as patched for the site) and its menu links hash
 * routes; returns how many CDN images it replaced in the page and the resources from outside the site the page would
 * still load (none, or the build fails), found while it is in memory: the build scans the rest of the site while this
 * page is rendered. The inlined bundle is not scanned again here: REDOC_BUNDLE, the same text but for its `export`
 * statement and `import.meta` (no URL in either), is scanned with the rest of the site.
 */
async function finishPage(outFile, bundle) {
  const { html, replaced } = removeCdnResources(await readFile(outFile, 'utf8'));
  const parts = inlineBundle.parts(hashMenuLinks(html).html);
  await writeFile(outFile, inlineBundle.join(parts, bundle));
  return { replaced, external: externalResourcesIn(parts.join('')).map(({ url }) => ({ file: outFile, url })) };
}

/**
 * Starts the Redoc process (src/redocly-batch.mjs) in `workDir` before its pages can be described, so that it compiles
 * Redocly CLI's bundle while the build writes the spec they render. Then `render(pages, bundle)` ({ specFile,
 * outFile, title?, download? } each; a promise of writeRedocBundle's result) hands it the pages and returns `{ done }`
 * at once, so that the caller makes the rest of the site meanwhile: a promise of, per page, how many CDN images were
 * made local and what it loads from outside the site.
 * `cancel()` ends the process unused (a build that failed first); both settle only once the process has ended, since
 * it writes into the output folder.
 */
export function startReferences(workDir) {
  // --max-opt=1: V8 stops at its baseline compiler. The process lives under a second; what the optimising compilers
  // did for Redoc's render never paid back the CPU they took (on background threads, beside the rest of the build on
  // this 2-CPU machine): with them the build took about 0.1 s longer (bench/README.md, "Build time back under the
  // pre-redesign ratio").
  const rendering = run(process.execPath, ['--max-opt=1', BATCH_SCRIPT, redoclyEntry()], {
    cwd: workDir,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  // Its failure is reported by `done` (or ignored by `cancel`): not an unhandled rejection before `render` is called,
  // nor a crash on writing to a process that has already ended.
  rendering.catch(() => {});
  const { stdin } = rendering.child;
  stdin.on('error', () => {});
  let handedOver = false;
  return {
    async render(pages, bundle) {
      const siteCss = await readSiteCss();
      const jobs = await Promise.all(pages.map((page) => pageJob({ ...page, workDir, siteCss })));
      handedOver = true;
      stdin.end(JSON.stringify(jobs));
      const done = Promise.all([rendering, bundle]).then(([, { module }]) =>
        Promise.all(pages.map(({ outFile }) => finishPage(outFile, module))),
      );
      return { done };
    },
    async cancel() {
      if (!handedOver) stdin.end();
      await rendering.catch(() => {});
    },
  };
}
