import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tokenKey } from '../src/domain/oauth.js';
import type { Sandbox } from '../src/index.js';
import {
  assertion,
  claimsFor,
  client,
  ed25519Signer,
  exchange,
  expectEnvelope,
  expectFramework422,
  hmacSigner,
  makePartner,
  rawJwt,
  rsaSigner,
  type TestPartner,
  token,
  useSandbox,
} from './helpers.js';

let sandbox: Sandbox;
let partner: TestPartner;
let other: TestPartner;

useSandbox(
  (started) => {
    ({ sandbox, partner } = started);
    [other] = started.others as [TestPartner];
  },
  { partners: () => [makePartner(), makePartner()] },
);

async function rejected(jwt: string, reason: RegExp) {
  const response = await exchange(sandbox, jwt);
  const body = (await response.json()) as { code: string; detail: string; errorId: string };
  expect(response.status, body.detail).toBe(401);
  expect(body.code).toBe('invalid_token');
  expect(body.detail).toMatch(reason);
}

describe('token exchange', () => {
  it('exchanges an EdDSA assertion for a bearer token (201, Bearer, expiresIn 3600) that works on /v1', async () => {
    const response = await exchange(sandbox, await assertion(sandbox, partner));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { accessToken: string; tokenType: string; expiresIn: number };
    expect(body.tokenType).toBe('Bearer');
    expect(body.expiresIn).toBe(3600);
    const info = await client(sandbox, body.accessToken).call('GET', '/v1/oauth2/info');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ clientType: 'service', clientId: partner.config.clientId });
  });

  it('accepts both http://127.0.0.1:<port> and http://localhost:<port> as aud', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const audience of [sandbox.url, `http://localhost:${sandbox.port}`]) {
      expect((await exchange(sandbox, await assertion(sandbox, partner, { audience }))).status).toBe(201);
    }
  });

  it('rejects an assertion for another environment (aud mismatch)', async () => {
    await rejected(
      await assertion(sandbox, partner, { audience: 'https://sandbox.api.zestequity.com' }),
      /audience_mismatch/,
    );
    await rejected(await assertion(sandbox, partner, { audience: `${sandbox.url}/` }), /audience_mismatch/);
  });

  it('rejects non-EdDSA assertions (HS256, RS256, none)', async () => {
    const claims = claimsFor(sandbox, partner);
    await rejected(
      rawJwt({ alg: 'HS256', typ: 'JWT' }, claims, hmacSigner(partner.config.webhookSecret!)),
      /unsupported_algorithm/,
    );
    await rejected(rawJwt({ alg: 'RS256', typ: 'JWT' }, claims, rsaSigner()), /unsupported_algorithm/);
    await rejected(
      rawJwt({ alg: 'none' }, claims, () => Buffer.alloc(0)).replace(/\.$/, '.AA'),
      /unsupported_algorithm/,
    );
  });

  it('rejects sub != client_id, unknown clients, wrong issuers and bad signatures', async () => {
    const sign = ed25519Signer(partner.privateKey);
    await rejected(
      rawJwt({ alg: 'EdDSA' }, claimsFor(sandbox, partner, { sub: other.config.clientId }), sign),
      /subject_mismatch/,
    );
    await rejected(
      rawJwt({ alg: 'EdDSA' }, claimsFor(sandbox, partner, { sub: 'client_nobody', client_id: 'client_nobody' }), sign),
      /unknown_client/,
    );
    await rejected(
      rawJwt({ alg: 'EdDSA' }, claimsFor(sandbox, partner, { iss: 'https://someone-else.example' }), sign),
      /issuer_mismatch/,
    );
    // Signed with the other partner's key while claiming to be this one.
    await rejected(
      rawJwt({ alg: 'EdDSA' }, claimsFor(sandbox, partner), ed25519Signer(other.privateKey)),
      /invalid_signature/,
    );
    await rejected('not-a-jwt', /malformed/);
  });

  it('rejects expired, future-dated and long-lived assertions (short lifetime)', async () => {
    const sign = ed25519Signer(partner.privateKey);
    const now = Math.floor(Date.now() / 1000);
    await rejected(
      rawJwt({ alg: 'EdDSA' }, claimsFor(sandbox, partner, { iat: now - 600, exp: now - 540 }), sign),
      /expired/,
    );
    await rejected(
      rawJwt({ alg: 'EdDSA' }, claimsFor(sandbox, partner, { iat: now + 600, exp: now + 660 }), sign),
      /issued_in_future/,
    );
    await rejected(
      rawJwt({ alg: 'EdDSA' }, claimsFor(sandbox, partner, { iat: now, exp: now + 3600 }), sign),
      /lifetime_too_long/,
    );
  });

  it('refuses other grant types and a missing assertion with the framework 422 the token endpoint declares', async () => {
    const response = await exchange(sandbox, await assertion(sandbox, partner), 'client_credentials');
    const wrongGrant = expectFramework422({
      status: response.status,
      body: await response.json(),
      text: '',
      headers: response.headers,
    });
    expect(wrongGrant).toEqual([expect.objectContaining({ loc: ['body', 'grant_type'] })]);
    const missing = await client(sandbox).call('POST', '/v1/oauth2/tokens', {
      raw: 'grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(expectFramework422(missing)).toEqual([
      expect.objectContaining({ loc: ['body', 'assertion'], type: 'missing' }),
    ]);
  });

  it('reads a repeated form field as its last value, as it reads a repeated query parameter', async () => {
    const jwt = await assertion(sandbox, partner);
    const jwtBearer = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    const send = (pairs: [string, string][]) =>
      client(sandbox).call('POST', '/v1/oauth2/tokens', {
        raw: new URLSearchParams(pairs).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const lastGrantRight = await send([
      ['grant_type', 'client_credentials'],
      ['grant_type', jwtBearer],
      ['assertion', jwt],
    ]);
    expect(lastGrantRight.status, lastGrantRight.text).toBe(201);
    const lastGrantWrong = await send([
      ['grant_type', jwtBearer],
      ['grant_type', 'client_credentials'],
      ['assertion', jwt],
    ]);
    expect(expectFramework422(lastGrantWrong)).toEqual([expect.objectContaining({ loc: ['body', 'grant_type'] })]);
    const lastAssertionBad = await send([
      ['grant_type', jwtBearer],
      ['assertion', jwt],
      ['assertion', 'garbage'],
    ]);
    expectEnvelope(lastAssertionBad, 401, 'invalid_token');
  });
});

