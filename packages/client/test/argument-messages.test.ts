// Mistakes in the calling code (a missing options object, a string where a number goes, a missing id) fail locally,
// before any request, with an error that names the argument and shows what was passed, type included: a TypeError
// for the wrong type, a RangeError for a number out of range. Against a real local server that counts requests.
import { describe, expect, it } from 'vitest';
import { createZestClient } from '../src/index.js';
import { answer, type Loopback, PDF, UPLOAD_TARGET, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();

/** What `run` threw or rejected with. */
async function failureOf(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

async function server(): Promise<Loopback> {
  return loopback((res) => answer(res, 200, {}));
}

describe('createZestClient options', () => {
  it('without an options object, is a TypeError naming the required options', async () => {
    for (const options of [undefined, null]) {
      const failure = await failureOf(() => createZestClient(options as never));
      expect(failure).toBeInstanceOf(TypeError);
      expect(failure.message).not.toMatch(/destructure/);
      expect(failure.message).toBe('createZestClient needs options with `baseUrl` or `environment`.');
    }
  });

  it('shows a string timeoutMs as a string, and refuses it as a TypeError', async () => {
    const atCreate = await failureOf(() =>
      createZestClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: '100' as never }),
    );
    expect(atCreate).toBeInstanceOf(TypeError);
    expect(atCreate.message).toBe('timeoutMs must be 0 (off) or from 1 to 2147483647 ms, got "100".');
    const target = await server();
    const zest = createZestClient({ baseUrl: target.url });
    const perCall = await failureOf(() => zest.system.health({ timeoutMs: '100' as never }));
    expect(perCall).toBeInstanceOf(TypeError);
    expect(perCall.message).toContain('got "100"');
    expect(target.hits).toHaveLength(0);
  });

  it('refuses every number out of range as a RangeError, in words that read naturally', async () => {
    const base = { baseUrl: 'http://127.0.0.1:1' };
    const timeout = await failureOf(() => createZestClient({ ...base, timeoutMs: -1 }));
    expect(timeout).toBeInstanceOf(RangeError);
    expect(timeout.message).toBe('timeoutMs must be 0 (off) or from 1 to 2147483647 ms, got -1.');
    const attempts = await failureOf(() => createZestClient({ ...base, retry: { maxAttempts: 0 } }).system.health());
    expect(attempts).toBeInstanceOf(RangeError);
    expect(attempts.message).toBe('retry.maxAttempts must be a whole number of at least 1, got 0.');
    expect(
      (await failureOf(() => createZestClient({ ...base, retry: { maxAttempts: 0 } }).system.health())).message,
    ).not.toMatch(/Infinity/);
    const chunk = await failureOf(() => createZestClient(base).investors.bulkCreate([], { chunkSize: 0 } as never));
    expect(chunk).toBeInstanceOf(RangeError);
    expect(chunk.message).toMatch(/must be a whole number of at least 1, got 0\.$/);
    // The wrong type stays a TypeError, the value shown with its type.
    const typed = await failureOf(() =>
      createZestClient({ ...base, retry: { maxAttempts: '3' as never } }).system.health(),
    );
    expect(typed).toBeInstanceOf(TypeError);
    expect(typed.message).toBe('retry.maxAttempts must be a whole number of at least 1, got "3".');
  });
});

describe('an upload given something other than a file', () => {
  for (const [what, file, shown] of [
    ['null', null, 'file must be a Blob or { data: bytes }, got null.'],
    ['a string', 'abc', 'file must be a Blob or { data: bytes }, got "abc".'],
    ['a number', 42, 'file must be a Blob or { data: bytes }, got 42.'],
    ['an array', [PDF], 'file must be a Blob or { data: bytes }, got an array.'],
    ['{ data: a string }', { data: 'abc' }, 'file.data must be bytes or a Blob, got "abc".'],
    ['{ data: null }', { data: null }, 'file.data must be bytes or a Blob, got null.'],
  ] as const) {
    it(`describes what was passed: ${what}`, async () => {
      const target = await server();
      const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 't' } });
      const failure = await failureOf(() => zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file: file as never }));
      expect(failure).toBeInstanceOf(TypeError);
      expect(failure.message).toBe(shown);
      expect(target.hits).toHaveLength(0);
    });
  }
});

