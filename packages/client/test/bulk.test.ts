import { describe, expect, it } from 'vitest';
import { createZestClient } from '../src/index.js';
import { BASE, envelope, instantRetry, investorRows, json, type Seen, scriptedFetch, UUID_V4 } from './helpers.js';

const sent = (seen: Seen) => (JSON.parse(seen.body) as { investors: { partnerInvestorId: string }[] }).investors;

/** Answers every row, in reverse order (the API keys results by id, not by position). */
const reversedServer = (seen: Seen) =>
  json(200, {
    results: sent(seen)
      .map((row) => ({
        partnerInvestorId: row.partnerInvestorId,
        status: 'created',
        zestPersonId: `psn_${row.partnerInvestorId}`,
      }))
      .reverse(),
  });

describe('investors.bulkCreate', () => {
  it('sends any number of rows in chunks and merges the results in input order', async () => {
    const fetch = scriptedFetch(reversedServer);
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    const input = investorRows(250);
    const { results, chunks, retryableRows } = await zest.investors.bulkCreate(input, {
      chunkSize: 100,
      concurrency: 2,
    });

    expect(fetch.calls.map((c) => sent(c).length).sort()).toEqual([100, 100, 50]);
    expect(results.map((r) => r.partnerInvestorId)).toEqual(input.map((r) => r.partnerInvestorId));
    expect(results.every((r, i) => r.zestPersonId === `psn_inv-${i}`)).toBe(true);
    expect(chunks.map((c) => [c.start, c.end, c.ok])).toEqual([
      [0, 100, true],
      [100, 200, true],
      [200, 250, true],
    ]);
    expect(retryableRows).toEqual([]);
    const keys = fetch.calls.map((c) => c.headers.get('Idempotency-Key'));
    for (const k of keys) expect(k).toMatch(UUID_V4);
    expect(new Set(keys).size).toBe(3);
    expect(chunks.map((c) => c.idempotencyKey).sort()).toEqual([...keys].sort());
  });

  it('keeps at most `concurrency` chunks in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const fetch = scriptedFetch(async (seen) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight -= 1;
      return reversedServer(seen);
    });
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    await zest.investors.bulkCreate(investorRows(95), { chunkSize: 10, concurrency: 3 });
    expect(fetch.calls).toHaveLength(10);
    expect(peak).toBe(3);
  });

  it('reports the rows of a chunk that still fails after its retries as failed and retryable — none lost', async () => {
    const fetch = scriptedFetch((seen) =>
      sent(seen)[0]!.partnerInvestorId === 'inv-10' ? envelope(503, 'service_unavailable') : reversedServer(seen),
    );
    const zest = createZestClient({
      baseUrl: BASE,
      auth: { accessToken: 't' },
      fetch,
      ...instantRetry({ maxAttempts: 3 }),
    });
    const input = investorRows(30);
    const { results, chunks, retryableRows } = await zest.investors.bulkCreate(input, { chunkSize: 10 });

    expect(results).toHaveLength(30);
    expect(results.map((r) => r.partnerInvestorId)).toEqual(input.map((r) => r.partnerInvestorId));
    expect(results.slice(10, 20).every((r) => r.status === 'failed')).toBe(true);
    expect(results[15]).toEqual({
      partnerInvestorId: 'inv-15',
      status: 'failed',
      error: { code: 'service_unavailable', message: expect.stringContaining('503'), retryable: true },
    });
    expect(results.filter((r) => r.status === 'created')).toHaveLength(20);
    expect(retryableRows).toEqual(input.slice(10, 20));
    // The failing chunk was tried three times, always with its own key.
    const failing = fetch.calls.filter((c) => sent(c)[0]!.partnerInvestorId === 'inv-10');
    expect(failing).toHaveLength(3);
    expect(new Set(failing.map((c) => c.headers.get('Idempotency-Key'))).size).toBe(1);
    expect(failing[0]!.headers.get('Idempotency-Key')).toBe(chunks[1]!.idempotencyKey);
    expect(chunks[1]).toMatchObject({ ok: false, error: { status: 503 } });
  });

  it('marks rows of a chunk that fails on the network as retryable', async () => {
    const fetch = scriptedFetch(() => {
      throw new TypeError('connection reset');
    });
    const zest = createZestClient({
      baseUrl: BASE,
      auth: { accessToken: 't' },
      fetch,
      ...instantRetry({ maxAttempts: 2 }),
    });
    const { results } = await zest.investors.bulkCreate(investorRows(3));
    expect(results.map((r) => [r.status, r.error?.code, r.error?.retryable])).toEqual([
      ['failed', 'network_error', true],
      ['failed', 'network_error', true],
      ['failed', 'network_error', true],
    ]);
  });

  it('keeps finished chunks when a later chunk cannot get a token', async () => {
    const { generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    let exchanges = 0;
    const fetch = scriptedFetch((seen) => {
      if (seen.url.pathname === '/v1/oauth2/tokens') {
        exchanges += 1;
        return exchanges === 1 ? json(201, { accessToken: 'first' }) : envelope(503, 'service_unavailable');
      }
      // The first token is accepted once, then reported expired: the renewal hits the exchange outage.
      if (seen.headers.get('Authorization') === 'Bearer first' && sent(seen)[0]!.partnerInvestorId === 'inv-0')
        return reversedServer(seen);
      return envelope(401, 'invalid_token');
    });
    const zest = createZestClient({
      baseUrl: BASE,
      auth: { clientId: 'client_xyz', issuer: 'https://partner.example', privateKey },
      fetch,
      ...instantRetry({ maxAttempts: 2 }),
    });
    const { results, chunks } = await zest.investors.bulkCreate(investorRows(4), { chunkSize: 2, concurrency: 1 });
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'failed', 'failed']);
    expect(results[2]!.error).toMatchObject({ code: 'service_unavailable', retryable: true });
    expect(chunks[1]!.error).toMatchObject({ name: 'TokenExchangeError', status: 503 });
  });

  it('marks rows of a chunk refused with a 4xx as failed but not retryable', async () => {
    const fetch = scriptedFetch(() => envelope(403, 'forbidden'));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    const { results, retryableRows } = await zest.investors.bulkCreate(investorRows(2));
    expect(results.map((r) => r.error)).toEqual([
      { code: 'forbidden', message: expect.any(String), retryable: false },
      { code: 'forbidden', message: expect.any(String), retryable: false },
    ]);
    expect(retryableRows).toEqual([]);
  });

  it('keeps per-row outcomes from the server and fills in a row the server left out', async () => {
    const fetch = scriptedFetch(() =>
      json(200, {
        results: [
          {
            partnerInvestorId: 'inv-2',
            status: 'failed',
            error: { code: 'format', field: 'dateOfBirth', message: 'bad date', retryable: false },
          },
          { partnerInvestorId: 'inv-0', status: 'already_exists', zestPersonId: 'psn_old' },
        ],
      }),
    );
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    const { results } = await zest.investors.bulkCreate(investorRows(3));
    expect(results[0]).toEqual({ partnerInvestorId: 'inv-0', status: 'already_exists', zestPersonId: 'psn_old' });
    expect(results[1]).toMatchObject({
      partnerInvestorId: 'inv-1',
      status: 'failed',
      error: { code: 'missing_result', retryable: true },
    });
    expect(results[2]).toMatchObject({
      status: 'failed',
      error: { code: 'format', field: 'dateOfBirth', retryable: false },
    });
  });

  it('sends nothing for no rows, and rejects a bad chunk size', async () => {
    const fetch = scriptedFetch(reversedServer);
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    expect(await zest.investors.bulkCreate([])).toEqual({ results: [], chunks: [], retryableRows: [] });
    expect(fetch.calls).toHaveLength(0);
    await expect(zest.investors.bulkCreate(investorRows(1), { chunkSize: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});
