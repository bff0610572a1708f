import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const distDir = join(appDir, 'dist');
export const resultsDir = join(appDir, 'test-results');

/** The built site is what ships; tests run against it (turbo builds before testing). */
export function requireBuiltSite() {
  if (!existsSync(join(distDir, 'index.html')) || !existsSync(join(distDir, 'openapi.json'))) {
    throw new Error('apps/docs/dist is missing: run `pnpm turbo run build --filter=@zestequity/docs...` first.');
  }
  return JSON.parse(readFileSync(join(distDir, 'openapi.json'), 'utf8'));
}

/** True for URLs the page may load: the local server and in-page data/blob URLs. */
export function isLocal(url) {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
  try {
    const { hostname, protocol } = new URL(url);
    return (
      (protocol === 'http:' || protocol === 'https:') &&
      (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]')
    );
  } catch {
    return false;
  }
}

/** Waits until Redoc has hydrated the prerendered page (React has attached to its DOM), i.e. it reacts to input. */
export async function waitForRedoc(page, timeout = 20_000) {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('#redoc [data-testid="search-trigger"]');
      return !!el && Object.keys(el).some((k) => k.startsWith('__reactFiber') || k.startsWith('__reactProps'));
    },
    undefined,
    { timeout },
  );
}

export async function waitForSearch(page, timeout = 10_000) {
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-search-ready'), undefined, { timeout });
}

/** Polls until `fn` returns a truthy value (or throws the last reason after `timeout`). */
export async function eventually(fn, { timeout = 5000, interval = 50, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw last ?? new Error(`Timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
