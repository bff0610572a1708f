// The built site in a real headless Chromium, with every request that does not go to the local server blocked and
// recorded: the reference shows every operation, webhook and schema; search finds things and takes you there; every
// link in the guides resolves; nothing logs an error; nothing tries to reach the network.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listOperations } from '@zestequity/spec-model';
import { chromiumAvailable, launchChromium } from '@zestequity/testing/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDocs } from '../scripts/serve.mjs';
import { NAV } from '../src/nav.mjs';
import { referenceEntries } from '../src/search-index.mjs';
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

  async function newPage() {
    const page = await context.newPage();
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
    context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
  });

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

  it('logged no console errors, loaded nothing missing and attempted no request outside localhost', () => {
    expect(consoleErrors).toEqual([]);
    expect(badResponses).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
