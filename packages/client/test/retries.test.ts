import { describe, expect, it } from 'vitest';
import { createZestClient, type ZestApiError, ZestNetworkError, ZestTimeoutError } from '../src/index.js';
import {
  BASE,
  envelope,
  instantRetry,
  json,
  scriptedFetch,
  sequence,
  spvCreate,
  spvRequest,
  UUID_V4,
} from './helpers.js';

describe('idempotency keys', () => {
  it('generates one UUID v4 key, reuses it on every retry, and returns it', async () => {
    const fetch = scriptedFetch(
      sequence(envelope(503, 'service_unavailable'), new TypeError('socket hang up'), json(201, spvRequest)),
    );
    const { retry, delays } = instantRetry();
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch, retry });

    const result = await zest.spvRequests.create(spvCreate);

    expect(result.data).toEqual(spvRequest);
    expect(fetch.calls).toHaveLength(3);
    const keys = fetch.calls.map((c) => c.headers.get('Idempotency-Key'));
    expect(keys[0]).toMatch(UUID_V4);
    expect(new Set(keys).size).toBe(1);
    expect(result.idempotencyKey).toBe(keys[0]);
    // The body is replayed byte for byte.
    expect(new Set(fetch.calls.map((c) => c.body)).size).toBe(1);
    expect(JSON.parse(fetch.calls[2]!.body)).toEqual(spvCreate);
    expect(delays).toHaveLength(2);
  });

  it('replays the body even when a middleware replaced the Request', async () => {
    const fetch = scriptedFetch(sequence(envelope(500, 'internal_error'), json(201, spvRequest)));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch, ...instantRetry() });
    zest.use({
      onRequest: ({ request }) =>
        new Request(request, { headers: { ...Object.fromEntries(request.headers), 'X-Trace': '1' } }),
    });
    await zest.spvRequests.create(spvCreate);
    expect(fetch.calls).toHaveLength(2);
    expect(fetch.calls.map((c) => JSON.parse(c.body))).toEqual([spvCreate, spvCreate]);
    expect(fetch.calls.map((c) => c.headers.get('X-Trace'))).toEqual(['1', '1']);
  });

  it('hands the key back on errors too, so the caller can resend later with it', async () => {
    const fetch = scriptedFetch(sequence(new TypeError('offline')));
    const zest = createZestClient({
      baseUrl: BASE,
      auth: { accessToken: 't' },
      fetch,
      ...instantRetry({ maxAttempts: 2 }),
    });
    const network = (await zest.spvRequests.create(spvCreate).catch((e: unknown) => e)) as ZestNetworkError;
    expect(network).toBeInstanceOf(ZestNetworkError);
    expect(network.idempotencyKey).toBe(fetch.calls[0]!.headers.get('Idempotency-Key'));

    const fetch2 = scriptedFetch(sequence(envelope(409, 'conflict')));
    const strict = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch: fetch2, throwOnError: true });
    const conflict = (await strict.spvRequests
      .create(spvCreate, { idempotencyKey: 'k-1' })
      .catch((e: unknown) => e)) as ZestApiError;
    expect(conflict).toMatchObject({ status: 409, code: 'conflict', idempotencyKey: 'k-1' });
  });

  it("sends the caller's key instead of generating one", async () => {
    const fetch = scriptedFetch(sequence(json(201, spvRequest)));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    const result = await zest.spvRequests.create(spvCreate, { idempotencyKey: 'my-key-1' });
    expect(fetch.calls[0]!.headers.get('Idempotency-Key')).toBe('my-key-1');
    expect(result.idempotencyKey).toBe('my-key-1');
  });

  it('gives each logical call its own key', async () => {
    const fetch = scriptedFetch(sequence(json(201, spvRequest)));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    const a = await zest.spvRequests.create(spvCreate);
    const b = await zest.spvRequests.create(spvCreate);
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
  });

  it('adds a key to the raw POST of an operation with an optional key, and none to one without', async () => {
    const fetch = scriptedFetch(sequence(json(201, { results: [] })));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    const withKey = await zest.POST('/v1/spvs/{spvSlug}/subscriptions', {
      params: { path: { spvSlug: 'veh_klm456' } },
      body: { subscriptions: [] },
    });
    expect(withKey.idempotencyKey).toMatch(UUID_V4);
    expect(fetch.calls[0]!.headers.get('Idempotency-Key')).toBe(withKey.idempotencyKey);

    const token = await zest.POST('/v1/oauth2/tokens', {
      body: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'x.y.z' },
    });
    expect(token.idempotencyKey).toBeUndefined();
    expect(fetch.calls[1]!.headers.has('Idempotency-Key')).toBe(false);
  });
});

