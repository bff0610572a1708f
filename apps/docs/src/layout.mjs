// One shell for every page: header with the search box, side navigation, content, "on this page". The reference page
// reuses the header only (Redoc brings its own side menu). Every resource is a relative URL inside the site.

import { escapeHtml } from './html.mjs';
import { AREAS, areaOf, NAV } from './nav.mjs';
import { REFERENCE_PAGE } from './redoc-anchors.mjs';

export const SITE_TITLE = 'Zest Partner API';

export function siteHeader({ current } = {}) {
  const link = (href, label, name) => `<a href="${href}"${current === name ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<header class="site-header">
  <a class="brand" href="index.html"><span class="brand-mark" aria-hidden="true">Z</span>${SITE_TITLE}</a>
  <nav class="site-top" aria-label="Sections">
    ${link('quickstart.html', 'Guides', 'guides')}
    ${link(REFERENCE_PAGE, 'API reference', 'reference')}
    ${link('changelog.html', 'Changelog', 'changelog')}
    ${link(`${AREAS.contributors.home}.html`, AREAS.contributors.label, 'contributors')}
  </nav>
  <div class="site-search" role="search">
    <input id="site-search" type="search" placeholder="Search operations, schemas, guides  ( / )" aria-label="Search the documentation"
      autocomplete="off" spellcheck="false" role="combobox" aria-expanded="false" aria-controls="site-search-results" disabled>
    <ul id="site-search-results" role="listbox" aria-label="Search results" hidden></ul>
  </div>
</header>`;
}

export function siteScripts() {
  return `<script src="assets/minisearch.js" defer></script>
<script src="assets/tokenize.js" defer></script>
<script src="search-index.js" defer></script>
<script src="assets/search.js" defer></script>`;
}

function sideNav(currentName, titles) {
  const area = areaOf(currentName);
  const sections = NAV.filter((section) => section.area === area)
    .map((section) => {
      const items = section.items
        .map((item) => {
          const title = escapeHtml(titles.get(item.name) ?? item.title ?? item.name);
          const cur = item.name === currentName ? ' aria-current="page"' : '';
          return `<li><a href="${item.name}.html"${cur}>${title}</a></li>`;
        })
        .join('\n        ');
      return `<section>
      <h2>${escapeHtml(section.title)}</h2>
      <ul>
        ${items}
      </ul>
    </section>`;
    })
    .join('\n    ');
  // Partners get the reference beside their guides; contributors get the way back to the partner guides.
  const other =
    area === 'partners'
      ? `<h2>Reference</h2>
      <ul><li><a href="${REFERENCE_PAGE}">API reference</a></li></ul>`
      : `<h2>For partners</h2>
      <ul><li><a href="${AREAS.partners.home}.html">Guides</a></li><li><a href="${REFERENCE_PAGE}">API reference</a></li></ul>`;
  return `<nav class="site-nav" aria-label="${escapeHtml(AREAS[area].label)}" data-area="${area}">
    ${sections}
    <section>
      ${other}
    </section>
  </nav>`;
}

function onThisPage(headings) {
  const items = headings.filter((h) => h.depth === 2 || h.depth === 3);
  if (items.length < 2) return '';
  return `<aside class="toc" aria-label="On this page">
    <h2>On this page</h2>
    <ul>${items.map((h) => `<li class="toc-${h.depth}"><a href="#${h.id}">${escapeHtml(h.text)}</a></li>`).join('')}</ul>
  </aside>`;
}

/**
 * @param {{title: string, name: string, body: string, headings?: {depth:number,text:string,id:string}[],
 *   titles: Map<string,string>, section?: string}} page
 */
export function renderPage({ title, name, body, headings = [], titles, section = 'guides' }) {
  const fullTitle = title === SITE_TITLE ? title : `${title} · ${SITE_TITLE}`;
  if (section === 'guides' && areaOf(name) === 'contributors') section = 'contributors';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(fullTitle)}</title>
<link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="assets/site.css">
</head>
<body class="page-${escapeHtml(name)}">
${siteHeader({ current: section })}
<div class="site-body">
  ${sideNav(name, titles)}
  <main class="content" id="content">
${body}
  </main>
  ${onThisPage(headings)}
</div>
${siteScripts()}
</body>
</html>
`;
}
