// Defects a fifth probe found, each checked through createZestClient against a real server on 127.0.0.1 (and real
// Ed25519 assertions): header values fetch cannot send (options refused by name, a provider's unusable token typed),
// idempotency keys that were silently replaced, base URLs spelled differently from their origin, and helpers
// called without their object argument.
import { verifyAssertion } from '@zestequity/partner-auth';
import { makeTestPartner } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
import { createZestClient, type FetchLike, ZestError, ZestNetworkError } from '../src/index.js';
import { answer, investorRows, PDF, spvCreate, UPLOAD_TARGET, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();

/** What `run` threw or rejected with, and whether it threw synchronously instead of rejecting. */
async function failureOf(run: () => unknown): Promise<Error & { sync?: boolean }> {
  let pending: unknown;
  try {
    pending = run();
  } catch (error) {
    return Object.assign(error as Error, { sync: true });
  }
  try {
    await pending;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

async function server() {
  return loopback((res) => answer(res, 200, { clientType: 'service', clientId: 'client_xyz' }));
}

// CR, LF, NUL, and a character beyond Latin-1: each makes undici's Headers throw a bare TypeError.
const BAD_VALUES = ['a\nb', 'a\rb', 'a\r\nInjected: yes', 'a\0b', 'price €5'];

describe('client options that cannot go in a header are refused when the client is created', () => {
  it('refuses a static accessToken that is empty, not a string or not a valid header value, without echoing it', () => {
    for (const accessToken of [...BAD_VALUES, '', 42, null]) {
      const error = (() => {
        try {
          createZestClient({ baseUrl: 'http://127.0.0.1:1', auth: { accessToken: accessToken as never } });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error, JSON.stringify(accessToken)).toBeInstanceOf(TypeError);
      expect(error!.message).toMatch(/^auth\.accessToken must be a non-empty string valid in an HTTP header, got /);
      // A token is a secret: the string given is not shown.
      if (typeof accessToken === 'string' && accessToken) {
        expect(error!.message).toContain('got a string (not shown, a secret)');
        expect(error!.message).not.toContain(JSON.stringify(accessToken).slice(1, 3));
      }
    }
  });

  it('refuses a headers value with a character a header cannot carry, naming the header', () => {
    for (const value of BAD_VALUES) {
      expect(() => createZestClient({ baseUrl: 'http://127.0.0.1:1', headers: { 'x-a': value } })).toThrow(
        new TypeError(`headers.x-a must be a string valid in an HTTP header, got ${JSON.stringify(value)}.`),
      );
    }
    expect(() => createZestClient({ baseUrl: 'http://127.0.0.1:1', headers: 'x-a: b' as never })).toThrow(
      new TypeError('headers must be an object, got "x-a: b".'),
    );
  });

  it('refuses a userAgent that is not a string valid in a header', () => {
    for (const userAgent of [...BAD_VALUES, 5]) {
      expect(() => createZestClient({ baseUrl: 'http://127.0.0.1:1', userAgent: userAgent as never })).toThrow(
        /^userAgent must be a string valid in an HTTP header, got /,
      );
    }
  });

  it('still sends valid values: Latin-1 text, an empty header, a number', async () => {
    const target = await server();
    const zest = createZestClient({
      baseUrl: target.url,
      auth: { accessToken: 'tok' },
      userAgent: 'partner/1.0 (café)',
      headers: { 'x-a': 'café', 'x-empty': '' },
    });
    const { response } = await zest.auth.info({ headers: { 'x-n': 5 as never } });
    expect(response.status).toBe(200);
    expect(target.hits[0]!.headers).toMatchObject({ authorization: 'Bearer tok', 'x-empty': '', 'x-n': '5' });
    expect(Buffer.from(target.hits[0]!.headers['x-a'] as string, 'latin1').toString('latin1')).toBe('café');
  });
});

describe('per-call header values and idempotency keys are refused at call time, before anything is sent', () => {
  it('refuses an idempotencyKey that is not a non-empty string valid in a header, on every helper that takes one', async () => {
    const target = await server();
    const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' } });
    for (const idempotencyKey of [...BAD_VALUES, '', 5, null, {}]) {
      for (const run of [
        () => zest.spvRequests.create(spvCreate, { idempotencyKey: idempotencyKey as never }),
        () =>
          zest.subscriptions.create('veh_1', { subscriptions: [] } as never, {
            idempotencyKey: idempotencyKey as never,
          }),
      ]) {
        const error = await failureOf(run);
        expect(error.sync, 'rejects, does not throw').toBeUndefined();
        expect(error).toBeInstanceOf(TypeError);
        expect(error.message).toMatch(/^idempotencyKey must be a non-empty string valid in an HTTP header, got /);
      }
    }
    expect(target.hits).toHaveLength(0);
  });

  it('sends a stored key as it is, and generates one only when the option is left undefined', async () => {
    const target = await loopback((res) => answer(res, 201, {}));
    const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' } });
    const replayed = await zest.spvRequests.create(spvCreate, { idempotencyKey: 'stored-key-1' });
    const fresh = await zest.spvRequests.create(spvCreate, { idempotencyKey: undefined });
    expect(replayed.idempotencyKey).toBe('stored-key-1');
    expect(target.hits[0]!.headers['idempotency-key']).toBe('stored-key-1');
    expect(fresh.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(target.hits[1]!.headers['idempotency-key']).toBe(fresh.idempotencyKey);
  });

  it('refuses a per-call header value a header cannot carry, on helpers and raw methods, naming it', async () => {
    const target = await server();
    const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' } });
    const cases: Array<[() => unknown, string]> = [
      [() => zest.auth.info({ headers: { 'x-a': 'b\nc' } }), 'headers.x-a'],
      [() => zest.spvRequests.get('svr_1', { headers: { 'x-trace': ['ok', 'b\rc'] as never } }), 'headers.x-trace'],
      [() => zest.GET('/v1/oauth2/info', { headers: { 'x-a': 'b\0c' } }), 'headers.x-a'],
      [
        () => zest.POST('/v1/spv-requests', { body: spvCreate, params: { header: { 'Idempotency-Key': 'a\nb' } } }),
        'params.header.Idempotency-Key',
      ],
      [
        () => zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file: { data: PDF } }, { headers: { 'x-a': '€' } }),
        'headers.x-a',
      ],
    ];
    for (const [run, name] of cases) {
      const error = await failureOf(run);
      expect(error.sync).toBeUndefined();
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(
        new RegExp(`^${name.replace(/\./g, '\\.')} must be a string valid in an HTTP header`),
      );
    }
    expect(target.hits).toHaveLength(0);
  });
});

describe('a custom TokenProvider whose token cannot be used', () => {
  it('fails the call with the typed error a throwing provider gets, naming the problem, without sending', async () => {
    const target = await server();
    for (const token of ['a\nb', 'x\r\nX-Injected: 1', 'tok€', '', 42, undefined, null, { token: 'a' }]) {
      const zest = createZestClient({
        baseUrl: target.url,
        auth: { getToken: async () => token as never },
        retry: false,
      });
      const error = await failureOf(() => zest.auth.info());
      expect(error).toBeInstanceOf(ZestNetworkError);
      expect(error).toBeInstanceOf(ZestError);
      expect(error).toMatchObject({ code: 'network_error' });
      expect(error.message).toMatch(
        /^Token provider failed: The token from getToken\(\) must be a non-empty string valid in an HTTP header, got /,
      );
      expect(error.cause).toBeInstanceOf(TypeError);
      if (typeof token === 'string' && token) expect(error.message).toContain('(not shown, a secret)');
    }
    expect(target.hits).toHaveLength(0);
  });

  it('still sends a good token, from a provider that answers synchronously too', async () => {
    const target = await server();
    const zest = createZestClient({ baseUrl: target.url, auth: { getToken: (() => 'tok') as never } });
    expect((await zest.auth.info()).response.status).toBe(200);
    expect(target.hits[0]!.headers.authorization).toBe('Bearer tok');
  });
});

describe('the base URL and the token audience come from the parsed URL', () => {
  const partner = makeTestPartner();

  /**
   * A real token endpoint and API on 127.0.0.1 that verifies the assertion with the auth package against `audience`,
   * reached through a fetch that forwards whatever origin the SDK used (so any host spelling reaches it).
   */
  async function origin(audience: string) {
    const urls: string[] = [];
    const target = await loopback((res, _index, body) => {
      const assertion = new URLSearchParams(body).get('assertion');
      if (assertion === null) return answer(res, 200, { clientType: 'service', clientId: partner.clientId });
      verifyAssertion({ assertion, audience, publicKey: partner.publicKeyPem, issuer: partner.issuer }).then(
        () => answer(res, 201, { accessToken: 'T', tokenType: 'Bearer', expiresIn: 3600 }),
        (error: Error) => answer(res, 401, { code: 'invalid_token', detail: error.message }),
      );
    });
    const fetch: FetchLike = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      urls.push(url.href);
      const forwarded = `${target.url}${url.pathname}${url.search}`;
      return globalThis.fetch(input instanceof Request ? new Request(forwarded, input) : forwarded, init);
    };
    return { urls, fetch };
  }

  it.each([
    ['an uppercase host', 'http://LOCALHOST:8080', 'http://localhost:8080'],
    ['an uppercase scheme and a trailing slash', 'HTTP://localhost:8080/', 'http://localhost:8080'],
    ['an explicit default port (https)', 'https://API.Partner.Example:443', 'https://api.partner.example'],
    ['an explicit default port (http), with a path', 'http://localhost:80/Base/', 'http://localhost/Base'],
  ])('works with %s: one audience, one base URL', async (_name, baseUrl, normalised) => {
    const { urls, fetch } = await origin(normalised);
    const zest = createZestClient({ baseUrl, auth: partner.credentials, fetch, throwOnError: true });
    expect(zest.baseUrl).toBe(normalised);
    const { data } = await zest.auth.info();
    expect(data.clientId).toBe(partner.clientId);
    expect(urls).toEqual([`${normalised}/v1/oauth2/tokens`, `${normalised}/v1/oauth2/info`]);
  });
});

describe('helpers called without their object argument', () => {
  it('refuses an upload target that is missing or not an object with a TypeError naming it, before sending', async () => {
    const target = await server();
    const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' } });
    for (const value of [undefined, null, 'veh_1', 5]) {
      for (const [name, run] of [
        ['uploadForm', () => zest.subscriptions.uploadForm(value as never)],
        ['uploadFundingReceipt', () => zest.subscriptions.uploadFundingReceipt(value as never)],
      ] as const) {
        const error = await failureOf(run);
        expect(error.sync).toBeUndefined();
        expect(error).toBeInstanceOf(TypeError);
        expect(error.message).toBe(`${name} target must be an object, got ${JSON.stringify(value) ?? 'undefined'}.`);
      }
    }
    expect(target.hits).toHaveLength(0);
  });

  it('refuses per-call options, queries and bulk options that are not objects, naming them; null is no options', async () => {
    const target = await server();
    const zest = createZestClient({ baseUrl: target.url, auth: { accessToken: 'tok' } });
    const cases: Array<[() => unknown, string]> = [
      [() => zest.spvRequests.get('svr_1', 5 as never), 'options of /v1/spv-requests/{slug} must be an object, got 5.'],
      [() => zest.auth.info('fast' as never), 'options of /v1/oauth2/info must be an object, got "fast".'],
      [
        () => zest.spvRequests.create(spvCreate, true as never),
        'options of /v1/spv-requests must be an object, got true.',
      ],
      [() => zest.spvRequests.listPage('open' as never), 'query must be an object, got "open".'],
      [() => zest.spvRequests.list('open' as never).next(), 'list query must be an object, got "open".'],
      [() => zest.spvRequests.list({}, 3 as never).next(), 'list options must be an object, got 3.'],
      [
        () => zest.investors.bulkCreate(investorRows(1), 'x' as never),
        'bulkCreate options must be an object, got "x".',
      ],
    ];
    for (const [run, message] of cases) {
      const error = await failureOf(run);
      expect(error.sync).toBeUndefined();
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(message);
    }
    expect(target.hits).toHaveLength(0);
    expect((await zest.auth.info(null as never)).response.status).toBe(200);
  });
});
