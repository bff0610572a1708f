import { describe, expect, it } from 'vitest';
import { createZestClient, environments } from '../src/index.js';
import { json, scriptedFetch, sequence, spvCreate } from './helpers.js';

describe('createZestClient', () => {
  it('resolves an environment to its spec server, and lets baseUrl win', async () => {
    const fetch = scriptedFetch(sequence(json(200, { status: 'ok' })));
    const sandbox = createZestClient({ environment: 'sandbox', fetch });
    expect(sandbox.baseUrl).toBe(environments.sandbox);
    await sandbox.system.health();
    expect(fetch.calls[0]!.url.href).toBe(`${environments.sandbox}/public/hc`);

    const custom = createZestClient({ environment: 'production', baseUrl: 'http://127.0.0.1:8080/', fetch });
    expect(custom.baseUrl).toBe('http://127.0.0.1:8080');
  });

  it('refuses an unknown environment and a missing base URL with a clear TypeError', () => {
    expect(() => createZestClient({ environment: 'staging' as never })).toThrow(/Unknown environment "staging"/);
    expect(() => createZestClient({})).toThrow(/baseUrl|environment/);
  });

  it('sends the user agent, the client headers and per-call headers', async () => {
    const fetch = scriptedFetch(sequence(json(200, {})));
    const zest = createZestClient({
      baseUrl: 'http://127.0.0.1:1',
      fetch,
      auth: { accessToken: 'tok' },
      userAgent: 'acme-platform/2.3',
      headers: { 'X-Partner-Build': '42' },
    });
    await zest.contracts.listVersions({ headers: { 'X-Correlation-Id': 'c-1' } });
    const headers = fetch.calls[0]!.headers;
    expect(headers.get('User-Agent')).toBe('acme-platform/2.3');
    expect(headers.get('X-Partner-Build')).toBe('42');
    expect(headers.get('X-Correlation-Id')).toBe('c-1');
    expect(headers.get('Authorization')).toBe('Bearer tok');
  });

  it('sends no Authorization header without auth', async () => {
    const fetch = scriptedFetch(sequence(json(200, {})));
    await createZestClient({ baseUrl: 'http://127.0.0.1:1', fetch }).contracts.listVersions();
    expect(fetch.calls[0]!.headers.has('Authorization')).toBe(false);
  });

  it('puts a generated Idempotency-Key on the Request middleware sees, over a client-wide or blank one', async () => {
    const fetch = scriptedFetch(sequence(json(201, {}), json(201, {})));
    const zest = createZestClient({
      baseUrl: 'http://127.0.0.1:1',
      fetch,
      auth: { accessToken: 'tok' },
      headers: { 'Idempotency-Key': 'client-wide' },
    });
    const seen: Array<string | null> = [];
    zest.use({ onRequest: ({ request }) => void seen.push(request.headers.get('Idempotency-Key')) });
    const first = await zest.spvRequests.create(spvCreate);
    const second = await zest.spvRequests.create(spvCreate, { headers: { 'idempotency-key': ' ' } });
    expect(seen).toEqual([first.idempotencyKey, second.idempotencyKey]);
    expect(fetch.calls.map((c) => c.headers.get('Idempotency-Key'))).toEqual(seen);
    expect(new Set([...seen, 'client-wide']).size).toBe(3);
  });

  it('runs openapi-fetch middleware once per call, whatever the retries', async () => {
    const fetch = scriptedFetch(sequence(json(503, { code: 'service_unavailable' }), json(200, {})));
    const zest = createZestClient({ baseUrl: 'http://127.0.0.1:1', fetch, retry: { sleep: async () => {} } });
    const seen: number[] = [];
    zest.use({ onResponse: ({ response }) => void seen.push(response.status) });
    await zest.contracts.listVersions();
    expect(fetch.calls).toHaveLength(2);
    expect(seen).toEqual([200]);
  });
});
