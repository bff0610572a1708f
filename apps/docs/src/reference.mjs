// The Redoc pages (the API reference, the sandbox admin API): Redoc 3 prerendered by `redocly build-docs --inlineBundle`,
// wrapped in the site's header and search box through a handlebars template.

import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { SITE_TITLE, siteHeader, siteScripts } from './layout.mjs';

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
 * The Redocly configuration of one page: `redocly.yaml` with the download button pointed at that page's own document.
 * One shared file sent the sandbox admin page's button to the Partner API's openapi.json.
 */
export async function pageConfig(download) {
  const config = parse(await readFile(join(appDir, 'redocly.yaml'), 'utf8'));
  config.openapi.downloadUrls = [{ title: download, url: download }];
  return stringify(config);
}

/** The page template, carrying the site header: Redocly fills in the title, Redoc's styles and its prerendered page. */
function pageTemplate(siteCss, page) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{title}}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
  <style>
${siteCss}
  </style>
  {{{redocHead}}}
</head>
<body class="page-reference">
${siteHeader({ current: 'reference', page, skipTo: 'redoc' })}
{{{redocHTML}}}
${siteScripts()}
</body>
</html>
`;
}

/** Writes one page's template and configuration into `workDir`; returns the `redocly` arguments that render it. */
async function pageCommand({
  specFile,
  outFile,
  workDir,
  siteCss,
  title = `API reference · ${SITE_TITLE}`,
  download = 'openapi.json',
}) {
  // One template and one config file per page: the pages are rendered together from the same working directory.
  const templateFile = join(workDir, `${basename(outFile)}.hbs`);
  await writeFile(templateFile, pageTemplate(siteCss, basename(outFile)));
  const configFile = join(workDir, `${basename(outFile)}.redocly.yaml`);
  await writeFile(configFile, await pageConfig(download));
  return [
    'build-docs',
    specFile,
    '--inlineBundle',
    '--config',
    configFile,
    '--template',
    templateFile,
    '--title',
    title,
    '--output',
    outFile,
  ];
}

/** Makes Redoc's page local and free of the off-site menu; returns how many CDN images it replaced. */
async function finishPage(outFile) {
  const { html, replaced } = removeCdnResources(await readFile(outFile, 'utf8'));
  await writeFile(outFile, removeOffsiteActions(hashMenuLinks(html).html));
  return replaced;
}

/**
 * Starts rendering each of `pages` ({ specFile, outFile, title?, download? }) into its `outFile`, all in one Redocly
 * process (src/redocly-batch.mjs) working in `workDir`. Resolves as soon as that process is started, so that the caller
 * makes the rest of the site meanwhile, to `{ done }`: a promise of, per page, how many CDN images were made local.
 */
export async function startReferences(pages, workDir) {
  // Inlined rather than linked: on this 2.6 MB page an external stylesheet delays the first paint by about a quarter
  // of a second (measured by bench/run.mjs); guide pages are small and share the cached file instead.
  const siteCss = await readFile(join(appDir, 'assets', 'site.css'), 'utf8');
  if (siteCss.includes('{{'))
    throw new Error('assets/site.css must not contain "{{" (the reference template is handlebars)');
  const commands = await Promise.all(pages.map((page) => pageCommand({ ...page, workDir, siteCss })));
  const rendered = run(process.execPath, [BATCH_SCRIPT, redoclyEntry(), JSON.stringify(commands)], {
    cwd: workDir,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { done: rendered.then(() => Promise.all(pages.map(({ outFile }) => finishPage(outFile)))) };
}