describe('a path parameter that is missing, empty or not a string', () => {
  type Zest = ReturnType<typeof createZestClient>;
  const file = { data: PDF, filename: 'form.pdf' };
  const calls: Array<[string, string, (zest: Zest, bad: never) => Promise<unknown>]> = [
    ['spvRequests.get', 'slug', (z, bad) => z.spvRequests.get(bad)],
    ['spvRequests.cancel', 'slug', (z, bad) => z.spvRequests.cancel(bad)],
    ['subscriptions.create', 'spvSlug', (z, bad) => z.subscriptions.create(bad, {} as never)],
    [
      'subscriptions.uploadForm',
      'personId',
      (z, bad) => z.subscriptions.uploadForm({ spvSlug: 's', personId: bad, file }),
    ],
    [
      'subscriptions.uploadFundingReceipt',
      'spvSlug',
      (z, bad) => z.subscriptions.uploadFundingReceipt({ spvSlug: bad, personId: 'p', file } as never),
    ],
    ['contracts.listTemplates', 'version', (z, bad) => z.contracts.listTemplates(bad)],
    ['contracts.getTemplate', 'templateName', (z, bad) => z.contracts.getTemplate('v1', bad)],
    ['contracts.getCatalog', 'catalogName', (z, bad) => z.contracts.getCatalog('v1', bad)],
    ['contracts.getPrimitive', 'version', (z, bad) => z.contracts.getPrimitive(bad, 'p')],
    ['contracts.getSample', 'sampleName', (z, bad) => z.contracts.getSample('v1', bad)],
    ['GET', 'slug', (z, bad) => z.GET('/v1/spv-requests/{slug}', { params: { path: { slug: bad } } })],
  ];
  for (const [name, parameter, run] of calls) {
    it(`is a TypeError naming \`${parameter}\`, and nothing is sent: ${name}`, async () => {
      const target = await server();
      const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 't' } });
      for (const [bad, shown] of [
        [undefined, 'undefined'],
        ['', '""'],
        [42, '42'],
        [null, 'null'],
      ] as const) {
        const failure = await failureOf(() => run(zest, bad as never));
        expect(failure, String(bad)).toBeInstanceOf(TypeError);
        expect(failure.message).toMatch(
          new RegExp(`^Path parameter \`${parameter}\` of [A-Z]+ /\\S+ must be a non-empty string`),
        );
        expect(failure.message.endsWith(`got ${shown}.`)).toBe(true);
      }
      expect(target.hits).toHaveLength(0);
    });
  }

  it('is a TypeError when the raw call has no path parameters at all, and nothing is sent', async () => {
    const target = await server();
    const zest = createZestClient({ baseUrl: target.url });
    for (const init of [undefined, {}, { params: {} }, { params: { path: null } }]) {
      const failure = await failureOf(() => zest.GET('/v1/spv-requests/{slug}', init as never));
      expect(failure).toBeInstanceOf(TypeError);
      expect(failure.message).toBe(
        'Path parameter `slug` of GET /v1/spv-requests/{slug} must be a non-empty string other than . or .., got undefined.',
      );
    }
    expect(target.hits).toHaveLength(0);
  });

  it('sends the call when every path parameter is there', async () => {
    const target = await server();
    const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 't' } });
    await zest.spvRequests.get('veh_abc123');
    await zest.contracts.getSample('v1', 'subscription');
    expect(target.hits.map((hit) => `${hit.method} ${hit.url}`)).toEqual([
      'GET /v1/spv-requests/veh_abc123',
      'GET /v1/contracts/samples/v1/subscription',
    ]);
  });
});
