// The sandbox is reachable from every web page the developer opens: a foreign Host (DNS rebinding) is refused on
// every route, and the admin API refuses cross-site browser requests and anything but JSON on POST/PUT.
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type Client, spvRequestBody, type TestPartner, useSandbox } from './helpers.js';
import { type RawAnswer, raw, rawExchange } from './raw-http.js';

let sandbox: Sandbox;
let partner: TestPartner;
let api: Client;

useSandbox((started) => ({ sandbox, partner, api } = started), {
  options: { allowedHosts: ['devbox.test', 'https://tunnel.example:8443/'] },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectRefused(answer: RawAnswer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.json?.code).toBe(code);
  expect(answer.json?.errorId).toMatch(UUID);
  expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
}

async function pendingRequest(): Promise<string> {
  const created = await api.call('POST', '/v1/spv-requests', {
    json: spvRequestBody(),
    idempotencyKey: crypto.randomUUID(),
  });
  return created.body.spvRequestSlug as string;
}

const clockOffset = async () => (await api.call('GET', '/sandbox/clock')).body.offsetSeconds as number;
const statusOf = (slug: string) => sandbox.store.get<{ status: string }>('spvRequests', slug)?.status;

describe('Host header (DNS rebinding)', () => {
  const port = () => sandbox.port;
  const FOREIGN = [
    'evil.example',
    'evil.example:80',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    'attacker.test:1234',
    '0.0.0.0',
    '[::2]',
    'localhost@evil.example',
  ];

  it('refuses every route when Host names something else, 403 in the envelope, without running anything', async () => {
    const slug = await pendingRequest();
    for (const host of FOREIGN) {
      for (const [method, path] of [
        ['GET', '/public/hc'],
        ['GET', '/v1/contracts'],
        ['GET', '/sandbox/spv-requests'],
        ['POST', `/sandbox/spv-requests/${slug}/approve`],
      ] as const) {
        const answer = await raw(sandbox.url, {
          method,
          path,
          headers: { host: host.includes(':') ? host : `${host}:${port()}`, 'content-type': 'application/json' },
        });
        expectRefused(answer, 403, 'forbidden');
      }
    }
    expect(statusOf(slug)).toBe('pending-review');
  });

  it('refuses a request without a Host header (HTTP/1.0)', async () => {
    const text = await rawExchange(sandbox.port, 'GET /public/hc HTTP/1.0\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.[01] 403 /);
    expect(text).toMatch(/"code":"forbidden"/);
  });

  it('serves loopback names, the bound address and configured hosts', async () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'LOCALHOST', 'devbox.test', 'tunnel.example']) {
      const answer = await raw(sandbox.url, { path: '/public/hc', headers: { host: `${host}:${port()}` } });
      expect(answer.status, `${host}: ${answer.text}`).toBe(200);
    }
  });
});

describe('admin API and the browser', () => {
  it('refuses a text/plain POST from a foreign Origin: the clock does not move, nothing is approved', async () => {
    const slug = await pendingRequest();
    for (const origin of [
      'http://evil.example',
      'null',
      `http://localhost:${sandbox.port + 1}`,
      'https://localhost',
      'file://',
    ]) {
      for (const type of ['text/plain', 'application/json']) {
        expectRefused(
          await raw(sandbox.url, {
            method: 'POST',
            path: '/sandbox/clock',
            headers: { origin, 'content-type': type },
            body: '{"advanceSeconds":3600}',
          }),
          403,
          'forbidden',
        );
        expectRefused(
          await raw(sandbox.url, {
            method: 'POST',
            path: `/sandbox/spv-requests/${slug}/approve`,
            headers: { origin, 'content-type': type },
          }),
          403,
          'forbidden',
        );
      }
    }
    expect(await clockOffset()).toBe(0);
    expect(statusOf(slug)).toBe('pending-review');
  });

  it('refuses what the browser marks as cross-site or same-site (another port of localhost), also on GET', async () => {
    for (const site of ['cross-site', 'same-site']) {
      expectRefused(
        await raw(sandbox.url, { path: '/sandbox/webhook-deliveries', headers: { 'sec-fetch-site': site } }),
        403,
        'forbidden',
      );
      expectRefused(
        await raw(sandbox.url, {
          method: 'PUT',
          path: '/sandbox/faults',
          headers: { 'sec-fetch-site': site, 'content-type': 'application/json' },
          body: '{"serviceUnavailable":{"probability":1}}',
        }),
        403,
        'forbidden',
      );
    }
    expect((await api.call('GET', '/sandbox/faults')).body).toEqual({});
  });

  it('requires Content-Type: application/json on admin POST and PUT, bodies or not (415)', async () => {
    const slug = await pendingRequest();
    for (const type of [
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      expectRefused(
        await raw(sandbox.url, { method: 'POST', path: `/sandbox/spv-requests/${slug}/approve`, headers }),
        415,
        'unsupported_media_type',
      );
      expectRefused(
        await raw(sandbox.url, { method: 'POST', path: '/sandbox/clock', headers, body: '{"advanceSeconds":60}' }),
        415,
        'unsupported_media_type',
      );
    }
    expect(await clockOffset()).toBe(0);
    expect(statusOf(slug)).toBe('pending-review');
  });

  it('serves its own origin, same-origin and user-initiated browser requests, and non-browser clients', async () => {
    const slug = await pendingRequest();
    const own = `http://127.0.0.1:${sandbox.port}`;
    const approve = await raw(sandbox.url, {
      method: 'POST',
      path: `/sandbox/spv-requests/${slug}/approve`,
      headers: { origin: own, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
    });
    expect(approve.status, approve.text).toBe(200);
    const clock = await raw(sandbox.url, {
      method: 'POST',
      path: '/sandbox/clock',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"advanceSeconds":1}',
    });
    expect(clock.status, clock.text).toBe(200);
    const typed = await raw(sandbox.url, {
      path: '/sandbox/clock',
      headers: {
        'sec-fetch-site': 'none',
        host: `localhost:${sandbox.port}`,
        origin: `http://localhost:${sandbox.port}`,
      },
    });
    expect(typed.status, typed.text).toBe(200);
  });

  it('leaves /v1 to its bearer tokens: a cross-origin call is judged like any other', async () => {
    const answer = await raw(sandbox.url, {
      path: '/v1/contracts',
      headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });
});
