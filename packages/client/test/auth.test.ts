import { decodeJwt, exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createZestClient, type TokenProvider } from '../src/index.js';
import { BASE, envelope, instantRetry, json, scriptedFetch, spvRequest } from './helpers.js';

/** A provider like a real one: it caches, mints slowly, and ignores invalidate() for a token already replaced. */
function countingProvider() {
  let current: string | undefined;
  const state = { mints: 0, invalidated: [] as string[] };
  const provider: TokenProvider = {
    async getToken() {
      if (current) return current;
      state.mints += 1;
      const minted = `token-${state.mints}`;
      await new Promise((r) => setTimeout(r, 5));
      current = minted;
      return minted;
    },
    invalidate(token) {
      state.invalidated.push(token ?? '');
      if (token === undefined || token === current) current = undefined;
    },
  };
  return { provider, state };
}

/** A server that only accepts the given token. */
const acceptOnly = (valid: string) =>
  scriptedFetch((seen) =>
    seen.headers.get('Authorization') === `Bearer ${valid}` ? json(200, spvRequest) : envelope(401, 'invalid_token'),
  );

/**
 * A GET by a client with client credentials whose first token exchange is answered 429 (with `headers`) and the
 * next 201; `exchanges()` counts the exchanges made.
 */
function afterRateLimitedExchange(privateKey: CryptoKey, retry: object, headers: Record<string, string> = {}) {
  let exchanges = 0;
  const fetch = scriptedFetch((seen) => {
    if (seen.url.pathname !== '/v1/oauth2/tokens') return json(200, spvRequest);
    exchanges += 1;
    return exchanges === 1
      ? json(429, { code: 'rate_limited', detail: 'slow down' }, headers)
      : json(201, { accessToken: 'ok' });
  });
  const zest = createZestClient({
    baseUrl: BASE,
    auth: { clientId: 'client_xyz', issuer: 'https://partner.example', privateKey },
    fetch,
    retry,
  });
  return { call: zest.spvRequests.get('svr_a1b2c3'), exchanges: () => exchanges };
}

