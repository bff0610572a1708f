// The built main entry, unbundled, in real Chromium: no Node globals, no node:crypto, only Web Crypto and fetch.
// Runs the shared vectors, the assertion round trip with a browser-generated CryptoKey, the token provider against a
// loopback token endpoint, and the Request handler. Every non-loopback request is blocked.
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAssertion } from '../../src/index.js';
import { ed25519 } from '../helpers/keys.js';
import { vectors } from '../helpers/vectors.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const INSTALL = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium';

function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true' || process.env.CI === '1')
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} on CI. Install it: ${INSTALL}`);
  console.warn(`[auth] Chromium not found at ${CHROMIUM_PATH}: browser test skipped. Install it: ${INSTALL}`);
  return false;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const STATIC: Record<string, string> = {
  '/auth/': resolve(root, 'dist'),
  '/jose/': resolve(root, 'node_modules/jose/dist/webapi'),
};
const PAGE =
  '<!doctype html><meta charset="utf-8"><title>auth</title>' +
  '<script type="importmap">{"imports":{"jose":"/jose/index.js"}}</script>' +
  '<script type="module">import { run } from "/suite.js"; window.runSuite = run;</script>';
const SUITE = fileURLToPath(new URL('./in-page-suite.js', import.meta.url));
const CLIENT = 'client_browser';
const ISS = 'https://partner.example';

describe.skipIf(!chromiumAvailable())('main entry in Chromium (Web Crypto only)', () => {
  const pair = ed25519();
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let exchanges = 0;
  const assertionChecks: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
        return;
      }
      if (url.pathname === '/suite.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(SUITE));
        return;
      }
      if (url.pathname === '/vectors.json') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(readFileSync(resolve(root, 'test-vectors/webhook-signatures.json')));
        return;
      }
      if (url.pathname === '/v1/oauth2/tokens' && req.method === 'POST') {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', async () => {
          exchanges += 1;
          const form = new URLSearchParams(body);
          try {
            await verifyAssertion({
              assertion: form.get('assertion')!,
              audience: baseUrl,
              publicKey: pair.publicKey,
              issuer: ISS,
            });
            assertionChecks.push('ok');
            await new Promise((r) => setTimeout(r, 30));
            res
              .writeHead(201, { 'content-type': 'application/json' })
              .end(JSON.stringify({ accessToken: 'browser-token', expiresIn: 3600 }));
          } catch (error) {
            assertionChecks.push((error as { reason?: string }).reason ?? 'error');
            res
              .writeHead(401, { 'content-type': 'application/json' })
              .end(JSON.stringify({ code: 'invalid_token', detail: 'bad assertion', errorId: 'e' }));
          }
        });
        return;
      }
      for (const [prefix, dir] of Object.entries(STATIC)) {
        if (!url.pathname.startsWith(prefix)) continue;
        const file = resolve(dir, `.${url.pathname.slice(prefix.length - 1)}`);
        if (file.startsWith(dir) && existsSync(file) && extname(file) === '.js') {
          res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
          return;
        }
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it('verifies the shared vectors, signs, mints and verifies assertions, gets a token and handles a Request', async () => {
    const context = await browser.newContext();
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(baseUrl)) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(baseUrl);

    await page.waitForFunction(() => 'runSuite' in window, undefined, { timeout: 10_000 });
    const result = await page.evaluate(
      (args) =>
        (window as unknown as { runSuite: (a: typeof args) => Promise<Record<string, unknown>> }).runSuite(args),
      { privateJwk: pair.privateKey.export({ format: 'jwk' }), baseUrl, clientId: CLIENT, issuer: ISS },
    );

    expect(result.hasProcess).toBe(false);
    const expected = Object.fromEntries(vectors.map((v) => [v.name, v.expected.valid ? 'valid' : v.expected.reason]));
    expect(result.verdicts).toEqual(expected);
    const independent = createHmac('sha256', 'whsec_browser')
      .update(
        `1778150000.${JSON.stringify({ eventId: 'wde_browser', eventType: 'investor.created', occurredAt: '2026-05-07T12:00:00.000Z', data: {} })}`,
      )
      .digest('hex');
    expect(result.header).toBe(`t=1778150000,v1=${independent}`);
    expect(result.ownClient).toBe(CLIENT);
    expect(result.wrongAudience).toBe('audience_mismatch');
    expect(result.refusedKey).toBe('UnsupportedKeyError:unsupported_algorithm');
    expect(result.distinctTokens).toEqual(['browser-token']);
    expect(exchanges).toBe(1);
    expect(assertionChecks).toEqual(['ok']);
    expect(result.handlerStatuses).toEqual([200, 400]);
    expect(result.handlerBad).toEqual({ error: 'timestamp_outside_tolerance' });
    expect(result.events).toBe(1);
    expect(pageErrors).toEqual([]);
    expect(blocked).toEqual([]);
    await context.close();
  }, 60_000);
});
