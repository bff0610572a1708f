// Bodies that no recursive step may see and bytes that must not be silently rewritten: nesting beyond
// MAX_JSON_DEPTH, duplicate keys, and invalid UTF-8 in JSON, form, query and multipart text, on every route.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { loadSpec } from '@zestequity/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_JSON_ARRAY_ITEMS, MAX_JSON_BODY_BYTES, MAX_JSON_DEPTH, type Sandbox, storedPeople } from '../src/index.js';
import {
  approvedSpv,
  assertion,
  type Client,
  createInvestor,
  createSubscription,
  fileForm,
  PDF,
  SAMPLE_ATTRIBUTES,
  spvRequestBody,
  type TestPartner,
  token,
  useSandbox,
} from './helpers.js';
import { type RawAnswer, raw } from './raw-http.js';

let sandbox: Sandbox;
let partner: TestPartner;
let api: Client;
let bearer: string;

useSandbox((started) => ({ sandbox, partner, api } = started));
beforeAll(async () => {
  bearer = await token(sandbox, partner);
});

const count = (collection: 'spvRequests' | 'people' | 'subscriptions' | 'idempotency') =>
  [...(collection === 'people' ? storedPeople(sandbox.store) : sandbox.store.values(collection))].length;

function postJson(path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return sendJson('POST', path, body, headers);
}

/** A JSON body sent as a partner sends it (token, a fresh Idempotency-Key), to any route, admin ones included. */
function sendJson(
  method: string,
  path: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  return raw(sandbox.url, {
    method,
    path,
    headers: {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      ...headers,
    },
    body,
  });
}

/** `{"templateId":…,"attributes":{"deep":[[…]]}}` whose deepest container sits at `depth` (the body is level 1). */
function nestedSpvRequest(depth: number): string {
  const inner = depth - 2; // the body and `attributes` are two levels
  return `{"templateId":"syndicate_secondary","templateVersion":"1.0.0","attributes":{"deep":${'['.repeat(inner)}${']'.repeat(inner)}}}`;
}

const refusedForDepth = (answer: RawAnswer) =>
  answer.status === 400 && answer.json?.code === 'invalid_request' && /nested more than/.test(answer.json.detail);