describe('bearer tokens', () => {
  it('requires a valid bearer token on /v1 resources (401 invalid_token otherwise)', async () => {
    expectEnvelope(await client(sandbox).call('GET', '/v1/spv-requests'), 401, 'invalid_token');
    expectEnvelope(await client(sandbox, 'zsbx_forged').call('GET', '/v1/oauth2/info'), 401, 'invalid_token');
    const result = await client(sandbox).call('GET', '/v1/oauth2/info', { headers: { authorization: 'Basic abc' } });
    expectEnvelope(result, 401, 'invalid_token');
  });

  it('expires tokens after expiresIn (3600 s on the sandbox clock)', async () => {
    const accessToken = await token(sandbox, partner);
    const api = client(sandbox, accessToken);
    expect((await api.call('GET', '/v1/oauth2/info')).status).toBe(200);
    sandbox.admin.advanceClock(3599);
    expect((await api.call('GET', '/v1/oauth2/info')).status).toBe(200);
    sandbox.admin.advanceClock(2);
    expect(expectEnvelope(await api.call('GET', '/v1/oauth2/info'), 401, 'invalid_token').detail).toMatch(/expired/);
  });

  it('keys every token by its sha256, whether its key was memoised, dropped from the memo or too long to keep', async () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const tokens = Array.from({ length: 3000 }, (_, i) => `zsbx_${i.toString(36)}`);
    for (const round of [1, 2]) for (const t of tokens) expect(tokenKey(t), `round ${round}`).toBe(sha256(t));
    const long = `zsbx_${'x'.repeat(10_000)}`;
    expect(tokenKey(long)).toBe(sha256(long));
    // Through the server: after thousands of other tokens, a real token still works and a long forged one does not.
    const api = client(sandbox, await token(sandbox, partner));
    for (const t of tokens) tokenKey(t);
    expect((await api.call('GET', '/v1/oauth2/info')).status).toBe(200);
    expectEnvelope(await client(sandbox, long).call('GET', '/v1/oauth2/info'), 401, 'invalid_token');
  });

  it('scopes data to the token’s client: one partner cannot read another partner’s SPV request', async () => {
    const mine = client(sandbox, await token(sandbox, partner));
    const theirs = client(sandbox, await token(sandbox, other));
    const created = await mine.call('POST', '/v1/spv-requests', {
      json: {
        templateId: 'syndicate_secondary',
        templateVersion: '1.0.0',
        attributes: {
          underlyingCompanySlug: 'co_acme',
          currency: 'USD',
          shareClasses: [{ name: 'A', managementFeePercent: '2', carryPercent: '20' }],
        },
      },
      idempotencyKey: 'scoping-1',
    });
    expect(created.status).toBe(201);
    expectEnvelope(await theirs.call('GET', `/v1/spv-requests/${created.body.spvRequestSlug}`), 404, 'not_found');
    expect((await theirs.call('GET', '/v1/spv-requests')).body.count).toBe(0);
  });
});
