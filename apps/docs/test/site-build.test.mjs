// The pieces of the build that do not need a browser: Markdown rendering and link checking, the changelog, the
// resource scanner, the search index, the static server, and the built output as a whole.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import '../assets/tokenize.js';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { Script } from 'node:vm';
import { listOperations, listSchemas, listWebhooks, propertyNames } from '@zestequity/spec-model';
import { serveDocs } from '../scripts/serve.mjs';
import { changelogMarkdown, parseChangeset } from '../src/changelog.mjs';
import { renderGuide } from '../src/markdown.mjs';
import { NAV } from '../src/nav.mjs';
import { operationRoute, redocSlug, schemaRoute } from '../src/redoc-anchors.mjs';
import { hashMenuLinks, inlineBundle, REDOC_BUNDLE, removeOffsiteActions } from '../src/reference.mjs';
import { externalResourcesIn, findExternalResources } from '../src/resource-scan.mjs';
import { adminEntries, answeredErrors, referenceEntries } from '../src/search-index.mjs';
import { distDir, requireBuiltSite } from './helpers.mjs';

const require = createRequire(import.meta.url);

/** A query as the page's search box runs it (assets/search.js), on a partner page or on the sandbox admin page. */
const pageSearch = (index, q, onAdminPage = false) =>
  index.search(q, { boostDocument: globalThis.zestBoostDocument(onAdminPage, q) });

const ctx = {
  resolveRef: (t) => ({ createSpvRequest: 'reference.html#/spv-requests/createspvrequest' })[t],
  guideNames: new Set(['errors', 'quickstart']),
  file: 'test.md',
};

describe('guide rendering', () => {
  it('rewrites guide and reference links and gives headings unique ids', () => {
    const md =
      '# Title\n\nSee [errors](errors.md#codes), [create](ref:createSpvRequest) and [x](https://example.org).\n\n## Step\n\n## Step\n';
    const g = renderGuide(md, ctx);
    expect(g.title).toBe('Title');
    expect(g.html).toContain('href="errors.html#codes"');
    expect(g.html).toContain('href="reference.html#/spv-requests/createspvrequest"');
    expect(g.html).toContain('rel="noopener noreferrer"');
    expect(g.headings.map((h) => h.id)).toEqual(['title', 'step', 'step-1']);
    expect(g.sectionText.get('title')).toContain('See errors');
  });

  it('gives a heading the explicit anchor above it instead of its slug, and refuses one used twice', () => {
    const md = '# Title\n\n<a id="servers"></a>\n\n## Servers and the `aud`\n\nText.\n\n## Servers\n';
    const g = renderGuide(md, ctx);
    expect(g.headings.map((h) => h.id)).toEqual(['title', 'servers', 'servers-1']);
    expect(g.headings[1].text).toBe('Servers and the aud');
    expect(g.html).toContain('<h2 id="servers">Servers and the <code>aud</code><a class="anchor" href="#servers"');
    expect(g.html).not.toContain('<a id="servers">');
    expect(() => renderGuide('# T\n\n<a id="x"></a>\n## A\n\n<a id="x"></a>\n## B\n', ctx)).toThrow(
      /"x" is used twice/,
    );
  });

  it.each([
    ['an unknown reference', '# T\n\n[x](ref:nope)', /unknown reference "ref:nope"/],
    ['a guide that does not exist', '# T\n\n[x](missing.md)', /does not exist/],
    ['an image (a resource load)', '# T\n\n![x](https://example.org/a.png)', /images are not supported/],
    ['a raw script tag', '# T\n\n<script src="x.js"></script>\n', /not allowed/],
    ['no title', 'text only', /starts with a "# Title"/],
  ])('refuses %s', (_, md, error) => {
    expect(() => renderGuide(md, ctx)).toThrow(error);
  });
});