describe(`JSON nesting limit (${MAX_JSON_DEPTH} levels)`, () => {
  it('refuses a body nested 100,000 levels deep with an Idempotency-Key: 400 in the envelope, not a stack overflow', async () => {
    for (const open of ['[', '{"a":']) {
      const close = open === '[' ? ']' : '}';
      const body = `{"templateId":"syndicate_secondary","templateVersion":"1.0.0","attributes":{"deep":${open.repeat(100_000)}1${close.repeat(100_000)}}}`;
      const answer = await postJson('/v1/spv-requests', body);
      expect(refusedForDepth(answer), `${open}: ${answer.status} ${answer.text.slice(0, 300)}`).toBe(true);
    }
    expect(count('spvRequests')).toBe(0);
    expect(count('idempotency')).toBe(0);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels (judged on content) and refuses ${MAX_JSON_DEPTH + 1}`, async () => {
    const atLimit = await postJson('/v1/spv-requests', nestedSpvRequest(MAX_JSON_DEPTH));
    expect(atLimit.status, atLimit.text).toBe(400);
    expect(atLimit.json.code).toBe('validation_error'); // read and judged: `deep` is not an attribute
    expect(refusedForDepth(await postJson('/v1/spv-requests', nestedSpvRequest(MAX_JSON_DEPTH + 1)))).toBe(true);
  });

  it('does not count brackets, braces or escaped quotes inside strings', async () => {
    const dealName = `${'['.repeat(50)}\\"{{{${'{'.repeat(50)}`;
    const body = JSON.stringify(spvRequestBody({ ...SAMPLE_ATTRIBUTES, dealName: JSON.parse(`"${dealName}"`) }));
    const answer = await postJson('/v1/spv-requests', body);
    expect(answer.status, answer.text).toBe(201);
    expect(answer.json.attributes.dealName).toBe(JSON.parse(`"${dealName}"`));
  });

  it('applies on every route that reads JSON, admin included, before anything else looks at the body', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`; // under the admin API's 64 KiB body cap
    const { spvSlug } = await approvedSpv(sandbox, api);
    const before = count('spvRequests');
    const targets: [string, string][] = [
      ['POST', '/v1/spv-requests'],
      ['POST', '/v1/investors'],
      ['POST', `/v1/spvs/${spvSlug}/subscriptions`],
      ['PUT', '/sandbox/faults'],
      ['POST', '/sandbox/clock'],
      ['POST', '/sandbox/spv-requests/svr_unknown/reject'],
    ];
    for (const [method, path] of targets) {
      const answer = await sendJson(method, path, deep);
      // bulkCreateInvestors declares the framework's 422 and no 400; everything else answers the envelope.
      const ok =
        refusedForDepth(answer) || (answer.status === 422 && /nested more than/.test(JSON.stringify(answer.json)));
      expect(ok, `${method} ${path}: ${answer.status} ${answer.text.slice(0, 200)}`).toBe(true);
    }
    expect(count('spvRequests')).toBe(before);
    expect((await api.call('GET', '/sandbox/clock')).body.offsetSeconds).toBe(0);
  });
});

describe(`array size limit (${MAX_JSON_ARRAY_ITEMS.toLocaleString('en-US')} items)`, () => {
  const withShareClasses = (n: number) =>
    JSON.stringify(spvRequestBody({ ...SAMPLE_ATTRIBUTES, shareClasses: new Array(n).fill(0) }));

  it('judges an array at the limit on its content and refuses one item more before parsing', async () => {
    const atLimit = await postJson('/v1/spv-requests', withShareClasses(MAX_JSON_ARRAY_ITEMS));
    expect(atLimit.status, atLimit.text.slice(0, 200)).toBe(400);
    expect(atLimit.json.code).toBe('validation_error');
    const over = await postJson('/v1/spv-requests', withShareClasses(MAX_JSON_ARRAY_ITEMS + 1));
    expect(over.status).toBe(400);
    expect(over.json).toMatchObject({ code: 'invalid_request', detail: expect.stringMatching(/array of more than/) });
  });

  it('refuses 100,000 bad investor rows (200 KB) instead of validating each one', async () => {
    const before = count('people');
    const answer = await postJson('/v1/investors', JSON.stringify({ investors: new Array(100_000).fill(0) }));
    expect(answer.status, answer.text.slice(0, 200)).toBe(422); // bulkCreateInvestors declares the framework's 422 and no 400
    expect(answer.text).toMatch(/array of more than/);
    expect(count('people')).toBe(before);
  });
});

describe('duplicate keys', () => {
  it('refuses an object that names a key twice, at any depth and however the key is escaped', async () => {
    const before = count('spvRequests');
    const bodies = [
      '{"templateId":"x","templateId":"syndicate_secondary","templateVersion":"1.0.0","attributes":{"underlyingCompanySlug":"co_acme","currency":"USD","shareClasses":[{"name":"A","managementFeePercent":"2.0","carryPercent":"20.0"}]}}',
      '{"templateId":"syndicate_secondary","templateVersion":"1.0.0","attributes":{"underlyingCompanySlug":"co_acme","currency":"EUR","currency":"USD","shareClasses":[{"name":"A","managementFeePercent":"2.0","carryPercent":"20.0"}]}}',
      '{"templateId":"syndicate_secondary","templateVersion":"1.0.0","attributes":{"underlyingCompanySlug":"co_acme","currency":"USD","shareClasses":[{"name":"A","name":"B","managementFeePercent":"2.0","carryPercent":"20.0"}]}}',
      '{"templateId":"syndicate_secondary","templateVersion":"1.0.0","attributes":{"underlyingCompanySlug":"co_acme","currency":"USD","\\u0063urrency":"EUR","shareClasses":[{"name":"A","managementFeePercent":"2.0","carryPercent":"20.0"}]}}',
      '{"templateId":"syndicate_secondary","templateVersion":"1.0.0","attributes":{"__proto__":{"a":{"b":1}},"__proto__":{},"underlyingCompanySlug":"co_acme","currency":"USD","shareClasses":[{"name":"A\\\\","managementFeePercent":"2.0","carryPercent":"20.0"}]}}',
    ];
    for (const body of bodies) {
      const answer = await postJson('/v1/spv-requests', body);
      expect(answer.status, answer.text).toBe(400);
      expect(answer.json.code).toBe('invalid_request');
      expect(answer.json.detail).toMatch(/twice/);
    }
    expect(count('spvRequests')).toBe(before);
  });

  it('accepts the same key in different objects', async () => {
    const body = JSON.stringify(
      spvRequestBody({
        ...SAMPLE_ATTRIBUTES,
        shareClasses: [
          { name: 'A', managementFeePercent: '2.0', carryPercent: '20.0' },
          { name: 'B', managementFeePercent: '1.0', carryPercent: '10.0' },
        ],
      }),
    );
    expect((await postJson('/v1/spv-requests', body)).status).toBe(201);
  });
});

describe('lone UTF-16 surrogates (escapes without their pair) are refused, never stored', () => {
  it('on every route that reads JSON, admin included, in values and in keys, and pairs are kept', async () => {
    const { spvSlug } = await approvedSpv(sandbox, api);
    const people = count('people');
    const investor = (firstName: string) =>
      `{"investors":[{"partnerInvestorId":"${randomUUID()}","email":"lone@example.com","firstName":"${firstName}","lastName":"B","dateOfBirth":"1985-04-12"}]}`;
    const targets: [string, string, string][] = [
      ['POST', '/v1/investors', investor('\\ud800')],
      ['POST', '/v1/investors', investor('A\\udc00B')],
      ['POST', '/v1/investors', investor('\\ud83d\\ud83d')],
      ['POST', '/v1/investors', investor('\\ude00\\ud83d')],
      ['POST', '/v1/spv-requests', nestedSpvRequest(3).replace('"deep"', '"\\udbff"')],
      ['POST', `/v1/spvs/${spvSlug}/subscriptions`, '{"subscriptions":[{"zestPersonId":"\\ud800"}]}'],
      ['POST', '/sandbox/triggers', '{"eventType":"investor.created\\ud800"}'],
      ['POST', '/sandbox/spv-requests/svr_unknown/reject', '{"reason":"\\udfff"}'],
    ];
    for (const [method, path, body] of targets) {
      const answer = await sendJson(method, path, body);
      const what = `${method} ${path} ${body}: ${answer.status} ${answer.text.slice(0, 300)}`;
      // bulkCreateInvestors declares the framework's 422 and no 400; everything else answers the envelope.
      const refused =
        (answer.status === 400 &&
          answer.json?.code === 'invalid_request' &&
          /lone UTF-16 surrogate/.test(answer.json.detail)) ||
        (answer.status === 422 && /lone UTF-16 surrogate/.test(JSON.stringify(answer.json)));
      expect(refused, what).toBe(true);
    }
    expect(count('people')).toBe(people);
    const paired = await postJson('/v1/investors', investor('\\ud83d\\ude80 Rocket'));
    expect(paired.status, paired.text).toBe(200);
    expect(paired.json.results[0].status).toBe('created');
    expect(count('people')).toBe(people + 1);
  });
});

describe('invalid UTF-8 is refused, never replaced with U+FFFD', () => {
  // A lone continuation byte, a truncated sequence, an overlong '/', an encoded surrogate, a byte that never occurs.
  const BAD = [[0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff]].map((bytes) => Buffer.from(bytes));

  it('in a JSON body (400 invalid_request, nothing stored)', async () => {
    const before = count('spvRequests');
    for (const bad of BAD) {
      const [head, tail] = JSON.stringify(spvRequestBody({ ...SAMPLE_ATTRIBUTES, dealName: 'Acme @@' })).split(
        '@@',
      ) as [string, string];
      const answer = await postJson('/v1/spv-requests', Buffer.concat([Buffer.from(head), bad, Buffer.from(tail)]));
      expect(answer.status, `${bad.toString('hex')}: ${answer.text}`).toBe(400);
      expect(answer.json.code).toBe('invalid_request');
      expect(answer.json.detail).toMatch(/UTF-8/);
    }
    expect(count('spvRequests')).toBe(before);
    // Well-formed multi-byte text is kept exactly.
    const fine = await postJson(
      '/v1/spv-requests',
      JSON.stringify(spvRequestBody({ ...SAMPLE_ATTRIBUTES, dealName: 'Société 🚀 ünïcödé' })),
    );
    expect(fine.json.attributes.dealName).toBe('Société 🚀 ünïcödé');
  });

  it('in a form body, raw or percent-encoded (the token endpoint answers its declared 422)', async () => {
    const jwt = await assertion(sandbox, partner);
    for (const bad of BAD) {
      for (const body of [
        Buffer.concat([
          Buffer.from(`grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=${jwt}&note=`),
          bad,
        ]),
        Buffer.from(
          `grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=${jwt}&note=${[...bad].map((b) => `%${b.toString(16).toUpperCase()}`).join('')}`,
        ),
      ]) {
        const answer = await raw(sandbox.url, {
          method: 'POST',
          path: '/v1/oauth2/tokens',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
        expect(answer.status, answer.text).toBe(422);
        expect(JSON.stringify(answer.json)).toMatch(/UTF-8/);
      }
    }
  });

  it('in the query string, on /v1 and admin routes', async () => {
    for (const bad of BAD) {
      const encoded = [...bad].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      const v1 = await api.call('GET', `/v1/spv-requests?status=${encoded}`);
      expect(v1.status, v1.text).toBe(422); // listSpvRequests declares the framework's 422 and no 400
      expect(v1.text).toMatch(/UTF-8/);
      const admin = await api.call('GET', `/sandbox/spv-requests?status=${encoded}`);
      expect(admin.status, admin.text).toBe(400);
      expect(admin.body.code).toBe('invalid_request');
      // Operations that take no query parameters ignore the query string, as the live service does: a 400 there
      // was a status those operations do not declare.
      for (const path of ['/public/hc', '/v1/contracts', '/v1/oauth2/info', '/v1/contracts/templates/1.0.0']) {
        const ignored = await api.call('GET', `${path}?x=${encoded}&${encoded}=1`);
        expect(ignored.status, `${path}: ${ignored.text}`).toBe(200);
      }
    }
  });

  it('in a multipart text field', async () => {
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const personId = await createInvestor(api);
    await createSubscription(api, spvSlug, personId, shareClassSlug);
    expect(
      (
        await api.call('POST', `/v1/spvs/${spvSlug}/subscription/${personId}/forms`, {
          form: fileForm(PDF, 'application/pdf'),
        })
      ).status,
    ).toBe(201);
    const boundary = `zest${randomUUID().replace(/-/g, '')}`;
    const part = (name: string, value: Buffer) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
        value,
        Buffer.from('\r\n'),
      ]);
    const multipart = (reference: Buffer) =>
      Buffer.concat([
        part('amount', Buffer.from('50000.00')),
        part('currency', Buffer.from('USD')),
        part('wireReference', reference),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        PDF,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const send = (reference: Buffer) =>
      raw(sandbox.url, {
        method: 'POST',
        path: `/v1/spvs/${spvSlug}/subscription/${personId}/fundings`,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: multipart(reference),
      });
    for (const bad of BAD) {
      const answer = await send(Buffer.concat([Buffer.from('WIRE-'), bad]));
      expect(answer.status, answer.text).toBe(400);
      expect(answer.json.detail).toMatch(/UTF-8/);
    }
    const subscription = [...sandbox.store.values<{ personId: string; funding?: unknown }>('subscriptions')].find(
      (s) => s.personId === personId,
    );
    expect(subscription?.funding).toBeUndefined();
    const fine = await send(Buffer.from('WIRE-Société-🚀'));
    expect(fine.status, fine.text).toBe(201);
    expect(fine.json.wireReference).toBe('WIRE-Société-🚀');
  });
});

// The spec is the contract partners read: the limits the sandbox enforces must be the ones it states.
describe('the body limits the spec documents', () => {
  it('are the limits the sandbox enforces', async () => {
    const spec = loadSpec();
    const text = String(spec.info.description).replace(/\s+/g, ' ');
    expect(text).toContain(`at most ${MAX_JSON_DEPTH} levels deep`);
    expect(text).toContain(`at most ${MAX_JSON_ARRAY_ITEMS.toLocaleString('en-US')} items in any one array`);
    expect(text).toContain(`at most 5 MiB (${MAX_JSON_BODY_BYTES.toLocaleString('en-US')} bytes)`);
  });
});

describe('a client that goes away in the middle of its body', () => {
  it('is not logged as an internal error, stores nothing, and the sandbox goes on serving', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const before = count('people');
      const { port } = new URL(sandbox.url);
      for (const cut of ['Content-Length: 1000\r\n\r\n{"investors":[', 'Transfer-Encoding: chunked\r\n\r\nzz\r\n']) {
        await new Promise<void>((resolve) => {
          const socket = connect(Number(port), '127.0.0.1', () => {
            socket.write(
              `POST /v1/investors HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${bearer}\r\n` +
                `Content-Type: application/json\r\n${cut}`,
            );
            setTimeout(() => socket.destroy(), 50);
          });
          socket.on('error', () => {});
          socket.on('close', () => resolve());
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(errors.mock.calls.filter((call) => String(call[0]).includes('internal error'))).toEqual([]);
      expect(count('people')).toBe(before);
      const answer = await api.call('GET', '/v1/spv-requests');
      expect(answer.status).toBe(200);
    } finally {
      errors.mockRestore();
    }
  });
});
