// bulkCreate against a real local server when the call fails part-way or a chunk's answer is not what the API sends:
// no chunk starts once the call has failed, and an unusable answer fails only that chunk's rows.
import { describe, expect, it } from 'vitest';
import { createZestClient } from '../src/index.js';
import { answer, investorRows, type Loopback, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();
/** The server the current test started, for the helpers below. */
let server: Loopback | undefined;

/** Creates every row of the chunk it is sent. */
function created(res: import('node:http').ServerResponse, body: string): void {
  const sent = (JSON.parse(body) as { investors: Array<{ partnerInvestorId: string }> }).investors;
  answer(res, 200, {
    results: sent.map((r) => ({ partnerInvestorId: r.partnerInvestorId, status: 'created', zestPersonId: 'psn_1' })),
  });
}

const zest = () => createZestClient({ baseUrl: server!.url, auth: { accessToken: 't' }, retry: false });

/** Lets a few rounds of the event loop run, enough for a settled answer to be read and a next request to start. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('investors.bulkCreate when onChunk throws', () => {
  it('rejects with that error and starts no further chunk, even once the chunk in flight settles', async () => {
    let release: (() => void) | undefined;
    let arrived: () => void = () => {};
    const secondArrived = new Promise<void>((resolve) => (arrived = resolve));
    // The second chunk's answer is held until the call has rejected, so it settles after the failure.
    server = await loopback((res, index, body) => {
      if (index !== 1) return created(res, body);
      release = () => created(res, body);
      arrived();
    });
    const client = zest();
    let requests = 0;
    let secondAnswered: () => void = () => {};
    const secondDone = new Promise<void>((done) => (secondAnswered = done));
    let responses = 0;
    // The first answer is chunk 0's (the second is held), so the second to come back is the held one.
    client.use({
      onRequest: () => {
        requests += 1;
      },
      onResponse: () => {
        responses += 1;
        if (responses === 2) secondAnswered();
      },
    });
    const boom = new Error('could not persist progress');
    let thrown = false;
    const failure = await client.investors
      .bulkCreate(investorRows(6), {
        chunkSize: 1,
        concurrency: 2,
        onChunk: () => {
          if (thrown) return;
          thrown = true;
          throw boom;
        },
      })
      .catch((e: unknown) => e);
    expect(failure).toBe(boom);
    await secondArrived;
    release!();
    await secondDone;
    await settle();
    expect(requests).toBe(2);
    expect(server!.hits).toHaveLength(2);
  });
});

describe('investors.bulkCreate when a chunk answer has no usable results', () => {
  const answers: Array<[string, unknown]> = [
    ['results a string', { results: 'abc' }],
    ['results null', { results: null }],
    ['results with null entries', { results: [null, 42, 'x'] }],
    ['a JSON null body', null],
  ];
  for (const [what, body] of answers) {
    it(`fails only that chunk's rows as missing_result: ${what}`, async () => {
      server = await loopback((res, index, sent) => (index === 0 ? answer(res, 200, body) : created(res, sent)));
      const { results, chunks } = await zest().investors.bulkCreate(investorRows(4), { chunkSize: 2, concurrency: 1 });
      expect(results.slice(0, 2)).toEqual([
        expect.objectContaining({
          partnerInvestorId: 'inv-0',
          status: 'failed',
          error: expect.objectContaining({ code: 'missing_result', retryable: true }),
        }),
        expect.objectContaining({
          partnerInvestorId: 'inv-1',
          status: 'failed',
          error: expect.objectContaining({ code: 'missing_result', retryable: true }),
        }),
      ]);
      expect(results.slice(2).map((r) => r.status)).toEqual(['created', 'created']);
      expect(chunks).toHaveLength(2);
    });
  }
});

describe('investors.bulkCreate given something other than an array of rows', () => {
  for (const [what, input] of [
    ['null', null],
    ['a string', 'abc'],
    ['an array holding null', [null]],
  ] as const) {
    it(`throws a TypeError for ${what}, sending nothing`, async () => {
      server = await loopback((res, _i, body) => created(res, body));
      const failure = await zest()
        .investors.bulkCreate(input as never)
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(TypeError);
      expect((failure as Error).message).toMatch(/bulkCreate/);
      expect(server.hits).toHaveLength(0);
    });
  }
});