describe('changelog', () => {
  it('parses a changeset and refuses an unknown bump', () => {
    expect(parseChangeset('---\n"@zestequity/a": minor\n---\n\nAdded x.\n', 'a.md')).toEqual({
      releases: { '@zestequity/a': 'minor' },
      summary: 'Added x.',
    });
    expect(() => parseChangeset('---\n"@zestequity/a": huge\n---\nx', 'a.md')).toThrow(/major, minor or patch/);
    expect(() => parseChangeset('no frontmatter', 'a.md')).toThrow(/frontmatter/);
  });

  it('lists pending changesets by package and nests released CHANGELOG.md files', () => {
    const root = mkdtempSync(join(tmpdir(), 'zest-changelog-'));
    mkdirSync(join(root, '.changeset'));
    mkdirSync(join(root, 'packages', 'a'), { recursive: true });
    writeFileSync(join(root, '.changeset', 'README.md'), '# not a changeset');
    writeFileSync(join(root, '.changeset', 'one.md'), '---\n"@zestequity/a": patch\n---\n\nFixed y.\n');
    writeFileSync(join(root, '.changeset', 'two.md'), '---\n"@zestequity/a": minor\n---\n\nAdded x.\n');
    writeFileSync(join(root, 'packages', 'a', 'package.json'), JSON.stringify({ name: '@zestequity/a' }));
    writeFileSync(
      join(root, 'packages', 'a', 'CHANGELOG.md'),
      '# @zestequity/a\n\n## 1.1.0\n\n### Minor Changes\n\n- Added w.\n',
    );
    const { markdown, pending, packages } = changelogMarkdown(root);
    expect([pending, packages]).toEqual([2, 1]);
    // minor before patch, under the package heading
    expect(markdown.indexOf('Added x.')).toBeLessThan(markdown.indexOf('Fixed y.'));
    expect(markdown).toContain('### @zestequity/a');
    expect(markdown).toContain('#### 1.1.0');
    expect(markdown).not.toContain('not a changeset');
  });
});

describe('resource scanner', () => {
  it.each([
    ['<script src="https://cdn.example/x.js"></script>'],
    ['<link rel="stylesheet" href="//fonts.example/css">'],
    ['<img alt="" src="http://img.example/a.png">'],
    ['body { background: url("https://img.example/bg.png") }'],
    ['@import url(https://fonts.example/a.css);'],
    ['import { x } from "https://cdn.example/mod.js";'],
    ['jsx("img", { src: e ? `https://cdn.example/logo.svg` : `x` })'],
  ])('finds %s', (text) => {
    expect(externalResourcesIn(text)).toHaveLength(1);
  });

  it('leaves plain links, XML namespaces and relative URLs alone', () => {
    const text =
      '<a href="https://redocly.com/redoc/">Redoc</a><svg xmlns="http://www.w3.org/2000/svg"></svg><script src="assets/search.js"></script><link href="assets/site.css" rel="stylesheet">';
    expect(externalResourcesIn(text)).toEqual([]);
  });
});

describe('redoc anchors', () => {
  it('slugs tags and operation ids the way Redoc routes them', () => {
    expect(redocSlug('SPV Requests')).toBe('spv-requests');
    expect(redocSlug('Subscription Fundings')).toBe('subscription-fundings');
    expect(operationRoute({ tags: ['SPV Requests'], operationId: 'createSpvRequest' })).toBe(
      '#/spv-requests/createspvrequest',
    );
    expect(schemaRoute('SpvRequestResponse')).toBe('#/schemas/spvrequestresponse');
    expect(() => operationRoute({ operationId: 'x' })).toThrow(/no tag/);
  });
});

