// Retry options and Retry-After values that would otherwise retry without limit, skip every wait or overflow the
// timer, played against a real local server.
import { describe, expect, it } from 'vitest';
import { createZestClient, type RetryOptions } from '../src/index.js';
import { answer, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();

const unavailable =
  (headers: Record<string, string> = {}) =>
  (res: import('node:http').ServerResponse) =>
    answer(res, 503, { code: 'service_unavailable', detail: 'down' }, headers);

const bad: Array<[string, unknown, RegExp]> = [
  ['maxAttempts NaN', { maxAttempts: Number.NaN }, /retry\.maxAttempts/],
  ['maxAttempts Infinity', { maxAttempts: Number.POSITIVE_INFINITY }, /retry\.maxAttempts/],
  ['maxAttempts 0', { maxAttempts: 0 }, /retry\.maxAttempts/],
  ['maxAttempts "4"', { maxAttempts: '4' }, /retry\.maxAttempts/],
  ['baseDelayMs NaN', { baseDelayMs: Number.NaN }, /retry\.baseDelayMs/],
  ['baseDelayMs -1', { baseDelayMs: -1 }, /retry\.baseDelayMs/],
  ['maxDelayMs Infinity', { maxDelayMs: Number.POSITIVE_INFINITY }, /retry\.maxDelayMs/],
  ['maxDelayMs 2^31', { maxDelayMs: 2 ** 31 }, /retry\.maxDelayMs/],
  ['maxRetryAfterMs NaN', { maxRetryAfterMs: Number.NaN }, /retry\.maxRetryAfterMs/],
  ['maxRetryAfterMs Infinity', { maxRetryAfterMs: Number.POSITIVE_INFINITY }, /retry\.maxRetryAfterMs/],
  ['retryOn a string', { retryOn: 'abc' }, /retry\.retryOn/],
  ['retryOn a number', { retryOn: 503 }, /retry\.retryOn/],
  ['random a number', { random: 0.5 }, /retry\.random/],
  ['sleep not a function', { sleep: 100 }, /retry\.sleep/],
  ['retry a string', 'abc', /retry must be/],
];

describe('retry options', () => {
  for (const [what, retry, message] of bad) {
    it(`refuses ${what} when the client is created and per call, sending nothing`, async () => {
      const server = await loopback(unavailable());
      const options = { baseUrl: server.url, auth: { accessToken: 't' } };
      expect(() => createZestClient({ ...options, retry: retry as RetryOptions })).toThrow(message);
      const zest = createZestClient(options);
      const failure = await zest.spvRequests.get('svr_1', { retry: retry as RetryOptions }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(['TypeError', 'RangeError']).toContain((failure as Error).name);
      expect((failure as Error).message).toMatch(message);
      expect(server.hits).toHaveLength(0);
    });
  }

  it('keeps the backoff within its ceiling when the injected random answers NaN or more than 1', async () => {
    const server = await loopback(unavailable());
    for (const random of [() => Number.NaN, () => 7, () => -1]) {
      const delays: number[] = [];
      const sleep = async (ms: number) => void delays.push(ms);
      const zest = createZestClient({
        baseUrl: server.url,
        auth: { accessToken: 't' },
        retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 100, random, sleep },
      });
      const result = await zest.spvRequests.get('svr_1');
      expect(result.response.status).toBe(503);
      expect(delays).toHaveLength(2);
      for (const ms of delays) expect(ms >= 0 && ms <= 100).toBe(true);
    }
  });
});

describe('Retry-After', () => {
  for (const value of ['-5', '+5', '1.5', '1, 1', ' 2x', 'Infinity']) {
    it(`falls back to the backoff for ${JSON.stringify(value)}`, async () => {
      const server = await loopback(unavailable({ 'Retry-After': value }));
      const delays: number[] = [];
      const zest = createZestClient({
        baseUrl: server.url,
        auth: { accessToken: 't' },
        retry: { maxAttempts: 2, baseDelayMs: 40, random: () => 0.5, sleep: async (ms) => void delays.push(ms) },
      });
      await zest.spvRequests.get('svr_1');
      expect(server.hits).toHaveLength(2);
      expect(delays).toEqual([20]);
    });
  }

  it('honours whole seconds with surrounding spaces and an HTTP-date', async () => {
    const date = new Date(Date.now() + 3_600_000).toUTCString();
    for (const [value, low, high] of [
      [' 2 ', 2000, 2000],
      [date, 3_000_000, 3_600_000],
    ] as const) {
      const server = await loopback(unavailable({ 'Retry-After': value }));
      const delays: number[] = [];
      const zest = createZestClient({
        baseUrl: server.url,
        auth: { accessToken: 't' },
        retry: { maxAttempts: 2, maxRetryAfterMs: 4_000_000, sleep: async (ms) => void delays.push(ms) },
      });
      await zest.spvRequests.get('svr_1');
      expect(delays).toHaveLength(1);
      expect(delays[0]! >= low && delays[0]! <= high).toBe(true);
    }
  });
});
