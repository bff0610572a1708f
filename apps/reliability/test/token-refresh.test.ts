// Token refresh at the edge: hundreds of concurrent SDK calls in flight while the access token expires. Whichever
// side notices first (the server answering 401 to a token it considers expired, or the client's own clock reaching
// the renewal margin), the calls must cost exactly one exchange and no caller may ever see a 401. Counted twice:
// on the wire (a counting fetch) and in the sandbox (the access tokens it issued). A third case: the exchange itself
// failing transiently (503, dropped connection) must be retried, not surfaced.
import { createZestClient, type ZestClient } from '@zestequity/partner-api-client';
import { createTokenProvider } from '@zestequity/partner-auth';
import { type Sandbox, startSandbox, TOKEN_LIFETIME_SECONDS } from '@zestequity/partner-sandbox';
import { makeTestPartner } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCountingFetch } from '../src/counting-fetch.js';
import { rows } from '../src/state.js';

const WAVES = 6;
const PER_WAVE = 100;

const partner = makeTestPartner({ clientId: 'client_token_edge' });
let sandbox: Sandbox;
let slug: string;
const report: string[] = [];

beforeAll(async () => {
  // Latency spreads the calls out so that some are still in flight when the token goes stale.
  sandbox = await startSandbox({
    port: 0,
    partners: [partner.config],
    faults: { latency: { probability: 1, minMs: 0, maxMs: 30 }, seed: 3 },
  });
  const setup = createZestClient({ baseUrl: sandbox.url, auth: partner.credentials, throwOnError: true });
  slug = (
    await setup.spvRequests.create({
      templateId: 'syndicate_secondary',
      templateVersion: '1.0.0',
      attributes: {
        underlyingCompanySlug: 'co_acme',
        currency: 'USD',
        shareClasses: [{ name: 'A', managementFeePercent: '2.0', carryPercent: '20.0' }],
      },
    })
  ).data.spvRequestSlug;
});

afterAll(async () => {
  console.log(['[token-refresh]', ...report].join('\n'));
  await sandbox?.stop();
});

const tokensIssued = () =>
  rows<{ clientId: string }>(sandbox, 'tokens').filter((t) => t.clientId === partner.clientId).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Fires WAVES x PER_WAVE calls (three kinds of authenticated reads), `between(wave)` running between waves. */
async function burst(
  zest: ZestClient<true>,
  between: (wave: number) => void,
): Promise<{ ok: number; failures: unknown[] }> {
  const calls: Promise<unknown>[] = [];
  const kinds = [
    () => zest.auth.info(),
    () => zest.spvRequests.get(slug),
    () => zest.spvRequests.listPage({ perPage: 5 }),
  ];
  for (let wave = 0; wave < WAVES; wave += 1) {
    between(wave);
    for (let i = 0; i < PER_WAVE; i += 1) calls.push(kinds[i % kinds.length]!());
    await sleep(50);
  }
  const settled = await Promise.allSettled(calls);
  return {
    ok: settled.filter((s) => s.status === 'fulfilled').length,
    failures: settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason),
  };
}

