// The built site in a real headless Chromium, with every request that does not go to the local server blocked and
// recorded: the reference shows every operation, webhook and schema; search finds things and takes you there; every
// link in the guides resolves; nothing logs an error; nothing tries to reach the network.

import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listOperations } from '@zestequity/spec-model';
import { chromiumAvailable, launchChromium } from '@zestequity/testing/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDocs } from '../scripts/serve.mjs';
import { NAV } from '../src/nav.mjs';
import { ADMIN_KIND, adminEntries, referenceEntries } from '../src/search-index.mjs';
import { crawlSite } from './crawl.mjs';
import {
  appDir,
  distDir,
  eventually,
  isLocal,
  requireBuiltSite,
  resultsDir,
  waitForRedoc,
  waitForSearch,
} from './helpers.mjs';

const VIEWPORT = { width: 1400, height: 900 };
const NARROW = { width: 375, height: 740 };
const REDOC_PAGES = ['reference.html', 'sandbox-admin.html'];
const NOT_FOUND = '/definitely-not-a-page.html';

describe.skipIf(!chromiumAvailable('docs'))('docs site in Chromium (offline)', () => {
  let spec;
  let entries;
  let server;
  let browser;
  let context;
  const blocked = [];
  const consoleErrors = [];
  const badResponses = [];

  const shot = (page, name) => page.screenshot({ path: join(resultsDir, `${name}.png`) });

  async function newPage(ctx = context) {
    const page = await ctx.newPage();
    page.on('console', (msg) => {
      // The one error the 404 test provokes on purpose is Chromium reporting the 404 itself.
      if (msg.type() === 'error' && !page.url().endsWith(NOT_FOUND)) consoleErrors.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: uncaught ${err.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400 && !res.request().url().endsWith(NOT_FOUND)) {
        badResponses.push(`${res.status()} ${res.request().url()}`);
      }
    });
    return page;
  }

  /** Go to a reference route (hash) and wait until its heading is visible on screen and in the side menu. */
  async function expectRouteVisible(page, route, title) {
    await page.evaluate((r) => {
      if (location.hash !== r) location.hash = r;
    }, route);
    const heading = page
      .locator(`[id="${route.slice(2)}"]`)
      .locator('h1, h2, h3')
      .first();
    await heading.waitFor({ state: 'visible', timeout: 8000 });
    // Redoc may still be filling the section in when its heading first shows: wait for the title, do not sample once.
    if (title)
      await expect
        // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText, asserting the rendered text.
        .poll(() => heading.innerText(), { timeout: 5000, message: `${route} shows its title` })
        .toContain(title);
    await eventually(
      async () => {
        const box = await heading.boundingBox();
        return box && box.y >= 0 && box.y < VIEWPORT.height;
      },
      { timeout: 5000, message: `${route} scrolled into view` },
    );
  }

  beforeAll(async () => {
    spec = requireBuiltSite();
    entries = referenceEntries(spec);
    mkdirSync(resultsDir, { recursive: true });
    server = await serveDocs({ port: 0, root: distDir });
    browser = await launchChromium();
    context = await offlineContext(VIEWPORT);
  });

  /** A browser context that may load only from the local server, and records every window.open a page makes. */
  async function offlineContext(viewport) {
    const ctx = await browser.newContext({ viewport, serviceWorkers: 'block' });
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    await ctx.addInitScript(() => {
      const open = window.open;
      window.__opened = [];
      window.open = (...args) => {
        window.__opened.push(String(args[0]));
        return open.apply(window, args);
      };
    });
    return ctx;
  }

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the home page with navigation and a working search box', async () => {
    const page = await newPage();
    const res = await page.goto(`${server.url}/`);
    expect(res.status()).toBe(200);
    await waitForSearch(page);
    await expect(page.locator('.site-nav a', { hasText: 'API reference' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('#site-search').isEnabled()).resolves.toBe(true);
    await shot(page, 'home');
    await page.close();
  });

  it('shows every operation title and every webhook in the reference', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/reference.html`);
    await waitForRedoc(page);
    const items = entries.filter((e) => e.kind === 'Operation' || e.kind === 'Webhook');
    expect(items.filter((e) => e.kind === 'Webhook')).toHaveLength(9);
    expect(items.filter((e) => e.kind === 'Operation').length).toBe(
      Object.values(spec.paths)
        .flatMap((p) => Object.keys(p))
        .filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).length,
    );
    const menu = page.locator('.menu-content');
    for (const item of items) {
      const route = item.url.slice(item.url.indexOf('#'));
      await expectRouteVisible(page, route, item.title);
      // The side menu opens the item's group and shows its label.
      await menu.getByText(item.title, { exact: true }).first().waitFor({ state: 'visible', timeout: 5000 });
      if (item.id === 'operation:createSpvRequest') await shot(page, 'reference-operation');
      if (item.id === 'webhook:subscription.completed') await shot(page, 'reference-webhook');
    }
    await page.close();
  });

  it('shows the generated samples: curl and TypeScript SDK for an operation, a receiver for a webhook', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/reference.html`);
    await waitForRedoc(page);
    const op = entries.find((e) => e.id === 'operation:createSpvRequest');
    const route = op.url.slice(op.url.indexOf('#'));
    await expectRouteVisible(page, route, op.title);
    const section = page.locator(`[id="${route.slice(2)}"]`);
    const [curl, sdk] = spec.paths['/v1/spv-requests'].post['x-codeSamples'];
    // curl is the first sample and shows the spec's example body and Idempotency-Key
    await section
      .getByText(curl.source.split('\n')[0].trim(), { exact: false })
      .first()
      .waitFor({ state: 'visible', timeout: 5000 });
    await section.getByText('Idempotency-Key:', { exact: false }).first().waitFor({ state: 'visible', timeout: 5000 });
    // switching the sample language shows the SDK call
    await section.getByRole('button', { name: curl.label }).first().click();
    await page.getByRole('menuitem', { name: sdk.label }).first().click();
    await section
      .getByText('zest.spvRequests.create(', { exact: false })
      .first()
      .waitFor({ state: 'visible', timeout: 5000 });
    await shot(page, 'reference-sdk-sample');

    // A webhook shows its example payload, and a receiver sample for its own event type.
    const webhook = entries.find((e) => e.id === 'webhook:spv_request.completed');
    const webhookRoute = webhook.url.slice(webhook.url.indexOf('#'));
    await expectRouteVisible(page, webhookRoute, webhook.title);
    const webhookSection = page.locator(`[id="${webhookRoute.slice(2)}"]`);
    await webhookSection.getByText('"spv_request.completed"').first().waitFor({ state: 'visible', timeout: 5000 });
    await webhookSection
      .getByText("event.eventType !== 'spv_request.completed'", { exact: false })
      .first()
      .waitFor({ state: 'visible', timeout: 5000 });
    await shot(page, 'reference-webhook-receiver');
    await page.close();
  });

  it("keeps Redoc's links hash routes after hydration, so one opened in a new tab lands on the page", async () => {
    const page = await newPage();
    for (const file of ['reference.html', 'sandbox-admin.html']) {
      await page.goto(`${server.url}/${file}`);
      await waitForRedoc(page);
      const hrefs = await page
        .locator('#redoc a[href]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(
        hrefs.filter((h) => h.startsWith('/')),
        file,
      ).toEqual([]);
      expect(hrefs, file).toContain('#/webhooks');
      // Each page's download button serves its own document.
      const downloads = await page
        .locator('#redoc a[download]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(new Set(downloads), file).toEqual(
        new Set([file === 'reference.html' ? 'openapi.json' : 'sandbox-admin.openapi.json']),
      );
    }
    // What a new tab does with the Webhooks group link: load the page at that route.
    await page.goto(`${server.url}/reference.html#/webhooks`);
    await waitForRedoc(page);
    await expectRouteVisible(page, '#/webhooks/onspvrequestcreated', 'An SPV request was accepted');
    await page.close();
  });

  it('shows every schema in the reference', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/reference.html`);
    await waitForRedoc(page);
    const schemas = entries.filter((e) => e.kind === 'Schema');
    expect(schemas.length).toBe(Object.keys(spec.components.schemas).length);
    for (const s of schemas) await expectRouteVisible(page, s.url.slice(s.url.indexOf('#')), s.title);
    await page.close();
  });

  it('search finds an operation and opens it in the reference', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/reference.html`);
    await waitForRedoc(page);
    await waitForSearch(page);
    const target = entries.find((e) => e.id === 'operation:cancelSpvRequest');
    await page.locator('#site-search').click();
    await page.keyboard.type('cancel spv request', { delay: 10 });
    const result = page.locator('#site-search-results a', { hasText: target.title }).first();
    await result.waitFor({ state: 'visible', timeout: 5000 });
    await shot(page, 'search-results');
    await result.click();
    await expect(page.locator('#site-search-results').isHidden()).resolves.toBe(true);
    await expectRouteVisible(page, target.url.slice(target.url.indexOf('#')), target.title);
    await page.close();
  });

  it('search on a guide page finds an operation by operationId, a webhook and a guide section', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/quickstart.html`);
    await waitForSearch(page);
    const search = page.locator('#site-search');

    // operationId -> the reference page, with the operation on screen
    const upload = entries.find((e) => e.id === 'operation:uploadFundingReceipt');
    await search.fill('uploadFundingReceipt');
    await page.locator('#site-search-results a', { hasText: upload.title }).first().click();
    await page.waitForURL(/reference\.html#\//);
    await waitForRedoc(page);
    await expectRouteVisible(page, upload.url.slice(upload.url.indexOf('#')), upload.title);

    // event type -> the webhook (keyboard: Enter opens the first result)
    const webhook = entries.find((e) => e.id === 'webhook:funding_receipt.uploaded');
    await waitForSearch(page);
    await search.fill('funding_receipt.uploaded');
    await page.locator('#site-search-results a', { hasText: webhook.title }).first().waitFor({ state: 'visible' });
    await search.press('Enter');
    await expectRouteVisible(page, webhook.url.slice(webhook.url.indexOf('#')), webhook.title);

    // a guide heading -> that section of the guide
    const index = JSON.parse(readFileSync(join(distDir, 'search-index.json'), 'utf8'));
    const stored = Object.values(index.index.storedFields);
    const section = stored.find((d) => d.kind === 'Guide' && d.url.startsWith('idempotency.html#'));
    expect(section, 'the idempotency guide has sections in the index').toBeTruthy();
    await search.fill(section.title);
    await page.locator(`#site-search-results a[href="${section.url}"]`).click();
    await page.waitForURL((u) => u.pathname.endsWith('/idempotency.html'));
    const id = section.url.split('#')[1];
    await page.locator(`[id="${id}"]`).waitFor({ state: 'visible' });
    await shot(page, 'guide-section-from-search');
    await page.close();
  });

  it('keeps the partners’ navigation free of contributor pages, which have their own area', async () => {
    const titlesOf = (area) => NAV.filter((s) => s.area === area).flatMap((s) => s.items.map((i) => i.name));
    const page = await newPage();
    await page.goto(`${server.url}/quickstart.html`);
    const hrefs = () => page.locator('.site-nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const partnerLinks = await hrefs();
    for (const name of titlesOf('partners')) expect(partnerLinks).toContain(`${name}.html`);
    for (const name of titlesOf('contributors')) expect(partnerLinks).not.toContain(`${name}.html`);

    // The header's Contributors link opens the other area: its own pages, and a way back.
    await page.locator('.site-top a', { hasText: 'Contributors' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/contributing.html'));
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText reads the rendered text, which is what a reader sees.
    await expect(page.locator('.site-top a[aria-current="page"]').innerText()).resolves.toBe('Contributors');
    const contributorLinks = await hrefs();
    expect(contributorLinks).toEqual([
      ...titlesOf('contributors').map((n) => `${n}.html`),
      'quickstart.html',
      'reference.html',
    ]);
    await page.locator('.site-nav a[href="spec-style-guide.html"]').click();
    await page.waitForURL((u) => u.pathname.endsWith('/spec-style-guide.html'));
    await expect(page.locator('.site-nav a[aria-current="page"]').getAttribute('href')).resolves.toBe(
      'spec-style-guide.html',
    );
    await shot(page, 'contributors-area');
    await page.locator('.site-nav a', { hasText: 'Guides' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/quickstart.html'));
    await page.close();
  });

  it('search finds every operation taking a header, and the operations and schemas carrying a field', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/quickstart.html`);
    await waitForSearch(page);
    const search = page.locator('#site-search');
    const results = page.locator('#site-search-results a');
    const shown = async () => {
      await results.first().waitFor({ state: 'visible' });
      return results.evaluateAll((links) =>
        links.map((a) => ({
          kind: a.querySelector('.search-kind').textContent,
          title: a.querySelector('.search-title').textContent,
        })),
      );
    };

    const taking = listOperations(spec).filter((op) =>
      op.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
    );
    expect(taking.length).toBeGreaterThan(1);
    await search.fill('Idempotency-Key');
    const forHeader = await shown();
    const operations = forHeader.filter((r) => r.kind === 'Operation').map((r) => r.title);
    expect(operations.sort()).toEqual(taking.map((op) => op.summary).sort());
    // Contributor pages answer too, but after everything a partner reads.
    const kinds = forHeader.map((r) => r.kind);
    expect(kinds).toContain('Guide');
    if (kinds.includes('Contributors')) expect(kinds.lastIndexOf('Guide')).toBeLessThan(kinds.indexOf('Contributors'));
    await shot(page, 'search-header-name');

    // A webhook delivery header: every webhook, before any page that merely mentions it.
    await search.fill('');
    await page.locator('#site-search-results').waitFor({ state: 'hidden' });
    await search.fill('Zest-Signature');
    const forDelivery = await shown();
    const webhooks = entries.filter((e) => e.kind === 'Webhook');
    expect(forDelivery.slice(0, webhooks.length)).toEqual(
      expect.arrayContaining(webhooks.map((e) => ({ kind: 'Webhook', title: e.title }))),
    );

    // A field name: the operation that sends it and the schema that declares it, then open the schema.
    await search.fill('');
    await page.locator('#site-search-results').waitFor({ state: 'hidden' });
    await search.fill('partnerInvestorId');
    const forField = await shown();
    const bulk = entries.find((e) => e.id === 'operation:bulkCreateInvestors');
    const row = entries.find((e) => e.id === 'schema:InvestorCreateRow');
    expect(forField).toEqual(
      expect.arrayContaining([
        { kind: 'Operation', title: bulk.title },
        { kind: 'Schema', title: row.title },
      ]),
    );
    await results.filter({ hasText: row.title }).first().click();
    await page.waitForURL(/reference\.html#\//);
    await waitForRedoc(page);
    await expectRouteVisible(page, row.url.slice(row.url.indexOf('#')), row.title);
    await page.close();
  });

  it('resolves every link in the navigation and the guides', async () => {
    const page = await newPage();
    const { problems, visited, fragments, routes, external } = await crawlSite(page, server.url, {
      // Redoc renders these pages alone; the reference's links are checked through its routes.
      opaque: ['reference.html', 'sandbox-admin.html'],
    });
    expect(problems).toEqual([]);
    // Every guide page was reached from the navigation.
    const guides = readFileSync(join(distDir, 'index.html'), 'utf8')
      .match(/href="([\w-]+\.html)"/g)
      .map((m) => m.slice(6, -1));
    for (const g of guides) expect(visited.has(g), `${g} reachable`).toBe(true);
    // Links from the guides into the reference land on something visible.
    await page.goto(`${server.url}/reference.html`);
    await waitForRedoc(page);
    for (const route of routes) await expectRouteVisible(page, route);
    expect(visited.size).toBeGreaterThan(12);
    console.log(
      `[docs] crawled ${visited.size} pages, ${fragments.length} section links, ${routes.size} reference links, ${external} external text links`,
    );
    await page.goto(`${server.url}/quickstart.html`);
    await shot(page, 'guide-quickstart');
    await page.close();
  });

  it('the link crawler finds a dead link and a dead anchor on a fixture site (it can fail)', async () => {
    const fixture = await serveDocs({ port: 0, root: join(appDir, 'test', 'fixtures', 'dead-links') });
    const page = await context.newPage();
    try {
      const { problems, visited } = await crawlSite(page, fixture.url);
      expect(problems.sort()).toEqual([
        'dead anchor: index.html links to guide.html#no-such-section',
        'dead link: missing.html answered 404 (linked from index.html)',
      ]);
      expect([...visited.keys()].sort()).toEqual(['guide.html', 'index.html', 'missing.html']);
    } finally {
      await page.close();
      await fixture.stop();
    }
  });

  it('answers an unknown page with the 404 page', async () => {
    const page = await newPage();
    const res = await page.goto(`${server.url}${NOT_FOUND}`);
    expect(res.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' }).isVisible()).resolves.toBe(true);
    await page.close();
  });

  /** The results the search box shows for `query`: kind, title and link of each. */
  async function searchFor(page, query) {
    const search = page.locator('#site-search');
    await search.fill('');
    await page.locator('#site-search-results').waitFor({ state: 'hidden' });
    await search.fill(query);
    const results = page.locator('#site-search-results a');
    await results.first().waitFor({ state: 'visible' });
    return results.evaluateAll((links) =>
      links.map((a) => ({
        kind: a.querySelector('.search-kind').textContent,
        title: a.querySelector('.search-title').textContent,
        href: a.getAttribute('href'),
      })),
    );
  }

  it('search finds words deep in guide sections and operations by the events and errors they answer', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/quickstart.html`);
    await waitForSearch(page);
    const hrefs = async (q) => (await searchFor(page, q)).map((r) => r.href);
    expect((await hrefs('payload_too_large')).slice(0, 6)).toContain('errors.html#codes');
    expect(await hrefs('unsupported_media_type')).toContain('errors.html#codes');
    expect(await hrefs('already_exists')).toEqual(
      expect.arrayContaining([
        'idempotency.html#bulk-investor-onboarding',
        'reference.html#/investors/bulkcreateinvestors',
      ]),
    );
    // An event type: the webhook first, then the operation that emits it and the guide's list of events.
    const forEvent = await hrefs('investor.created');
    const webhook = entries.find((e) => e.id === 'webhook:investor.created');
    expect(forEvent[0]).toBe(webhook.url);
    expect(forEvent).toEqual(
      expect.arrayContaining(['reference.html#/investors/bulkcreateinvestors', 'webhooks.html#the-events']),
    );
    await shot(page, 'search-error-code');
    await page.close();
  });

  it('search finds every sandbox admin operation, labelled as such, and opens it on the admin page', async () => {
    const admin = JSON.parse(readFileSync(join(distDir, 'sandbox-admin.openapi.json'), 'utf8'));
    const adminOps = adminEntries(admin);
    expect(adminOps).toHaveLength(14);
    const page = await newPage();
    await page.goto(`${server.url}/sandbox-admin.html`);
    await waitForRedoc(page);
    await waitForSearch(page);
    for (const op of adminOps) {
      const [first] = await searchFor(page, op.operationId);
      expect(first, op.operationId).toEqual({ kind: ADMIN_KIND, title: op.title, href: op.url });
    }
    const approve = adminOps.find((e) => e.operationId === 'approveSpvRequest');
    await searchFor(page, approve.operationId);
    await page.locator('#site-search').press('Enter');
    await expectRouteVisible(page, approve.url.slice(approve.url.indexOf('#')), approve.title);
    for (const op of adminOps) await expectRouteVisible(page, op.url.slice(op.url.indexOf('#')), op.title);
    await shot(page, 'search-admin-operation');
    // From a partner page too, by its operationId.
    await page.goto(`${server.url}/quickstart.html`);
    await waitForSearch(page);
    expect((await searchFor(page, 'approveSpvRequest'))[0]).toMatchObject({ kind: ADMIN_KIND, href: approve.url });
    await page.close();
  });

  it('search keyboard: Escape closes and stays in the box, leaving the list closes it, the option is selected', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/quickstart.html`);
    await waitForSearch(page);
    const search = page.locator('#site-search');
    const list = page.locator('#site-search-results');
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
    await search.click();
    await page.keyboard.type('idempotency');
    await list.waitFor({ state: 'visible' });
    // Arrow keys move the highlight, and the highlighted option is the selected one.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const selected = await page
      .locator('#site-search-results li[role=option]')
      .evaluateAll((items) => items.map((li) => li.getAttribute('aria-selected')));
    expect(selected[1]).toBe('true');
    expect(selected.filter((v) => v === 'true')).toHaveLength(1);
    expect(selected.every((v) => v === 'true' || v === 'false')).toBe(true);
    await expect(search.getAttribute('aria-activedescendant')).resolves.toBe('site-search-option-1');
    // Escape in the box: the list closes, focus and query stay; a second Escape empties the box.
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
    expect(await focusedId()).toBe('site-search');
    await expect(search.inputValue()).resolves.toBe('idempotency');
    await expect(search.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('Escape');
    await expect(search.inputValue()).resolves.toBe('');
    // Escape on a focused result: the list closes and focus returns to the box.
    await page.keyboard.type('idempotency');
    await list.waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('#site-search-results') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
    expect(await focusedId()).toBe('site-search');
    // Tabbing past the last result closes the list; so does Shift+Tab out of the box.
    await page.keyboard.type(' key');
    await list.waitFor({ state: 'visible' });
    await page.locator('#site-search-results li:last-child a').focus();
    await page.keyboard.press('Tab');
    await list.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.closest('.site-search'))).toBeNull();
    await search.focus();
    await page.keyboard.type('s');
    await list.waitFor({ state: 'visible' });
    await page.keyboard.press('Shift+Tab');
    await list.waitFor({ state: 'hidden' });
    await page.close();
  });

  it('offers no action that sends a page, or anything in it, off the site', async () => {
    const page = await newPage();
    for (const file of REDOC_PAGES) {
      await page.goto(`${server.url}/${file}`);
      await waitForRedoc(page);
      await page.evaluate(() => {
        location.hash = '#/';
      });
      // Every heading keeps Redoc's local "Copy" button, and nothing more.
      await page.locator('#redoc [data-testid="page-actions"]').first().waitFor({ state: 'visible' });
      await expect(page.getByRole('button', { name: 'More actions' }).count(), file).resolves.toBe(0);
      for (const text of ['Open in ChatGPT', 'Open in Claude'])
        await expect(page.getByText(text).count(), `${file}: ${text}`).resolves.toBe(0);
    }
    // On every page: what points outside the site is a plain link in text, never a form, a menu action or a ping.
    const pages = readdirSync(distDir).filter((f) => f.endsWith('.html'));
    const external = new Set();
    for (const file of pages) {
      await page.goto(`${server.url}/${file}`);
      if (REDOC_PAGES.includes(file)) await waitForRedoc(page);
      const targets = await page.evaluate(() =>
        [...document.querySelectorAll('[href], [action], [formaction], [ping], [src]')].map((e) => ({
          tag: e.tagName,
          url: e.href?.baseVal ?? e.href ?? e.action ?? e.getAttribute('formaction') ?? e.src,
          ping: e.hasAttribute('ping'),
          inMenu: !!e.closest('[role=menu], [role=menubar]'),
        })),
      );
      for (const t of targets) {
        if (!t.url || isLocal(t.url) || t.url.startsWith('#')) continue;
        expect({ file, ...t }).toMatchObject({ tag: 'A', ping: false, inMenu: false });
        expect(t.url, file).toMatch(/^(https?:|mailto:)/);
        expect(t.url, file).not.toMatch(/chatgpt|openai|claude|anthropic/);
        const url = new URL(t.url);
        external.add(url.protocol === 'mailto:' ? 'mailto:' : url.origin);
      }
      await expect(
        page.evaluate(() => window.__opened),
        file,
      ).resolves.toEqual([]);
    }
    console.log(`[docs] external plain links point at: ${[...external].sort().join(', ')}`);
    await page.close();
  });

  it('works at 375 px: no sideways scrolling, header links reachable, the side menu folds above the content', async () => {
    const narrow = await offlineContext(NARROW);
    const page = await newPage(narrow);
    try {
      for (const file of readdirSync(distDir).filter((f) => f.endsWith('.html'))) {
        await page.goto(`${server.url}/${file}`);
        if (REDOC_PAGES.includes(file)) await waitForRedoc(page);
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        expect(scrollWidth, `${file} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
        for (const link of await page.locator('.site-top a').all()) {
          const box = await link.boundingBox();
          expect(box && box.width > 0 && box.x >= 0 && box.x + box.width <= NARROW.width, `${file} header link`).toBe(
            true,
          );
        }
        if (REDOC_PAGES.includes(file)) continue;
        // The menu is folded: the page's content starts on the first screen.
        await expect(
          page.locator('.site-nav-fold').evaluate((d) => d.open),
          file,
        ).resolves.toBe(false);
        const main = await page.locator('main').boundingBox();
        expect(main.y, `${file} content starts on screen`).toBeLessThan(NARROW.height / 2);
      }
      await page.goto(`${server.url}/errors.html`);
      await shot(page, 'narrow-errors');
      await page.locator('.site-nav-fold > summary').click();
      await page.locator('.site-nav a[href="webhooks.html"]').click();
      await page.waitForURL((u) => u.pathname.endsWith('/webhooks.html'));
      await shot(page, 'narrow-menu-used');
    } finally {
      await page.close();
      await narrow.close();
    }
  });

  it('keeps the side menu open and its toggle hidden on a wide screen', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/errors.html`);
    await expect(page.locator('.site-nav-fold').evaluate((d) => d.open)).resolves.toBe(true);
    await expect(page.locator('.site-nav-fold > summary').isVisible()).resolves.toBe(false);
    await expect(page.locator('.site-nav a[href="webhooks.html"]').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('a11y: h1 is the first heading, aria-current marks only the current page, a skip link reaches the content', async () => {
    const page = await newPage();
    const pages = readdirSync(distDir).filter((f) => f.endsWith('.html'));
    for (const file of pages) {
      await page.goto(`${server.url}/${file}`);
      const redoc = REDOC_PAGES.includes(file);
      if (redoc) await waitForRedoc(page);
      else
        await expect(
          page.evaluate(() => document.querySelector('h1, h2, h3, h4, h5, h6')?.tagName),
          `${file}: first heading`,
        ).resolves.toBe('H1');
      const current = await page
        .locator('[aria-current="page"]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      for (const href of current) expect(href, `${file}: aria-current`).toBe(file);
      // The skip link is the first stop of the keyboard and lands on the page's main content.
      await page.keyboard.press('Tab');
      await expect(
        page.evaluate(() => document.activeElement?.className),
        file,
      ).resolves.toBe('skip-link');
      await page.keyboard.press('Enter');
      const target = redoc ? 'redoc' : 'content';
      await expect(
        page.evaluate(() => location.hash),
        file,
      ).resolves.toBe(`#${target}`);
      await expect(page.locator(`#${target}`).isVisible(), file).resolves.toBe(true);
    }
    // A guide other than the section's first: the header shows its section without claiming to be this page.
    await page.goto(`${server.url}/errors.html`);
    await expect(page.locator('.site-top [aria-current]').count()).resolves.toBe(0);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText, the text a reader sees.
    await expect(page.locator('.site-top a.current-section').innerText()).resolves.toBe('Guides');
    await page.close();
  });

  it('logged no console errors, loaded nothing missing and attempted no request outside localhost', () => {
    expect(consoleErrors).toEqual([]);
    expect(badResponses).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
