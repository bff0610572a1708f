// Per-call `timeoutMs` and `retry`: accepted by every kind of entry point, and they take effect (before, the raw
// methods compiled with them and ignored both).

import { makeTestPartner } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
import { createZestClient, ZestTimeoutError } from '../src/index.js';
import { BASE, envelope, json, scriptedFetch, spvRequest } from './helpers.js';

const unavailable = () => envelope(503, 'service_unavailable');

describe('per-call retry', () => {
  it('`retry: false` on a raw GET sends it once although the client retries', async () => {
    const fetch = scriptedFetch(unavailable);
    const zest = createZestClient({ baseUrl: BASE, fetch, retry: { maxAttempts: 4, sleep: async () => {} } });
    const { response } = await zest.GET('/public/hc', { retry: false });
    expect(response.status).toBe(503);
    expect(fetch.calls).toHaveLength(1);
  });

  it("is merged over the client's options: the call's maxAttempts, the client's sleep", async () => {
    const waits: number[] = [];
    const fetch = scriptedFetch(unavailable);
    const zest = createZestClient({
      baseUrl: BASE,
      fetch,
      retry: { maxAttempts: 1, sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    });
    await zest.spvRequests.get('svr_1', { retry: { maxAttempts: 3, baseDelayMs: 100 } });
    expect(fetch.calls).toHaveLength(3);
    expect(waits).toEqual([50, 100]);
  });

  it('applies to every page of the iterator and every chunk of a bulk call', async () => {
    const fetch = scriptedFetch((seen, index) =>
      index % 2 === 0
        ? unavailable()
        : seen.method === 'GET'
          ? json(200, { documents: [spvRequest], count: 1, skip: 0, limit: 100 })
          : json(200, { results: [] }),
    );
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch, retry: false });
    const listed = [];
    for await (const request of zest.spvRequests.list({}, { retry: { maxAttempts: 2, sleep: async () => {} } }))
      listed.push(request);
    expect(listed).toHaveLength(1);
    const row = {
      partnerInvestorId: 'a',
      email: 'a@example.com',
      firstName: 'A',
      lastName: 'B',
      dateOfBirth: '1985-04-12',
    };
    const bulk = await zest.investors.bulkCreate([row], { retry: { maxAttempts: 2, sleep: async () => {} } });
    expect(bulk.chunks[0]!.ok).toBe(true);
    expect(fetch.calls).toHaveLength(4);
  });
});

describe('per-call timeoutMs', () => {
  // A fetch that never answers but honours its signal, as the platform's does: only a timeout can end the call.
  const silent = () =>
    scriptedFetch(
      (seen) =>
        new Promise<Response>((_, reject) =>
          seen.signal?.addEventListener('abort', () => reject(seen.signal!.reason), { once: true }),
        ),
    );

  it('bounds a raw call even when the client disables timeouts', async () => {
    const fetch = silent();
    const zest = createZestClient({ baseUrl: BASE, fetch, timeoutMs: 0, retry: false });
    const error = await zest.GET('/public/hc', { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZestTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', timeoutMs: 1, attempts: 1 });
  });

  it('bounds a helper call the same way', async () => {
    const zest = createZestClient({ baseUrl: BASE, fetch: silent(), timeoutMs: 0, retry: false });
    await expect(zest.system.health({ timeoutMs: 1 })).rejects.toMatchObject({
      name: 'ZestTimeoutError',
      timeoutMs: 1,
    });
  });

  it("bounds the token exchange with the client's timeoutMs, and reports that limit when it runs out", async () => {
    const zest = createZestClient({
      baseUrl: BASE,
      auth: makeTestPartner().credentials,
      fetch: silent(),
      timeoutMs: 5,
      retry: false,
    });
    const error = await zest.auth.info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZestTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', timeoutMs: 5, attempts: 1 });
    expect((error as Error).cause).toMatchObject({ name: 'TokenExchangeError', code: 'timeout' });
  });

  it('refuses a timeout that is not a non-negative number, or longer than a timer can wait', async () => {
    const zest = createZestClient({ baseUrl: BASE, fetch: silent() });
    // A number out of range is a RangeError, as for every other range check; a value of the wrong type a TypeError.
    await expect(zest.GET('/public/hc', { timeoutMs: -1 })).rejects.toThrow(RangeError);
    expect(() => createZestClient({ baseUrl: BASE, timeoutMs: Number.NaN })).toThrow(RangeError);
    // Past 2^31 - 1 ms a timer fires at once: every call would fail as a timeout.
    await expect(zest.GET('/public/hc', { timeoutMs: 2 ** 31 })).rejects.toThrow(/from 1 to 2147483647 ms/);
    expect(() => createZestClient({ baseUrl: BASE, timeoutMs: 1e12 })).toThrow(RangeError);
    await expect(zest.GET('/public/hc', { timeoutMs: '100' as never })).rejects.toThrow(TypeError);
  });
});