describe('which requests are retried', () => {
  it.each([
    ['a 408', () => json(408, {})],
    ['a 429', () => envelope(429, 'rate_limited')],
    ['a 500', () => envelope(500, 'internal_error')],
    ['a 503', () => envelope(503, 'service_unavailable')],
  ])('retries a GET after %s', async (_name, failure) => {
    const fetch = scriptedFetch(sequence(failure, json(200, spvRequest)));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch, ...instantRetry() });
    const { data } = await zest.spvRequests.get('svr_a1b2c3');
    expect(data).toEqual(spvRequest);
    expect(fetch.calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 413, 415, 422])('does not retry a %i', async (status) => {
    const fetch = scriptedFetch(sequence(envelope(status, 'x')));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch, ...instantRetry() });
    const { error, response } = await zest.spvRequests.get('svr_a1b2c3');
    expect(response.status).toBe(status);
    expect(error).toBeDefined();
    expect(fetch.calls).toHaveLength(1);
  });

  it('retries a DELETE (a repeated cancel cannot cancel twice)', async () => {
    const fetch = scriptedFetch(sequence(new TypeError('reset'), json(200, { ...spvRequest, status: 'cancelled' })));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch, ...instantRetry() });
    const { data } = await zest.spvRequests.cancel('svr_a1b2c3');
    expect(data?.status).toBe('cancelled');
    expect(fetch.calls.map((c) => c.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('never retries a POST that carries no idempotency key', async () => {
    const fetch = scriptedFetch(sequence(envelope(503, 'service_unavailable')));
    const zest = createZestClient({ baseUrl: BASE, fetch, ...instantRetry() });
    const { response } = await zest.POST('/v1/oauth2/tokens', {
      body: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'x.y.z' },
    });
    expect(response.status).toBe(503);
    expect(fetch.calls).toHaveLength(1);
  });

  it('stops after maxAttempts and returns the last answer', async () => {
    const fetch = scriptedFetch(sequence(envelope(503, 'service_unavailable')));
    const zest = createZestClient({ baseUrl: BASE, fetch, ...instantRetry({ maxAttempts: 4 }) });
    const { response, error } = await zest.contracts.listVersions();
    expect(response.status).toBe(503);
    expect(error).toMatchObject({ code: 'service_unavailable' });
    expect(fetch.calls).toHaveLength(4);
  });

  it('throws ZestNetworkError once network failures exhaust the attempts', async () => {
    const fetch = scriptedFetch(sequence(new TypeError('fetch failed')));
    const zest = createZestClient({ baseUrl: BASE, fetch, ...instantRetry({ maxAttempts: 3 }) });
    const failure = await zest.contracts.listVersions().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ZestNetworkError);
    expect((failure as ZestNetworkError).attempts).toBe(3);
    expect((failure as ZestNetworkError).cause).toBeInstanceOf(TypeError);
    expect(fetch.calls).toHaveLength(3);
  });

  it('follows a custom retryOn list and `retry: false`', async () => {
    const fetch = scriptedFetch(sequence(envelope(500, 'internal_error'), json(200, {})));
    const onlyServiceUnavailable = createZestClient({ baseUrl: BASE, fetch, ...instantRetry({ retryOn: [503] }) });
    expect((await onlyServiceUnavailable.contracts.listVersions()).response.status).toBe(500);

    const fetch2 = scriptedFetch(sequence(envelope(503, 'service_unavailable'), json(200, {})));
    const never = createZestClient({ baseUrl: BASE, fetch: fetch2, retry: false });
    expect((await never.contracts.listVersions()).response.status).toBe(503);
    expect(fetch2.calls).toHaveLength(1);
  });
});

