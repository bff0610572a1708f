import { isLocal } from './helpers.mjs';

/**
 * Crawls a served site from `start` in a browser page, the way a reader would follow links: every local page linked
 * from a visited page (Redoc's own page aside) must answer 200, every `#fragment` must name an element id on its
 * page, every other local file must be served. Returns what it found instead of asserting, so the same crawler runs
 * on the real site (no problems allowed) and on a fixture site with known dead links (it must find them).
 */
export async function crawlSite(page, baseUrl, { start = 'index.html', opaque = ['reference.html'] } = {}) {
  const queue = [start];
  const visited = new Map(); // page -> ids on it
  const fragments = [];
  const routes = new Set();
  const files = new Set();
  const problems = [];
  const linkedFrom = new Map();
  let external = 0;
  while (queue.length) {
    const path = queue.shift();
    if (visited.has(path)) continue;
    const res = await page
      .goto(`${baseUrl}/${path}`)
      .catch((error) => ({ status: () => error.message.split('\n')[0] }));
    if (res?.status() !== 200) {
      problems.push(
        `dead link: ${path} answered ${res?.status()} (linked from ${linkedFrom.get(path) ?? 'the start'})`,
      );
      visited.set(path, new Set());
      continue;
    }
    const { hrefs, ids } = await page.evaluate(() => ({
      hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.href),
      ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    }));
    visited.set(path, new Set(ids));
    if (opaque.includes(path)) continue; // Redoc's own links are checked through its routes
    for (const href of hrefs) {
      if (!isLocal(href)) {
        external += 1; // plain links in text; never loaded by the page
        continue;
      }
      const url = new URL(href);
      const file = url.pathname.replace(/^\//, '') || 'index.html';
      if (opaque.includes(file) && url.hash.startsWith('#/')) routes.add(url.hash);
      else if (url.hash.length > 1) fragments.push({ from: path, file, id: decodeURIComponent(url.hash.slice(1)) });
      if (file.endsWith('.html')) {
        if (!linkedFrom.has(file)) linkedFrom.set(file, path);
        queue.push(file);
      } else files.add(file);
    }
  }
  for (const f of fragments) {
    if (!visited.get(f.file)?.has(f.id)) problems.push(`dead anchor: ${f.from} links to ${f.file}#${f.id}`);
  }
  for (const file of files) {
    const res = await page.request.get(`${baseUrl}/${file}`);
    if (res.status() !== 200) problems.push(`dead link: ${file} answered ${res.status()}`);
  }
  return { problems, visited, fragments, routes, external };
}