describe('token refresh at the edge', () => {
  it(`the server expires the token mid-burst (${WAVES * PER_WAVE} concurrent calls): one exchange, no 401 surfaced`, async () => {
    const wire = createCountingFetch();
    const zest = createZestClient({
      baseUrl: sandbox.url,
      auth: partner.credentials,
      fetch: wire.fetch,
      throwOnError: true,
      retry: { maxAttempts: 5, baseDelayMs: 5 },
    });
    await zest.auth.info();
    const before = tokensIssued();
    expect(wire.counts.tokenExchanges).toBe(1);

    // Halfway through, the sandbox's clock passes the token's expiry: every call still holding it gets a 401.
    const { ok, failures } = await burst(
      zest,
      (wave) => wave === WAVES / 2 && sandbox.admin.advanceClock(TOKEN_LIFETIME_SECONDS + 1),
    );
    report.push(
      `  server-side expiry: ${ok}/${WAVES * PER_WAVE} calls ok, ${failures.length} failed, 401s cured on the wire ${wire.counts.unauthorized}, ` +
        `exchanges ${wire.counts.tokenExchanges - 1} (+1 initial), tokens issued by the sandbox ${tokensIssued() - before}`,
    );
    expect(failures).toEqual([]);
    expect(ok).toBe(WAVES * PER_WAVE);
    expect(wire.counts.unauthorized).toBeGreaterThan(0);
    expect(wire.counts.tokenExchanges).toBe(2);
    expect(tokensIssued() - before).toBe(1);
  });

  it('the token reaches its renewal margin mid-burst: one early exchange, not a single 401 on the wire', async () => {
    // A sandbox whose tokens live 20 s: the SDK renews 10 s after issue (half the lifetime, as the margin is capped
    // there). The SDK's clock is injected and stepped, so the burst runs from 8 s to 12 s after issue by that clock,
    // straddling the renewal, while the server's token is nowhere near its expiry: no sleep, no real time decides it.
    // The clock starts 10 s behind the real one, so every assertion it stamps stays within the server's small skew.
    const lifetime = 20;
    const short = await startSandbox({
      port: 0,
      partners: [partner.config],
      tokenLifetimeSeconds: lifetime,
      faults: { latency: { probability: 1, minMs: 0, maxMs: 30 }, seed: 4 },
    });
    try {
      const wire = createCountingFetch();
      const issuedAt = Date.now() - 10_000;
      let clock = issuedAt;
      const tokens = createTokenProvider({
        baseUrl: short.url,
        ...partner.credentials,
        fetch: wire.fetch,
        now: () => clock,
      });
      const zest = createZestClient({
        baseUrl: short.url,
        auth: tokens,
        fetch: wire.fetch,
        throwOnError: true,
        retry: { maxAttempts: 5, baseDelayMs: 5 },
      });
      await zest.auth.info();
      const calls: Promise<unknown>[] = [];
      for (let wave = 0; wave < WAVES; wave += 1) {
        clock = issuedAt + 8_000 + wave * 800;
        for (let i = 0; i < PER_WAVE; i += 1)
          calls.push(i % 2 ? zest.auth.info() : zest.spvRequests.listPage({ perPage: 5 }));
        // Let the wave ask for its token before the clock moves on (the SDK shares one pending getToken per tick).
        await new Promise((resolve) => setImmediate(resolve));
      }
      const settled = await Promise.allSettled(calls);
      const failures = settled.filter((s) => s.status === 'rejected');
      const issued = rows<{ clientId: string }>(short, 'tokens').filter((t) => t.clientId === partner.clientId).length;
      report.push(
        `  client-side renewal (${lifetime} s tokens, burst from 8 s to ${((clock - issuedAt) / 1000).toFixed(1)} s on the SDK's clock): ${settled.length - failures.length}/${WAVES * PER_WAVE} calls ok, ` +
          `401s on the wire ${wire.counts.unauthorized}, exchanges ${wire.counts.tokenExchanges - 1} (+1 initial), tokens issued by the sandbox ${issued}`,
      );
      expect(failures).toEqual([]);
      expect(wire.counts.unauthorized).toBe(0);
      expect(wire.counts.tokenExchanges).toBe(2);
      expect(issued).toBe(2);
    } finally {
      await short.stop();
    }
  });

  it('an exchange that meets a 503 and then a dropped connection is retried: every concurrent call succeeds', async () => {
    const wire = createCountingFetch();
    let exchanges = 0;
    // The first exchange is answered 503, the second loses its connection; the third goes through.
    const flaky = (async (input: Request | string | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/v1/oauth2/tokens')) {
        exchanges += 1;
        if (exchanges === 1) {
          return new Response(
            JSON.stringify({ code: 'service_unavailable', detail: 'injected', errorId: crypto.randomUUID() }),
            {
              status: 503,
              headers: { 'content-type': 'application/json' },
            },
          );
        }
        if (exchanges === 2) throw new TypeError('fetch failed (injected: connection reset)');
      }
      return wire.fetch(input, init);
    }) as typeof fetch;
    const zest = createZestClient({
      baseUrl: sandbox.url,
      auth: partner.credentials,
      fetch: flaky,
      throwOnError: true,
      retry: { maxAttempts: 6, baseDelayMs: 10 },
    });
    const settled = await Promise.allSettled(Array.from({ length: 300 }, () => zest.auth.info()));
    const failures = settled.filter((s) => s.status === 'rejected');
    report.push(
      `  failing exchange: ${settled.length - failures.length}/300 calls ok, exchanges attempted ${exchanges} (503, dropped, ok)`,
    );
    expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    expect(exchanges).toBe(3);
  });
});