describe('backoff', () => {
  const caps = [100, 200, 400, 800, 1000, 1000];
  it.each([
    ['the top of the range', 0.999999, caps.map((c) => c - 1)],
    ['the bottom of the range', 0, caps.map(() => 0)],
    ['half the range', 0.5, caps.map((c) => c / 2)],
  ])('waits random(0, min(max, base * 2^n)) — %s', async (_name, r, want) => {
    const fetch = scriptedFetch(sequence(new TypeError('down')));
    const { retry, delays } = instantRetry({ maxAttempts: 7, baseDelayMs: 100, maxDelayMs: 1000, random: () => r });
    const zest = createZestClient({ baseUrl: BASE, fetch, retry });
    await expect(zest.contracts.listVersions()).rejects.toBeInstanceOf(ZestNetworkError);
    expect(delays).toEqual(want);
  });

  it('keeps every real jittered delay inside its bounds', async () => {
    const fetch = scriptedFetch(sequence(new TypeError('down')));
    const { retry, delays } = instantRetry({ maxAttempts: 7, baseDelayMs: 100, maxDelayMs: 1000 });
    const zest = createZestClient({ baseUrl: BASE, fetch, retry });
    for (let i = 0; i < 20; i += 1) await zest.contracts.listVersions().catch(() => undefined);
    expect(delays).toHaveLength(120);
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(caps[i % 6]!);
    });
  });

  it('honours Retry-After in seconds instead of the backoff', async () => {
    const answers = [new Response('{}', { status: 429, headers: { 'Retry-After': '3' } }), json(200, {})];
    const f = scriptedFetch((_s, i) => answers[i]!);
    const { retry, delays } = instantRetry({ random: () => 0 });
    const zest = createZestClient({ baseUrl: BASE, fetch: f, retry });
    expect((await zest.contracts.listVersions()).response.status).toBe(200);
    expect(delays).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP-date', async () => {
    const at = new Date(Date.now() + 5000).toUTCString();
    const answers = [new Response('', { status: 503, headers: { 'Retry-After': at } }), json(200, {})];
    const fetch = scriptedFetch((_s, i) => answers[i]!);
    const { retry, delays } = instantRetry();
    const zest = createZestClient({ baseUrl: BASE, fetch, retry });
    await zest.contracts.listVersions();
    expect(delays).toHaveLength(1);
    // HTTP-dates have one-second resolution.
    expect(delays[0]).toBeGreaterThan(3000);
    expect(delays[0]).toBeLessThanOrEqual(5000);
  });

  it('returns the answer instead of waiting longer than maxRetryAfterMs', async () => {
    const fetch = scriptedFetch(() => new Response('', { status: 503, headers: { 'Retry-After': '3600' } }));
    const { retry, delays } = instantRetry({ maxRetryAfterMs: 10_000 });
    const zest = createZestClient({ baseUrl: BASE, fetch, retry });
    const { response } = await zest.contracts.listVersions();
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('3600');
    expect(delays).toEqual([]);
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('timeouts and cancellation', () => {
  const hang = (seen: { signal: AbortSignal | undefined }) =>
    new Promise<Response>((_resolve, reject) => {
      seen.signal?.addEventListener('abort', () => reject(seen.signal!.reason));
    });

  it('aborts an attempt after timeoutMs, retries it, then throws ZestTimeoutError', async () => {
    const fetch = scriptedFetch(hang);
    const zest = createZestClient({ baseUrl: BASE, fetch, timeoutMs: 20, ...instantRetry({ maxAttempts: 2 }) });
    const failure = await zest.contracts.listVersions().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ZestTimeoutError);
    expect(failure).toMatchObject({ timeoutMs: 20, attempts: 2 });
    expect(fetch.calls).toHaveLength(2);
    expect(fetch.calls.every((c) => c.signal?.aborted)).toBe(true);
  });

  it('times out even when the fetch ignores its signal', async () => {
    const fetch = scriptedFetch(() => new Promise<Response>(() => {}));
    const zest = createZestClient({ baseUrl: BASE, fetch, timeoutMs: 20, retry: false });
    await expect(zest.contracts.listVersions()).rejects.toBeInstanceOf(ZestTimeoutError);
  });

  it("stops at once, without retrying, when the caller's signal aborts", async () => {
    const fetch = scriptedFetch(hang);
    const zest = createZestClient({ baseUrl: BASE, fetch, ...instantRetry({ maxAttempts: 5 }) });
    const controller = new AbortController();
    const pending = zest.contracts.listVersions({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user navigated away')), 5);
    await expect(pending).rejects.toThrow('user navigated away');
    expect(fetch.calls).toHaveLength(1);
  });
});