describe('built site', () => {
  const spec = requireBuiltSite();
  const pages = readdirSync(distDir).filter((f) => f.endsWith('.html'));

  it('loads no resource from outside the site', async () => {
    expect(await findExternalResources(distDir)).toEqual([]);
    expect(readFileSync(join(distDir, 'reference.html'), 'utf8')).not.toContain('cdn.redoc.ly');
  });

  it('puts the header search box and the site scripts on every page', () => {
    for (const page of pages) {
      const html = readFileSync(join(distDir, page), 'utf8');
      expect(html, page).toContain('id="site-search"');
      expect(html, page).toContain('src="search-index.js"');
    }
  });

  it("renders the sandbox admin API as a second Redoc page, from the sandbox package's own document", () => {
    const html = readFileSync(join(distDir, 'sandbox-admin.html'), 'utf8');
    expect(html).toContain('<title>Sandbox admin API');
    // Drawn in the browser by the site's copy of Redoc, from the document embedded in the page.
    expect(html).toContain(`<script src="${REDOC_BUNDLE}"></script>`);
    expect(html).toContain('Redoc.init({');
    expect(html).toContain('"disableTelemetry":true');
    expect(html).not.toContain('cdn.redoc.ly');
    for (const operationId of ['approveSpvRequest', 'completeSubscription', 'redeliverWebhook', 'triggerWebhookEvent'])
      expect(html).toContain(operationId);
    expect(readFileSync(join(distDir, 'index.html'), 'utf8')).toContain('href="sandbox-admin.html"');
    expect(readFileSync(join(distDir, 'workflows.html'), 'utf8')).toContain('href="sandbox-admin.html"');
  });

  // Both Redoc pages were built with one configuration, so the admin page's download button served the Partner API.
  it.each([
    ['reference.html', 'openapi.json', '@zestequity/partner-api-spec/openapi.json'],
    ['sandbox-admin.html', 'sandbox-admin.openapi.json', '@zestequity/partner-sandbox/openapi.admin.json'],
  ])('gives %s a download button for its own document, %s', (page, file, source) => {
    const html = readFileSync(join(distDir, page), 'utf8');
    // The prerendered buttons (reference.html), and the options Redoc draws them from in the browser (both pages; the
    // browser test checks the buttons as drawn).
    const downloads = [
      ...[...html.matchAll(/<a href="([^"]+)"[^>]*\bdownload=/g)].map((m) => m[1]),
      ...[...html.matchAll(/"downloadUrls":(\[[^\]]*\])/g)].flatMap((m) => JSON.parse(m[1]).map((d) => d.url)),
    ];
    expect(downloads.length, page).toBeGreaterThan(page === 'reference.html' ? 1 : 0);
    expect(new Set(downloads)).toEqual(new Set([file]));
    const served = JSON.parse(readFileSync(join(distDir, file), 'utf8'));
    const original = JSON.parse(readFileSync(require.resolve(source), 'utf8'));
    expect(served.info.title).toBe(original.info.title);
    expect(Object.keys(served.paths)).toEqual(Object.keys(original.paths));
  });

  // The prerendered page's links; the sandbox admin page's are drawn by script, as hash routes (the browser test).
  it("links Redoc's menu groups by hash route, never by a root path the server does not have", () => {
    for (const page of ['reference.html']) {
      const html = readFileSync(join(distDir, page), 'utf8');
      expect(html.match(/ href="\/[^"]*"/g), page).toBeNull();
      expect(html, page).toContain(' href="#/webhooks" data-discover="true"');
    }
    expect(hashMenuLinks('<a class="x" href="/system" data-discover="true">').html).toBe(
      '<a class="x" href="#/system" data-discover="true">',
    );
  });

  // Redoc's "More actions" menu offered "Open in ChatGPT" and "Open in Claude", sending the spec to those sites.
  it('ships Redoc without the menu that opens the page in an external AI service', () => {
    // The reference inlines Redoc; the sandbox admin page loads the site's copy of it.
    for (const file of ['reference.html', REDOC_BUNDLE]) {
      const text = readFileSync(join(distDir, file), 'utf8');
      expect(text, file).not.toMatch(/if\(!\w+\.specUrl\)return/);
      expect(text, file).toContain('if(!0)return');
    }
    expect(readFileSync(join(distDir, 'sandbox-admin.html'), 'utf8')).not.toMatch(/specUrl/);
    expect(removeOffsiteActions('a;if(!r.specUrl)return(0,V.jsx)(k$,{});b')).toBe('a;if(!0)return(0,V.jsx)(k$,{});b');
    // A Redoc whose code changed shape fails the build instead of shipping the menu again.
    expect(() => removeOffsiteActions('no such check')).toThrow(/found 0/);
  });

  it('inlines the Redoc bundle with telemetry disabled', () => {
    const html = readFileSync(join(distDir, 'reference.html'), 'utf8');
    expect(html).toContain('hydrate(__redoc_definition');
    expect(html).toMatch(/"disableTelemetry":true/);
    expect(html).not.toMatch(/<script[^>]+src="http/);
    expect(html).not.toMatch(/<link rel="modulepreload"|import \{ hydrate \} from "/);
    // The bundle as build-docs --inlineBundle inlines it: an ES module, exporting what the page's script calls.
    expect(html).toContain(';export{RedocStandalone,hydrate,init};');
  });

  it("ships the site's copy of Redoc as a classic script (a module file would not load from file://)", () => {
    const bundle = readFileSync(join(distDir, REDOC_BUNDLE), 'utf8');
    // Compiles as a script (an `export` or `import.meta` would be a syntax error) and defines the global Redoc.
    expect(() => new Script(bundle, { filename: REDOC_BUNDLE })).not.toThrow();
    expect(bundle).toContain('window.Redoc={RedocStandalone,hydrate,init};');
    expect(externalResourcesIn(bundle)).toEqual([]);
  });

  it('inlines the patched bundle where build-docs imported it from the CDN, or fails the build', () => {
    const url = 'https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js';
    const page = `<head><link rel="modulepreload" href="${url}" integrity="sha384-x" crossorigin="anonymous" /></head>
<div id="redoc"></div>
      <script type="module">
      import { hydrate } from "${url}";
      hydrate(d, o, e);</script>`;
    const parts = inlineBundle.parts(page);
    expect(parts.join('')).not.toContain('cdn.redocly.com');
    // `$&` stays as written: the bundle is not a replacement pattern. `</script` is escaped as build-docs does.
    const bundle = "const{hydrate}=x;a='$&</script>';export{hydrate};";
    expect(inlineBundle.join(parts, bundle)).toBe(`<head></head>
<div id="redoc"></div>
      <script type="module">
      const{hydrate}=x;a='$&<\\/script>';export{hydrate};
      hydrate(d, o, e);</script>`);
    expect(() => inlineBundle.parts('<script type="module">hydrate(d, o, e);</script>')).toThrow(/found 0 and 0/);
  });

  it('ships a search index that finds operations, webhooks, schemas and guide sections', () => {
    const payload = JSON.parse(readFileSync(join(distDir, 'search-index.json'), 'utf8'));
    const index = globalThis.zestLoadSearchIndex(MiniSearch, payload);
    const top = (q) => pageSearch(index, q)[0];
    expect(top('createSpvRequest')).toMatchObject({
      kind: 'Operation',
      url: 'reference.html#/spv-requests/createspvrequest',
    });
    expect(top('/v1/spvs/{spvSlug}/subscriptions')).toMatchObject({ kind: 'Operation' });
    expect(top('subscription.completed')).toMatchObject({ kind: 'Webhook' });
    expect(top('InvestorRowResult')).toMatchObject({ kind: 'Schema' });
    expect(pageSearch(index, 'idempotency').some((r) => r.kind === 'Guide')).toBe(true);
    const kinds = new Set(Object.values(payload.index.storedFields).map((d) => d.kind));
    expect([...kinds].sort()).toEqual(['Contributors', 'Guide', 'Operation', 'Sandbox admin', 'Schema', 'Webhook']);
    expect(Object.keys(spec.webhooks)).toHaveLength(9);
  });
});

describe('search index contents', () => {
  const spec = requireBuiltSite();
  const admin = JSON.parse(readFileSync(join(distDir, 'sandbox-admin.openapi.json'), 'utf8'));
  const payload = JSON.parse(readFileSync(join(distDir, 'search-index.json'), 'utf8'));
  const index = globalThis.zestLoadSearchIndex(MiniSearch, payload);
  const urls = (q, n = 10) =>
    pageSearch(index, q)
      .slice(0, n)
      .map((r) => r.url);

  // Only the first 300 characters of each section and description were indexed: 112 of 123 guide sections are longer.
  it('indexes whole guide sections and descriptions, not their first 300 characters', () => {
    expect(urls('payload_too_large')).toContain('errors.html#codes');
    expect(urls('unsupported_media_type')).toContain('errors.html#codes');
    expect(urls('already_exists')).toEqual(
      expect.arrayContaining([
        'idempotency.html#bulk-investor-onboarding',
        'reference.html#/investors/bulkcreateinvestors',
      ]),
    );
    expect(urls('investor.created')).toContain('webhooks.html#the-events');
    // The result list shows titles and details only: the indexed text is not shipped a second time as stored fields.
    expect(payload.storeFields).not.toContain('text');
  });

  it('finds an operation by the events it emits and the error codes and statuses it answers, read from the spec', () => {
    const ops = listOperations(spec);
    const emitting = ops.filter((op) => op.node['x-zest-emits']?.length);
    expect(emitting.length).toBeGreaterThan(2);
    for (const op of emitting) {
      for (const event of op.node['x-zest-emits']) {
        const ids = pageSearch(index, event).map((r) => r.id);
        expect(ids, `${event} finds ${op.operationId}`).toContain(`operation:${op.operationId}`);
      }
    }
    const entries = new Map(referenceEntries(spec).map((e) => [e.id, e]));
    const upload = ops.find((op) => op.operationId === 'uploadFundingReceipt');
    expect(answeredErrors(spec, upload).split(' ')).toEqual(
      expect.arrayContaining(['413', 'payload_too_large', '415', 'unsupported_media_type']),
    );
    expect(entries.get('operation:uploadFundingReceipt').answers).toBe(answeredErrors(spec, upload));
    // Success statuses are not errors: no operation is listed for "200".
    expect(answeredErrors(spec, upload).split(' ')).not.toContain('200');
    const answering413 = ops.filter((op) => '413' in op.responses).map((op) => `operation:${op.operationId}`);
    const found = pageSearch(index, 'payload_too_large').map((r) => r.id);
    for (const id of answering413) expect(found, id).toContain(id);
  });

  it('indexes the sandbox admin operations, labelled and linked to their own page', () => {
    const adminOps = listOperations(admin);
    expect(adminOps).toHaveLength(14);
    const entries = adminEntries(admin);
    for (const op of adminOps) {
      // First by its operationId on its own page and on a partner page alike.
      expect(pageSearch(index, op.operationId, true)[0]?.id, op.operationId).toBe(`admin:${op.operationId}`);
      const [top] = pageSearch(index, op.operationId);
      expect(top, op.operationId).toMatchObject({ kind: 'Sandbox admin', id: `admin:${op.operationId}` });
      expect(top.url).toBe(`sandbox-admin.html${operationRoute(op.node)}`);
    }
    expect(entries.map((e) => e.kind)).toEqual(adminOps.map(() => 'Sandbox admin'));
    // Behind the Partner API's own answers on a partner page.
    expect(pageSearch(index, 'subscription.completed')[0]).toMatchObject({ kind: 'Webhook' });
  });
});

describe('navigation areas', () => {
  const navLinks = (page) => {
    const html = readFileSync(join(distDir, page), 'utf8');
    const nav = html.slice(
      html.indexOf('<nav class="site-nav"'),
      html.indexOf('</nav>', html.indexOf('<nav class="site-nav"')),
    );
    return [...nav.matchAll(/href="([\w-]+)\.html"/g)].map((m) => m[1]);
  };
  const names = (area) => NAV.filter((s) => s.area === area).flatMap((s) => s.items.map((i) => i.name));

  it('keeps contributor pages out of the partners’ side navigation and out of the home page cards', () => {
    requireBuiltSite();
    const contributors = names('contributors');
    expect(contributors).toEqual(
      expect.arrayContaining(['contributing', 'spec-style-guide', 'releasing', 'design-decisions']),
    );
    for (const page of [...names('partners').map((n) => `${n}.html`), 'index.html', '404.html']) {
      const links = navLinks(page);
      expect(links, page).toEqual(expect.arrayContaining(names('partners')));
      for (const name of contributors) expect(links, page).not.toContain(name);
    }
    const home = readFileSync(join(distDir, 'index.html'), 'utf8');
    for (const name of contributors) expect(home).not.toContain(`class="card" href="${name}.html"`);
  });

  it('gives contributor pages their own navigation, with one way back to the partner guides', () => {
    for (const name of names('contributors')) {
      const links = navLinks(`${name}.html`);
      expect(links, name).toEqual([...names('contributors'), 'quickstart', 'reference']);
      expect(readFileSync(join(distDir, `${name}.html`), 'utf8'), name).toMatch(
        name === 'contributing'
          ? /<a href="contributing\.html" class="current-section" aria-current="page">Contributors<\/a>/
          : /<a href="contributing\.html" class="current-section">Contributors<\/a>/,
      );
    }
  });
});

describe('search by header and field name', () => {
  const spec = requireBuiltSite();
  const payload = JSON.parse(readFileSync(join(distDir, 'search-index.json'), 'utf8'));
  const index = globalThis.zestLoadSearchIndex(MiniSearch, payload);

  // Every header an operation or a webhook declares, with what declares it: the webhooks' delivery headers
  // (Zest-Signature, Zest-Event-Id, Zest-Event-Type) were once missing from their entries, so a search for
  // Zest-Signature listed guides first and only some webhooks, and Zest-Event-Id listed an operation that has no such
  // header (the tokenizer split it into "zest", "event" and "id").
  it.each(['Idempotency-Key', 'Zest-Signature', 'Zest-Event-Id', 'Zest-Event-Type'])(
    'lists exactly what declares the %s header ahead of everything else',
    (header) => {
      const declaring = [...listOperations(spec), ...listWebhooks(spec)]
        .filter((op) => op.parameters.some((p) => p.in === 'header' && p.name === header))
        .map((op) => (op.kind === 'webhook' ? `webhook:${op.path}` : `operation:${op.operationId}`));
      expect(declaring.length, header).toBeGreaterThan(1);
      const ids = pageSearch(index, header).map((r) => r.id);
      expect(ids.slice(0, declaring.length).sort()).toEqual(declaring.sort());
      // Past them, only operations or webhooks whose description names the header (the tokenizer once split it and
      // matched any text saying "zest" and "id").
      const described = new Map(
        [...listOperations(spec), ...listWebhooks(spec)].map((op) => [
          op.kind === 'webhook' ? `webhook:${op.path}` : `operation:${op.operationId}`,
          op.description ?? '',
        ]),
      );
      for (const id of ids.slice(declaring.length).filter((i) => described.has(i)))
        expect(described.get(id), `${id} mentions ${header}`).toContain(header);
    },
  );

  it('keeps a hyphenated name whole as well as its parts', () => {
    expect(globalThis.zestTokenize('send Zest-Signature, then')).toEqual([
      'send',
      'Zest-Signature',
      'Zest',
      'Signature',
      'then',
    ]);
    expect(globalThis.zestTokenize('--webhook-url')).toEqual(['webhook-url', 'webhook', 'url']);
  });

  it('finds the operations, webhooks and schemas whose payloads carry a field', () => {
    const carrying = [
      ...[...listOperations(spec), ...listWebhooks(spec)]
        .filter((op) =>
          [
            ...Object.values(op.requestBody?.content ?? {}),
            ...Object.entries(op.responses)
              .filter(([s]) => s.startsWith('2'))
              .flatMap(([, r]) => Object.values(r.content)),
          ].some((m) => propertyNames(spec, m.schema).has('partnerInvestorId')),
        )
        .map((op) => (op.kind === 'webhook' ? `webhook:${op.path}` : `operation:${op.operationId}`)),
      ...listSchemas(spec)
        .filter((name) => propertyNames(spec, spec.components.schemas[name]).has('partnerInvestorId'))
        .map((name) => `schema:${name}`),
    ];
    expect(carrying).toContain('operation:bulkCreateInvestors');
    const found = new Set(pageSearch(index, 'partnerInvestorId').map((r) => r.id));
    for (const id of carrying) expect(found, id).toContain(id);
  });
});

describe('static server', () => {
  const get = (url, method = 'GET') =>
    new Promise((resolve, reject) => {
      const req = request(url, { method }, (res) => {
        let body = '';
        res
          .on('data', (c) => (body += c))
          .on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
      });
      req.on('error', reject).end();
    });

  it('serves pages with their types, 404s unknown paths and never leaves the site directory', async () => {
    requireBuiltSite();
    const { url, stop } = await serveDocs({ port: 0 });
    try {
      expect(await get(`${url}/`)).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
      expect(await get(`${url}/quickstart`)).toMatchObject({ status: 200 });
      expect(await get(`${url}/assets/site.css`)).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
      expect(await get(`${url}/nope.html`)).toMatchObject({ status: 404 });
      // A mistyped nested path still gets a styled not-found page whose links lead somewhere.
      const nested = await get(`${url}/guides/quickstart`);
      expect(nested).toMatchObject({ status: 404, type: 'text/html; charset=utf-8' });
      expect(nested.body).toContain('<base href="/">');
      expect(nested.body).toContain('href="assets/site.css"');
      for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%00']) {
        const res = await get(`${url}${p}`);
        expect(res.status, p).toBe(404);
        expect(res.body).not.toContain('"devDependencies"');
      }
      expect((await get(`${url}/`, 'POST')).status).toBe(405);
      // A request target no URL parser accepts is a 400, and the server is still there afterwards.
      const { hostname, port } = new URL(url);
      const socket = connect(Number(port), hostname);
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('error', () => {});
      socket.write(`GET http://[ HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
      await new Promise((resolve) => socket.once('close', resolve));
      expect(answer.split('\r\n', 1)[0]).toBe('HTTP/1.1 400 Bad Request');
      expect((await get(`${url}/`)).status).toBe(200);
    } finally {
      await stop();
    }
  });
});