describe('bearer auth', () => {
  it('sends a static access token', async () => {
    const fetch = acceptOnly('static');
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 'static' }, fetch });
    expect((await zest.spvRequests.get('svr_a1b2c3')).response.status).toBe(200);
  });

  it('returns a 401 for a static token without retrying (nothing to renew)', async () => {
    const fetch = acceptOnly('other');
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 'static' }, fetch });
    const { error, response } = await zest.spvRequests.get('svr_a1b2c3');
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ code: 'invalid_token' });
    expect(fetch.calls).toHaveLength(1);
  });

  it('on a 401 invalidates the token, renews it and resends once', async () => {
    const { provider, state } = countingProvider();
    const fetch = acceptOnly('token-2');
    const zest = createZestClient({ baseUrl: BASE, auth: provider, fetch });
    const { data } = await zest.spvRequests.get('svr_a1b2c3');
    expect(data).toEqual(spvRequest);
    expect(state.invalidated).toEqual(['token-1']);
    expect(fetch.calls.map((c) => c.headers.get('Authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('renews only once per call: a second 401 is returned', async () => {
    const { provider, state } = countingProvider();
    const fetch = acceptOnly('never');
    const zest = createZestClient({ baseUrl: BASE, auth: provider, fetch });
    const { response } = await zest.spvRequests.get('svr_a1b2c3');
    expect(response.status).toBe(401);
    expect(fetch.calls).toHaveLength(2);
    expect(state.mints).toBe(2);
  });

  it('replays the body of a POST after a 401', async () => {
    const { provider } = countingProvider();
    const fetch = scriptedFetch((seen) =>
      seen.headers.get('Authorization') === 'Bearer token-2' ? json(201, spvRequest) : envelope(401, 'invalid_token'),
    );
    const zest = createZestClient({ baseUrl: BASE, auth: provider, fetch });
    const result = await zest.spvRequests.create({ templateId: 't', templateVersion: '1.0.0', attributes: { a: 1 } });
    expect(result.response.status).toBe(201);
    expect(fetch.calls[0]!.body).toBe(fetch.calls[1]!.body);
    expect(fetch.calls[0]!.headers.get('Idempotency-Key')).toBe(fetch.calls[1]!.headers.get('Idempotency-Key'));
  });

  it('shares one renewal between concurrent requests that all hit 401', async () => {
    const { provider, state } = countingProvider();
    const fetch = acceptOnly('token-2');
    const zest = createZestClient({ baseUrl: BASE, auth: provider, fetch });
    const results = await Promise.all(Array.from({ length: 8 }, () => zest.spvRequests.get('svr_a1b2c3')));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(state.mints).toBe(2);
  });

  it('shares one in-flight getToken even when the provider itself does not', async () => {
    let calls = 0;
    const naive: TokenProvider = {
      getToken: async () => {
        calls += 1;
        await new Promise((r) => setTimeout(r, 5));
        return 'fresh';
      },
    };
    const fetch = acceptOnly('fresh');
    const zest = createZestClient({ baseUrl: BASE, auth: naive, fetch });
    await Promise.all(Array.from({ length: 5 }, () => zest.spvRequests.get('svr_a1b2c3')));
    expect(calls).toBe(1);
  });

  it('with client credentials, exchanges an EdDSA assertion whose aud is the base URL, then uses the token', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const pem = await exportPKCS8(privateKey);
    const assertions: string[] = [];
    const fetch = scriptedFetch((seen) => {
      if (seen.url.pathname === '/v1/oauth2/tokens') {
        const form = new URLSearchParams(seen.body);
        assertions.push(form.get('assertion')!);
        return json(201, { accessToken: `minted-${assertions.length}`, expiresIn: 3600 });
      }
      return seen.headers.get('Authorization') === 'Bearer minted-2'
        ? json(200, spvRequest)
        : envelope(401, 'invalid_token');
    });
    const zest = createZestClient({
      baseUrl: `${BASE}/`,
      auth: { clientId: 'client_xyz', issuer: 'https://partner.example', privateKey: pem },
      fetch,
    });
    const { data } = await zest.spvRequests.get('svr_a1b2c3');
    expect(data).toEqual(spvRequest);
    // First token rejected by the server -> one fresh exchange.
    expect(assertions).toHaveLength(2);
    const claims = decodeJwt(assertions[0]!);
    expect(claims).toMatchObject({
      aud: BASE,
      sub: 'client_xyz',
      client_id: 'client_xyz',
      iss: 'https://partner.example',
    });
    const tokenCall = fetch.calls.find((c) => c.url.pathname === '/v1/oauth2/tokens')!;
    expect(tokenCall.headers.has('Authorization')).toBe(false);
  });

  it('with client credentials, concurrent 401s cost one token exchange in total', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    let exchanges = 0;
    const fetch = scriptedFetch(async (seen) => {
      if (seen.url.pathname === '/v1/oauth2/tokens') {
        exchanges += 1;
        await new Promise((r) => setTimeout(r, 5));
        return json(201, { accessToken: `minted-${exchanges}` });
      }
      return seen.headers.get('Authorization') === 'Bearer minted-2'
        ? json(200, spvRequest)
        : envelope(401, 'invalid_token');
    });
    const zest = createZestClient({
      baseUrl: BASE,
      auth: { clientId: 'client_xyz', issuer: 'https://partner.example', privateKey },
      fetch,
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => zest.spvRequests.get('svr_a1b2c3')));
    expect(results.map((r) => r.response.status)).toEqual(Array(10).fill(200));
    // One exchange for the first token, one for its replacement after the burst of 401s.
    expect(exchanges).toBe(2);
  });

  it('retries a token exchange that failed transiently, under the same retry policy', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    let exchanges = 0;
    const fetch = scriptedFetch((seen) => {
      if (seen.url.pathname === '/v1/oauth2/tokens') {
        exchanges += 1;
        return exchanges === 1 ? envelope(503, 'service_unavailable') : json(201, { accessToken: 'ok' });
      }
      return json(200, spvRequest);
    });
    const zest = createZestClient({
      baseUrl: BASE,
      auth: { clientId: 'client_xyz', issuer: 'https://partner.example', privateKey },
      fetch,
      retry: { sleep: async () => {} },
    });
    // Nothing reached the API before a token existed, so the call is retried whatever its method.
    expect((await zest.spvRequests.get('svr_a1b2c3')).response.status).toBe(200);
    expect(exchanges).toBe(2);
  });

  it("waits as long as the token endpoint's Retry-After asks before exchanging again, and gives up past maxRetryAfterMs", async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    for (const [retryAfter, waits, exchangesMade] of [
      ['3', [3000], 2],
      ['0', [0], 2],
      ['120', [], 1],
    ] as const) {
      const { retry, delays } = instantRetry();
      const { call, exchanges } = afterRateLimitedExchange(privateKey, retry, { 'Retry-After': retryAfter });
      if (exchangesMade === 1)
        await expect(call).rejects.toMatchObject({ name: 'TokenExchangeError', status: 429, retryAfterMs: 120_000 });
      else expect((await call).response.status).toBe(200);
      expect(delays, `Retry-After: ${retryAfter}`).toEqual(waits);
      expect(exchanges()).toBe(exchangesMade);
    }
  });

  it('asks retryOn about a failed token exchange, matching a status list against its status', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    for (const [retryOn, exchangesMade] of [
      [() => false, 1],
      [[], 1],
      [[503], 1],
      [[429], 2],
      [(context: { error?: unknown }) => (context.error as { status?: number }).status === 429, 2],
    ] as const) {
      const { call, exchanges } = afterRateLimitedExchange(privateKey, instantRetry({ retryOn }).retry);
      if (exchangesMade === 1) await expect(call).rejects.toMatchObject({ name: 'TokenExchangeError', status: 429 });
      else expect((await call).response.status).toBe(200);
      expect(exchanges(), String(retryOn)).toBe(exchangesMade);
    }
  });

  it("falls back to the backoff when a partner's own token provider reports a wait that is no wait", async () => {
    for (const retryAfterMs of [Number.NaN, -1000, '5']) {
      let calls = 0;
      const provider: TokenProvider = {
        async getToken() {
          calls += 1;
          if (calls > 1) return 'ok';
          throw Object.assign(
            new (await import('@zestequity/partner-auth')).TokenExchangeError({
              status: 503,
              code: 'service_unavailable',
              message: 'down',
            }),
            { retryAfterMs },
          );
        },
        invalidate() {},
      };
      const { retry, delays } = instantRetry({ random: () => 0.5 });
      const zest = createZestClient({
        baseUrl: BASE,
        auth: provider,
        fetch: scriptedFetch(() => json(200, spvRequest)),
        retry,
      });
      expect((await zest.spvRequests.get('svr_a1b2c3')).response.status).toBe(200);
      expect(delays).toHaveLength(1);
      expect(delays[0]! >= 0 && Number.isFinite(delays[0])).toBe(true);
    }
  });

  it('does not retry a token exchange refused for good (a wrong key), and throws TokenExchangeError', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const fetch = scriptedFetch(() => envelope(401, 'invalid_token'));
    const zest = createZestClient({
      baseUrl: BASE,
      auth: { clientId: 'client_xyz', issuer: 'https://partner.example', privateKey },
      fetch,
      retry: { sleep: async () => {} },
    });
    await expect(zest.spvRequests.get('svr_a1b2c3')).rejects.toMatchObject({ name: 'TokenExchangeError', status: 401 });
    expect(fetch.calls).toHaveLength(1);
  });

  it('uses the environment URL as the audience', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    let aud: unknown;
    const fetch = scriptedFetch((seen) => {
      if (seen.url.pathname === '/v1/oauth2/tokens') {
        aud = decodeJwt(new URLSearchParams(seen.body).get('assertion')!).aud;
        return json(201, { accessToken: 'a' });
      }
      return json(200, { clientType: 'service', clientId: 'client_xyz' });
    });
    const zest = createZestClient({
      environment: 'sandbox',
      auth: { clientId: 'client_xyz', issuer: 'https://partner.example', privateKey },
      fetch,
    });
    await zest.auth.info();
    expect(aud).toBe(zest.baseUrl);
    expect(fetch.calls[0]!.url.origin).toBe(new URL(zest.baseUrl).origin);
  });
});
