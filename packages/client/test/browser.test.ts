// The SDK in a real browser: the built main entry, bundled for the browser platform, runs in Chromium against a
// loopback server. It mints an EdDSA assertion with Web Crypto, retries with the same idempotency key, uploads a
// checked multipart body and walks pages. Every non-loopback request is blocked.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { makeTestPartner } from '@zestequity/testing';
import { type Browser, chromiumAvailable, launchChromium } from '@zestequity/testing/browser';
import { build } from 'esbuild';
import { importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const available = chromiumAvailable('client');

const { privateKeyPem: privatePem, publicKeyPem: publicPem } = makeTestPartner();

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let server: Server;
let origin: string;
let browser: Browser | undefined;
const received: Received[] = [];
let sdkBundle = '';
let createAttempts = 0;

const spvRequest = (slug: string) => ({
  spvRequestSlug: slug,
  status: 'pending-review',
  templateId: 'syndicate_secondary',
  templateVersion: '1.0.0',
  tenantSlug: 'acme',
  clientId: 'client_browser',
  attributes: {},
  createdAt: '2026-05-07T12:00:00.123Z',
  updatedAt: '2026-05-07T12:00:00.123Z',
});

async function answer(r: Received): Promise<{ status: number; body?: unknown; type?: string; text?: string }> {
  if (r.path === '/')
    return {
      status: 200,
      type: 'text/html',
      text: `<!doctype html><title>sdk</title><script type="module">import * as sdk from '/sdk.js'; window.sdk = sdk;</script>`,
    };
  if (r.path === '/sdk.js') return { status: 200, type: 'text/javascript', text: sdkBundle };
  if (r.path === '/v1/oauth2/tokens') {
    const assertion = new URLSearchParams(r.body.toString()).get('assertion')!;
    // Real verification of the browser-made signature.
    const { payload, protectedHeader } = await jwtVerify(assertion, await importSPKI(publicPem, 'EdDSA'), {
      audience: origin,
    });
    if (protectedHeader.alg !== 'EdDSA' || payload.sub !== 'client_browser')
      return { status: 401, body: { code: 'invalid_token' } };
    return { status: 201, body: { accessToken: 'browser-token', expiresIn: 3600 } };
  }
  if (r.headers.authorization !== 'Bearer browser-token')
    return { status: 401, body: { code: 'invalid_token', detail: 'no', errorId: 'e' } };
  if (r.path === '/v1/spv-requests' && r.method === 'POST') {
    createAttempts += 1;
    return createAttempts === 1
      ? { status: 503, body: { code: 'service_unavailable', detail: 'later', errorId: 'e' } }
      : { status: 201, body: spvRequest('svr_new') };
  }
  if (r.path.startsWith('/v1/spv-requests?')) {
    const page = Number(new URL(r.path, origin).searchParams.get('page'));
    const docs = page === 1 ? [spvRequest('svr_1'), spvRequest('svr_2')] : [spvRequest('svr_3')];
    return { status: 200, body: { documents: docs, count: 3, skip: (page - 1) * 2, limit: 2 } };
  }
  if (r.path.endsWith('/forms')) {
    return {
      status: 201,
      body: {
        subscriptionSlug: 's',
        spvSlug: 'veh_1',
        personId: 'psn_1',
        subscriptionFormUrl: 'http://127.0.0.1/f',
        uploadedAt: '2026-05-07T13:45:11.000Z',
      },
    };
  }
  return { status: 404, body: { code: 'not_found', detail: r.path, errorId: 'e' } };
}

beforeAll(async () => {
  if (!available) return;
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../dist/index.js', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  sdkBundle = result.outputFiles[0]!.text;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      if (r.path.startsWith('/v1/')) received.push(r);
      answer(r).then(
        (a) => {
          res.writeHead(a.status, { 'Content-Type': a.type ?? 'application/json' });
          res.end(a.text ?? JSON.stringify(a.body));
        },
        (error: Error) => {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ code: 'internal_error', detail: error.message, errorId: 'e' }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe.skipIf(!available)('in Chromium', () => {
  it('authenticates with Web Crypto, retries with one key, uploads and paginates', async () => {
    const context = await browser!.newContext({ serviceWorkers: 'block' });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin)) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    await page.goto(origin);
    await page.waitForFunction(() => 'sdk' in window);
    const outcome = await page.evaluate(
      async ({ privateKey }) => {
        // Loaded by the page as a module (vitest would rewrite an import() written here).
        const { createZestClient, ZestUploadError } = (window as unknown as { sdk: typeof import('../src/index.js') })
          .sdk;
        const zest = createZestClient({
          baseUrl: location.origin,
          auth: { clientId: 'client_browser', issuer: 'https://partner.example', privateKey },
          retry: { baseDelayMs: 1 },
        });
        const created = await zest.spvRequests.create({
          templateId: 'syndicate_secondary',
          templateVersion: '1.0.0',
          attributes: {},
        });
        const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');
        const form = await zest.subscriptions.uploadForm({
          spvSlug: 'veh_1',
          personId: 'psn_1',
          file: new File([pdf], 'signed.pdf'),
        });
        let refused = '';
        try {
          await zest.subscriptions.uploadForm({
            spvSlug: 'veh_1',
            personId: 'psn_1',
            file: new Blob(['not a pdf'], { type: 'text/plain' }),
          });
        } catch (error) {
          refused = error instanceof ZestUploadError ? error.reason : String(error);
        }
        const slugs: string[] = [];
        for await (const r of zest.spvRequests.list({ perPage: 2 })) slugs.push(r.spvRequestSlug);
        return {
          status: created.response.status,
          key: created.idempotencyKey,
          formStatus: form.response.status,
          refused,
          slugs,
        };
      },
      { privateKey: privatePem },
    );
    await context.close();

    expect(blocked).toEqual([]);
    expect(outcome).toMatchObject({
      status: 201,
      formStatus: 201,
      refused: 'unsupported_type',
      slugs: ['svr_1', 'svr_2', 'svr_3'],
    });
    const creates = received.filter((r) => r.path === '/v1/spv-requests' && r.method === 'POST');
    expect(creates).toHaveLength(2);
    expect(creates.map((r) => r.headers['idempotency-key'])).toEqual([outcome.key, outcome.key]);
    expect(creates[0]!.body.equals(creates[1]!.body)).toBe(true);
    const uploads = received.filter((r) => r.path.endsWith('/forms'));
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(uploads[0]!.body.toString()).toContain('filename="signed.pdf"');
    expect(uploads[0]!.body.toString()).toContain('Content-Type: application/pdf');
    expect(received.filter((r) => r.path === '/v1/oauth2/tokens')).toHaveLength(1);
  });
});
