// One error taxonomy: every error class the SDK exports descends from ZestError and has a `code`, and the catch chain
// that docs/errors.md shows handles each of them, produced the way a partner meets it. Runs against the built package
// (the same import a partner writes), so the classes are the ones a partner's `instanceof` sees.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import * as sdk from '@zestequity/partner-api-client';
import { createZestClient, ZestError } from '@zestequity/partner-api-client';
import { makeTestPartner } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from './guide/catch-chain.js';

const GUIDE = new URL('../../../docs/errors.md', import.meta.url);
const CHAIN = new URL('./guide/catch-chain.ts', import.meta.url);

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const credentials = makeTestPartner().credentials;
const instant = { maxAttempts: 2, sleep: async () => {} };
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

// Zest "down": a real listener on a loopback port we hold for the whole test, resetting every connection it accepts,
// so node's own fetch fails with "fetch failed" caused by ECONNRESET. No port is closed and reused.
let resetting: Server;
let downUrl = '';
beforeAll(async () => {
  resetting = createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
  const address = resetting.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  downUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => resetting.close(() => resolve())));

/** How a partner meets each error class, and what the guide's chain must say about it. */
const scenarios: Record<string, { produce: () => Promise<unknown>; says: RegExp }> = {
  ZestApiError: {
    produce: () =>
      createZestClient({
        baseUrl: 'https://zest.test',
        fetch: async () => json(404, { code: 'not_found', detail: 'no such request', errorId: 'e1' }),
        throwOnError: true,
      }).spvRequests.get('svr_missing'),
    says: /^API error 404 not_found, errorId e1: no such request/,
  },
  ZestNetworkError: {
    // The API unreachable on the very first call: the token exchange is what fails, and it is still a network error.
    produce: () => createZestClient({ baseUrl: downUrl, auth: credentials, retry: instant }).spvRequests.get('svr_1'),
    says: /^unreachable after 2 attempt\(s\): Token exchange at http:\/\/127\.0\.0\.1:\d+\/v1\/oauth2\/tokens failed before a response: fetch failed \(.*ECONNRESET/,
  },
  ZestTimeoutError: {
    produce: () =>
      createZestClient({
        baseUrl: 'https://zest.test',
        auth: credentials,
        retry: false,
        // What AbortSignal.timeout makes fetch reject with, thrown at once: no clock decides this outcome.
        fetch: async () => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      }).auth.info(),
    says: /^timed out after 1 attempt\(s\): Token exchange at https:\/\/zest\.test\/v1\/oauth2\/tokens got no response within 30000 ms/,
  },
  ZestUploadError: {
    produce: () =>
      createZestClient({ baseUrl: 'https://zest.test', fetch: async () => json(500, {}) }).subscriptions.uploadForm({
        spvSlug: 'veh_1',
        personId: 'psn_1',
        file: { data: new Uint8Array(0) },
      }),
    says: /^not uploaded \(empty\): File is empty\./,
  },
  TokenExchangeError: {
    produce: () =>
      createZestClient({
        baseUrl: 'https://zest.test',
        auth: credentials,
        fetch: async () => json(401, { code: 'invalid_token', detail: 'bad signature', errorId: 'e2' }),
      }).auth.info(),
    says: /^credentials refused \(invalid_token\), errorId e2: Token exchange failed with 401 invalid_token/,
  },
  UnsupportedKeyError: {
    // A PEM is only parsed when the first token is needed, so the first call is what throws.
    produce: () =>
      createZestClient({
        baseUrl: 'https://zest.test',
        auth: { ...credentials, privateKey: rsa },
        fetch: async () => json(500, {}),
      }).auth.info(),
    says: /^UnsupportedKeyError \(unsupported_algorithm\): /,
  },
};

/** Every class the package exports that instances of Error come from. */
const errorClasses = (Object.entries(sdk) as Array<[string, unknown]>).filter(
  (entry): entry is [string, abstract new (...args: never[]) => Error] =>
    typeof entry[1] === 'function' && (entry[1] as { prototype?: unknown }).prototype instanceof Error,
);

describe('the error taxonomy', () => {
  it('has one base: every exported error class is a ZestError', () => {
    expect(errorClasses.length).toBeGreaterThan(1);
    for (const [name, cls] of errorClasses) {
      if (cls !== ZestError) expect(cls.prototype, name).toBeInstanceOf(ZestError);
    }
  });

  it('has a scenario for every exported error class but the base, which is never thrown itself', () => {
    const thrown = errorClasses.map(([name]) => name).filter((name) => name !== 'ZestError');
    expect(Object.keys(scenarios).sort()).toEqual(thrown.sort());
  });

  it.each(Object.entries(scenarios))("the guide's catch chain handles %s", async (name, { produce, says }) => {
    const error = await produce().then(
      () => expect.unreachable(`${name}: nothing was thrown`),
      (e: unknown) => e,
    );
    expect((error as Error).constructor.name).toBe(name);
    expect(error).toBeInstanceOf(ZestError);
    expect(typeof (error as ZestError).code).toBe('string');
    expect(explain(error)).toMatch(says);
  });

  it('names the cause of a failed call in its message too, not only "fetch failed"', async () => {
    const zest = createZestClient({ baseUrl: downUrl, auth: { accessToken: 't' }, retry: instant });
    const error = (await zest.system.health().catch((e: unknown) => e)) as sdk.ZestNetworkError;
    expect(error).toBeInstanceOf(sdk.ZestNetworkError);
    expect(error.code).toBe('network_error');
    expect(error.message).toMatch(
      /^Request to http:\/\/127\.0\.0\.1:\d+\/public\/hc failed: fetch failed \(.*ECONNRESET/,
    );
  });

  it('lets anything that is not from the SDK through', () => {
    const bug = new RangeError('a bug in the caller');
    expect(() => explain(bug)).toThrow(bug);
  });

  it('is the chain docs/errors.md shows, word for word', () => {
    const shown = readFileSync(CHAIN, 'utf8')
      .replace(/\nexport \{ explain \};\n$/, '\n')
      .trim();
    expect(readFileSync(GUIDE, 'utf8')).toContain(shown);
  });
});
