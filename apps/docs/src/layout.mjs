// One shell for every page: header with the search box, side navigation, content, "on this page". The reference page
// reuses the header only (Redoc brings its own side menu). Every resource is a relative URL inside the site.

import { escapeHtml } from './html.mjs';
import { AREAS, areaOf, NAV } from './nav.mjs';
import { REFERENCE_PAGE } from './redoc-anchors.mjs';

export const SITE_TITLE = 'Zest Partner API';

/**
 * The header: a skip link to `skipTo` (the page's main content), the section links and the search box. `current` is
 * the section the page belongs to (highlighted by class); `page` is the page's own file, the only link that gets
 * aria-current="page".
 */
export function siteHeader({ current, page, skipTo = 'content' } = {}) {
  const link = (href, label, name) => {
    const attrs = [current === name ? ' class="current-section"' : '', page === href ? ' aria-current="page"' : ''];
    return `<a href="${href}"${attrs.join('')}>${label}</a>`;
  };
  return `<a class="skip-link" href="#${skipTo}">Skip to content</a>
<header class="site-header">
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
      return group(section.title, items);
    })
    .join('\n    ');
  // Partners get the reference beside their guides; contributors get the way back to the partner guides.
  const other =
    area === 'partners'
      ? group('Reference', `<li><a href="${REFERENCE_PAGE}">API reference</a></li>`)
      : group(
          'For partners',
          `<li><a href="${AREAS.partners.home}.html">Guides</a></li><li><a href="${REFERENCE_PAGE}">API reference</a></li>`,
        );
  // A disclosure: on a narrow screen the menu folds away above the content (closed by NAV_FOLD_SCRIPT); on a wide
  // screen, or without script, it is open and its summary hidden by the stylesheet.
  return `<nav class="site-nav" aria-label="${escapeHtml(AREAS[area].label)}" data-area="${area}">
    <details class="site-nav-fold" open>
    <summary>Menu</summary>
    ${sections}
    ${other}
    </details>
  </nav>
  ${NAV_FOLD_SCRIPT}`;
}

/** A group of the side menu: its label is not a heading, so the page's h1 stays the first heading in the document. */
function group(title, items) {
  const id = `nav-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return `<div class="nav-group">
      <p class="nav-heading" id="${id}">${escapeHtml(title)}</p>
      <ul aria-labelledby="${id}">
        ${items}
      </ul>
    </div>`;
}

/** Folds the side menu on a narrow screen before the first paint, and opens it again when the window widens. */
const NAV_FOLD_SCRIPT = `<script>(function(){var d=document.currentScript.previousElementSibling.querySelector('details'),m=matchMedia('(max-width: 760px)');if(m.matches)d.open=false;m.addEventListener('change',function(){d.open=!m.matches;});})();</script>`;

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
${siteHeader({ current: section, page: `${name}.html` })}
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
