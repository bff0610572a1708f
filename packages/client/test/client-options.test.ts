// createZestClient options that would otherwise fail later, on the first call, with an error that does not name
// them (or not at all): each is refused when the client is created, and nothing reaches the local server.
import { describe, expect, it } from 'vitest';
import { createZestClient, type ZestClientOptions } from '../src/index.js';
import { answer, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();

const health = (res: import('node:http').ServerResponse) => answer(res, 200, { status: 'ok' });

describe('createZestClient refuses', () => {
  const cases: Array<[string, (url: string) => Record<string, unknown>, RegExp]> = [
    ['fetch a string', (url) => ({ baseUrl: url, fetch: 'fetch' }), /fetch must be a function/],
    ['fetch an object', (url) => ({ baseUrl: url, fetch: {} }), /fetch must be a function/],
    ['baseUrl a number', () => ({ baseUrl: 8080 }), /baseUrl/],
    ['baseUrl not a URL', () => ({ baseUrl: 'not a url' }), /baseUrl/],
    ['baseUrl not http(s)', () => ({ baseUrl: 'ftp://127.0.0.1' }), /baseUrl/],
    ['baseUrl with a query', (url) => ({ baseUrl: `${url}/?tenant=1` }), /baseUrl/],
    ['baseUrl with a fragment', (url) => ({ baseUrl: `${url}#x` }), /baseUrl/],
    ['environment toString', () => ({ environment: 'toString' }), /Unknown environment/],
    ['environment __proto__', () => ({ environment: '__proto__' }), /Unknown environment/],
    ['auth a string', (url) => ({ baseUrl: url, auth: 'token' }), /auth must be/],
    ['auth null', (url) => ({ baseUrl: url, auth: null }), /auth must be/],
    ['auth.accessToken empty', (url) => ({ baseUrl: url, auth: { accessToken: '' } }), /auth\.accessToken/],
    ['auth.accessToken a number', (url) => ({ baseUrl: url, auth: { accessToken: 42 } }), /auth\.accessToken/],
    ['throwOnError a string', (url) => ({ baseUrl: url, throwOnError: 'yes' }), /throwOnError/],
    ['throwOnError a number', (url) => ({ baseUrl: url, throwOnError: 1 }), /throwOnError/],
    ['timeoutMs 0.5', (url) => ({ baseUrl: url, timeoutMs: 0.5 }), /timeoutMs/],
  ];
  for (const [what, options, message] of cases) {
    it(`${what}, with an error that names the option`, async () => {
      const server = await loopback(health);
      let failure: unknown;
      try {
        await createZestClient(options(server.url) as ZestClientOptions).system.health();
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(Error);
      expect(['TypeError', 'RangeError']).toContain((failure as Error).name);
      expect((failure as Error).message).toMatch(message);
      expect(server.hits).toHaveLength(0);
    });
  }
});

describe('createZestClient accepts', () => {
  it('timeoutMs 0, a base URL with a path and a trailing slash, and a boolean throwOnError', async () => {
    const server = await loopback(health);
    const zest = createZestClient({ baseUrl: `${server.url}/api/`, timeoutMs: 0, throwOnError: true });
    expect(zest.baseUrl).toBe(`${server.url}/api`);
    const { data } = await zest.system.health();
    expect(data).toEqual({ status: 'ok' });
    expect(server.hits[0]!.url).toBe('/api/public/hc');
  });
});
