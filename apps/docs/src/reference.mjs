// The API reference page: Redoc 3 prerendered by `redocly build-docs --inlineBundle` from the docs copy of the spec,
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

/** Render Redoc's page into `outFile` using a template that carries the site header. */
export async function buildReference({
  specFile,
  outFile,
  workDir,
  title = `API reference · ${SITE_TITLE}`,
  download = 'openapi.json',
}) {
  // Inlined rather than linked: on this 2.6 MB page an external stylesheet delays the first paint by about a quarter
  // of a second (measured by bench/run.mjs); guide pages are small and share the cached file instead.
  const siteCss = await readFile(join(appDir, 'assets', 'site.css'), 'utf8');
  if (siteCss.includes('{{'))
    throw new Error('assets/site.css must not contain "{{" (the reference template is handlebars)');
  const template = `<!DOCTYPE html>
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
${siteHeader({ current: 'reference', page: basename(outFile), skipTo: 'redoc' })}
{{{redocHTML}}}
${siteScripts()}
</body>
</html>
`;
  // One template and one config file per page: two pages may be built at the same time in the same working directory.
  const templateFile = join(workDir, `${basename(outFile)}.hbs`);
  await writeFile(templateFile, template);
  const configFile = join(workDir, `${basename(outFile)}.redocly.yaml`);
  await writeFile(configFile, await pageConfig(download));
  await run(
    process.execPath,
    [
      redoclyBin(),
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
    ],
    {
      cwd: workDir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const { html, replaced } = removeCdnResources(await readFile(outFile, 'utf8'));
  await writeFile(outFile, removeOffsiteActions(hashMenuLinks(html).html));
  return { replacedLogos: replaced };
}
