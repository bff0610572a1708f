import { generateKeyPairSync } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AUTH_CONSTANTS,
  createTokenProvider,
  TokenExchangeError,
  type TokenProviderOptions,
  UnsupportedKeyError,
  verifyAssertion,
} from '../../src/index.js';
import { ed25519 } from '../helpers/keys.js';
import { type ScriptedAnswer, startTokenServer, type TokenServer } from '../helpers/token-server.js';

const pair = ed25519();
const CLIENT = 'client_xyz';
const ISS = 'https://partner.example';
const T0 = 1778150000_000;

let server: TokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(answer: (index: number) => ScriptedAnswer) {
  server = await startTokenServer((_req, i) => answer(i));
  return server;
}

const issued = (i: number, extra: Record<string, unknown> = {}): ScriptedAnswer => ({
  status: 201,
  body: { accessToken: `token-${i}`, tokenType: 'Bearer', expiresIn: 3600, ...extra },
});

function provider(url: string, extra: Partial<TokenProviderOptions> = {}) {
  return createTokenProvider({ baseUrl: url, clientId: CLIENT, issuer: ISS, privateKey: pair.privatePem, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<TokenExchangeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenExchangeError);
  return error as TokenExchangeError;
}

describe('createTokenProvider', () => {
  it('exchanges a valid EdDSA assertion, form-encoded, at POST /v1/oauth2/tokens (201)', async () => {
    const s = await serve((i) => issued(i));
    expect(await provider(s.url).getToken()).toBe('token-0');
    const [request] = s.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/oauth2/tokens' });
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.headers.authorization).toBeUndefined();
    expect([...request!.form.keys()].sort()).toEqual(['assertion', 'grant_type']);
    expect(request!.form.get('grant_type')).toBe(AUTH_CONSTANTS.jwtBearerGrantType);
    // The server side of the same package accepts it, with aud = the base URL exactly.
    const verified = await verifyAssertion({
      assertion: request!.form.get('assertion')!,
      audience: s.url,
      publicKey: pair.publicPem,
      issuer: ISS,
    });
    expect(verified.claims).toMatchObject({ sub: CLIENT, client_id: CLIENT, iss: ISS, aud: s.url });
    expect(verified.claims.exp - verified.claims.iat).toBe(60);
  });

  it('accepts 200 as well, and a minimal body with only accessToken', async () => {
    const s = await serve(() => ({ status: 200, body: { accessToken: 'only-token' } }));
    expect(await provider(s.url).getToken()).toBe('only-token');
  });

  it('ignores a trailing slash on baseUrl for both the path and the audience', async () => {
    const s = await serve((i) => issued(i));
    await provider(`${s.url}/`).getToken();
    expect(s.requests[0]!.path).toBe('/v1/oauth2/tokens');
    await expect(
      verifyAssertion({ assertion: s.requests[0]!.form.get('assertion')!, audience: s.url, publicKey: pair.publicPem }),
    ).resolves.toBeTruthy();
  });

  it('caches the token until refreshBeforeSeconds before expiresIn, then renews', async () => {
    let clock = T0;
    const s = await serve((i) => issued(i, { expiresIn: 600 }));
    const tokens = provider(s.url, { now: () => clock, refreshBeforeSeconds: 60 });
    expect(await tokens.getToken()).toBe('token-0');
    clock = T0 + 540_000 - 1;
    expect(await tokens.getToken()).toBe('token-0');
    expect(s.requests).toHaveLength(1);
    clock = T0 + 540_000;
    expect(await tokens.getToken()).toBe('token-1');
    expect(s.requests).toHaveLength(2);
  });

  it('assumes 3600 s when expiresIn is absent (or unusable)', async () => {
    for (const expiresIn of [undefined, 'soon', -5]) {
      let clock = T0;
      const s = await startTokenServer((_r, i) => ({ status: 201, body: { accessToken: `t${i}`, expiresIn } }));
      const tokens = provider(s.url, { now: () => clock });
      await tokens.getToken();
      clock = T0 + 3540_000 - 1;
      await tokens.getToken();
      expect(s.requests).toHaveLength(1);
      clock = T0 + 3540_000;
      expect(await tokens.getToken()).toBe('t1');
      await s.close();
    }
  });

  it('caps the refresh margin at half of a short lifetime instead of renewing on every call', async () => {
    let clock = T0;
    const s = await serve((i) => issued(i, { expiresIn: 10 }));
    const tokens = provider(s.url, { now: () => clock, refreshBeforeSeconds: 60 });
    await tokens.getToken();
    clock = T0 + 4_999;
    await tokens.getToken();
    expect(s.requests).toHaveLength(1);
    clock = T0 + 5_000;
    await tokens.getToken();
    expect(s.requests).toHaveLength(2);
  });

  it('makes exactly one exchange for 1,000 concurrent getToken() calls', async () => {
    const s = await serve((i) => ({ ...issued(i), delayMs: 50 }));
    const tokens = provider(s.url);
    const results = await Promise.all(Array.from({ length: 1000 }, () => tokens.getToken()));
    expect(new Set(results)).toEqual(new Set(['token-0']));
    expect(s.requests).toHaveLength(1);
  });

  it('surfaces the partner error envelope as a typed error, and never caches the failure', async () => {
    const s = await serve((i) =>
      i === 0
        ? {
            status: 500,
            body: {
              code: 'internal_error',
              detail: 'Something went wrong',
              errorId: '1f1a4b3e-7c0e-4ed3-9abe-3cbef1f17c1f',
            },
          }
        : issued(i),
    );
    const tokens = provider(s.url);
    const error = await failure(tokens.getToken());
    expect(error).toMatchObject({
      status: 500,
      code: 'internal_error',
      detail: 'Something went wrong',
      errorId: '1f1a4b3e-7c0e-4ed3-9abe-3cbef1f17c1f',
    });
    expect(error.message).toContain('1f1a4b3e-7c0e-4ed3-9abe-3cbef1f17c1f');
    expect(await tokens.getToken()).toBe('token-1');
    expect(s.requests).toHaveLength(2);
  });

  it('explains the usual causes of 401 invalid_token', async () => {
    const s = await serve(() => ({
      status: 401,
      body: {
        code: 'invalid_token',
        detail: 'The assertion audience does not match this environment.',
        errorId: '2a9c8e7f-6d5b-4c3a-9e1f-0a2b3c4d5e6f',
      },
    }));
    const error = await failure(provider(s.url).getToken());
    expect(error).toMatchObject({ status: 401, code: 'invalid_token' });
    expect(error.message).toMatch(/aud.*clock/s);
  });

  it('shares one failing exchange between concurrent callers: all see the same error', async () => {
    const s = await serve(() => ({
      status: 503,
      body: { code: 'service_unavailable', detail: 'down', errorId: 'e' },
      delayMs: 20,
    }));
    const tokens = provider(s.url);
    const errors = await Promise.all(Array.from({ length: 20 }, () => failure(tokens.getToken())));
    expect(new Set(errors).size).toBe(1);
    expect(errors[0]!.code).toBe('service_unavailable');
    expect(s.requests).toHaveLength(1);
  });

  it('normalises the framework 422, non-envelope errors and a 2xx without a token', async () => {
    const s = await serve(
      (i) =>
        [
          { status: 422, body: { detail: [{ loc: ['body', 'assertion'], msg: 'Field required', type: 'missing' }] } },
          { status: 502, body: '<html>Bad gateway</html>', contentType: 'text/html' },
          { status: 201, body: { tokenType: 'Bearer' } },
        ][i]!,
    );
    const tokens = provider(s.url);
    expect(await failure(tokens.getToken())).toMatchObject({
      status: 422,
      code: 'validation_error',
      detail: 'Field required',
    });
    expect(await failure(tokens.getToken())).toMatchObject({
      status: 502,
      code: 'unexpected_response',
      detail: '<html>Bad gateway</html>',
    });
    expect(await failure(tokens.getToken())).toMatchObject({ status: 201, code: 'invalid_response' });
  });

  it('reports how long the token endpoint asked to wait (Retry-After, seconds or HTTP-date) as retryAfterMs', async () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    const answers: Array<[Record<string, string>, number | undefined]> = [
      [{ 'retry-after': '7' }, 7000],
      [{ 'retry-after': 'Fri, 04 Dec 2026 10:00:30 GMT' }, 30_000],
      [{ 'retry-after': 'Fri, 04 Dec 2026 09:00:00 GMT' }, 0],
      // RFC 850 and asctime, the two other forms RFC 9110 says a recipient must read.
      [{ 'retry-after': 'Friday, 04-Dec-26 10:00:20 GMT' }, 20_000],
      [{ 'retry-after': 'Fri Dec  4 10:00:45 2026' }, 45_000],
      [{ 'retry-after': '-5' }, undefined],
      [{ 'retry-after': '1.5' }, undefined],
      [{}, undefined],
    ];
    const s = await serve((i) => ({
      status: i % 2 ? 503 : 429,
      body: { code: i % 2 ? 'service_unavailable' : 'rate_limited', detail: 'slow down', errorId: 'e' },
      headers: answers[i]![0],
    }));
    const tokens = provider(s.url, { now: () => now });
    for (const [headers, retryAfterMs] of answers) {
      const error = await failure(tokens.getToken());
      expect(error, JSON.stringify(headers)).toBeInstanceOf(TokenExchangeError);
      expect(error.retryAfterMs, JSON.stringify(headers)).toBe(retryAfterMs);
    }
  });

  it('reads a 422 whose detail items are not objects as validation_error, not a TypeError', async () => {
    const s = await serve(() => ({ status: 422, body: { detail: [null, 5, { msg: 'field required' }] } }));
    const error = await failure(provider(s.url).getToken());
    expect(error).toMatchObject({ status: 422, code: 'validation_error', detail: 'field required' });
  });

  it('refuses a missing options object and a `now` that is not a function with their own message', () => {
    expect(() => createTokenProvider(undefined as never)).toThrow('createTokenProvider() needs an options object.');
    expect(() => provider('https://sandbox.api.zestequity.com', { now: 1778150000_000 as never })).toThrow(
      /^`now` must be a function/,
    );
  });

  it('exchanges with a PEM key that has a leading newline, as environment variables often hold it', async () => {
    const s = await serve((i) => issued(i));
    expect(await provider(s.url, { privateKey: `\n${pair.privatePem}` }).getToken()).toBe('token-0');
  });

  it('wraps connection failures and timeouts', async () => {
    // A listener that hangs up on every connection, held open for the whole test: a closed port could be reused by
    // anything else on the machine before the request is sent.
    const hangUp = createNetServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    try {
      const refused = await failure(provider(`http://127.0.0.1:${(hangUp.address() as AddressInfo).port}`).getToken());
      expect(refused).toMatchObject({ code: 'network_error', status: undefined });
      expect(refused.cause).toBeDefined();
      // The useful part of the failure is in the message (the socket error), not only "fetch failed".
      expect(refused.message).toMatch(/failed before a response: fetch failed \(.+\)/);
    } finally {
      await new Promise((resolve) => hangUp.close(resolve));
    }

    const s = await serve(() => ({ status: 201, delayMs: Infinity }));
    const slow = await failure(provider(s.url, { timeoutMs: 150 }).getToken());
    expect(slow.code).toBe('timeout');
  });

  it('takes a fractional timeoutMs, and refuses one longer than a timer can wait', async () => {
    const s = await serve((i) => issued(i));
    expect(await provider(s.url, { timeoutMs: 1500.5 }).getToken()).toBe('token-0');
    for (const timeoutMs of [2 ** 31, 1e12, 0, -1, Number.NaN])
      expect(() => provider(s.url, { timeoutMs }), String(timeoutMs)).toThrow(TypeError);
  });

  it('does not follow a redirect, so the signed assertion never reaches another URL', async () => {
    const listen = async (handler: Parameters<typeof createHttpServer>[1]) => {
      const http: Server = createHttpServer(handler);
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      return { http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
    };
    let elsewhere = 0;
    const other = await listen((_req, res) => {
      elsewhere++;
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"accessToken":"from-elsewhere"}');
    });
    const redirecting = await listen((req, res) => {
      req.resume();
      res.writeHead(307, { location: `${other.url}/v1/oauth2/tokens` }).end();
    });
    try {
      const error = await failure(provider(redirecting.url).getToken());
      expect(error).toMatchObject({ code: 'unexpected_response', status: 307 });
      expect(error.message).toContain(`redirect to ${other.url}/v1/oauth2/tokens`);
      expect(elsewhere).toBe(0);
    } finally {
      for (const { http } of [other, redirecting]) await new Promise((resolve) => http.close(resolve));
    }
  });

  it('invalidate(token) drops the cache only if it still holds that token', async () => {
    const s = await serve((i) => issued(i));
    const tokens = provider(s.url);
    const first = await tokens.getToken();
    tokens.invalidate(first);
    const second = await tokens.getToken();
    expect(second).toBe('token-1');
    // A late 401 for the old token must not throw away the fresh one.
    tokens.invalidate(first);
    expect(await tokens.getToken()).toBe('token-1');
    tokens.invalidate();
    expect(await tokens.getToken()).toBe('token-2');
    expect(s.requests).toHaveLength(3);
  });

  it('keeps serving a still-valid token when an early renewal fails, and retries the renewal', async () => {
    let clock = T0;
    const s = await serve((i) =>
      i === 1
        ? { status: 503, body: { code: 'service_unavailable', detail: 'x', errorId: 'y' } }
        : issued(i, { expiresIn: 600 }),
    );
    const tokens = provider(s.url, { now: () => clock });
    expect(await tokens.getToken()).toBe('token-0');
    clock = T0 + 560_000; // inside the refresh window, before expiry
    expect(await tokens.getToken()).toBe('token-0');
    expect(await tokens.getToken()).toBe('token-2');
    expect(s.requests).toHaveLength(3);
  });

  it('throws once the old token has expired and the renewal fails', async () => {
    let clock = T0;
    const s = await serve((i) =>
      i === 0
        ? issued(i, { expiresIn: 600 })
        : { status: 500, body: { code: 'internal_error', detail: 'x', errorId: 'z' } },
    );
    const tokens = provider(s.url, { now: () => clock });
    await tokens.getToken();
    clock = T0 + 600_000;
    expect((await failure(tokens.getToken())).code).toBe('internal_error');
  });

  it('uses an injected fetch, and works with every private key form', async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify({ accessToken: 'injected' }), { status: 201 });
    };
    for (const privateKey of [pair.privatePem, pair.privateKey, pair.privateKey.export({ format: 'jwk' })]) {
      const tokens = createTokenProvider({
        baseUrl: 'https://sandbox.api.zestequity.com',
        clientId: CLIENT,
        issuer: ISS,
        privateKey,
        fetch: fakeFetch,
      });
      expect(await tokens.getToken()).toBe('injected');
    }
    expect(seen).toEqual(Array(3).fill('https://sandbox.api.zestequity.com/v1/oauth2/tokens'));
  });

  it('fails at construction on a wrong key or base URL', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(() => createTokenProvider({ baseUrl: 'http://x', clientId: CLIENT, issuer: ISS, privateKey: rsa })).toThrow(
      UnsupportedKeyError,
    );
    expect(() =>
      createTokenProvider({ baseUrl: 'not a url', clientId: CLIENT, issuer: ISS, privateKey: pair.privatePem }),
    ).toThrow(TypeError);
    expect(() =>
      createTokenProvider({ baseUrl: 'http://x', clientId: '', issuer: ISS, privateKey: pair.privatePem }),
    ).toThrow(TypeError);
    // The token path is appended to the base URL: each of these would send the exchange somewhere else.
    for (const baseUrl of [
      'https://user:secret@api.example',
      'https://api.example?x=1',
      'https://api.example/?',
      'https://api.example#frag',
      ' https://api.example',
    ]) {
      const make = () => createTokenProvider({ baseUrl, clientId: CLIENT, issuer: ISS, privateKey: pair.privatePem });
      expect(make, baseUrl).toThrow(TypeError);
      expect(() => make()).not.toThrow(/secret/);
    }
  });

  it('keeps to timeoutMs with a fetch that ignores its signal, and does not buffer an oversized answer', async () => {
    const ignoring = (() => new Promise<Response>(() => {})) as typeof fetch;
    const stuck = await failure(provider('https://api.example', { fetch: ignoring, timeoutMs: 100 }).getToken());
    expect(stuck).toMatchObject({ code: 'timeout' });
    expect(stuck.message).toContain('within 100 ms');

    const s = await serve(() => ({ status: 201, body: { accessToken: 'x'.repeat(2 * 1024 * 1024) } }));
    const huge = await failure(provider(s.url).getToken());
    expect(huge).toMatchObject({ code: 'unexpected_response', status: 201 });
    expect(huge.message).toContain('over 1048576 bytes');
  });

  it('refuses a token that cannot go into an Authorization header, and cuts long server strings', async () => {
    for (const accessToken of ['two words', 'line\r\nX-Injected: 1', 'tök']) {
      const s = await serve(() => ({ status: 201, body: { accessToken, expiresIn: 3600 } }));
      expect(await failure(provider(s.url).getToken())).toMatchObject({ code: 'invalid_response', status: 201 });
      await s.close();
      server = undefined;
    }
    const long = 'x'.repeat(100_000);
    const s = await serve(() => ({ status: 400, body: { code: long, detail: long, errorId: long } }));
    const error = await failure(provider(s.url).getToken());
    expect(error.code).toHaveLength(201);
    expect(error.message.length).toBeLessThan(2_000);
  });

  it('reports a bad PEM on getToken without caching that failure', async () => {
    const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const tokens = createTokenProvider({
      baseUrl: 'http://127.0.0.1:9',
      clientId: CLIENT,
      issuer: ISS,
      privateKey: rsaPem,
    });
    await expect(tokens.getToken()).rejects.toMatchObject({
      name: 'UnsupportedKeyError',
      reason: 'unsupported_algorithm',
    });
    await expect(tokens.getToken()).rejects.toMatchObject({ name: 'UnsupportedKeyError' });
  });
});
