import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  AssertionVerificationError,
  type AssertionVerificationReason,
  createAssertion,
  UnsupportedKeyError,
  type VerifyAssertionOptions,
  verifyAssertion,
} from '../../src/index.js';
import { base64url, ed25519 } from '../helpers/keys.js';

const AUD = 'https://sandbox.api.zestequity.com';
const ISS = 'https://partner.example';
const CLIENT = 'client_xyz';
const NOW_S = 1778150000;
const NOW = NOW_S * 1000;

const pair = ed25519();
const stranger = ed25519();

const goodClaims = () => ({ iss: ISS, sub: CLIENT, aud: AUD, client_id: CLIENT, iat: NOW_S, exp: NOW_S + 60 });

/** Any header and payload, EdDSA-signed with node:crypto, so tests can build tokens the library would never mint. */
function rawJwt(
  payload: unknown,
  header: Record<string, unknown> = { alg: 'EdDSA', typ: 'JWT' },
  key = pair.privateKey,
): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${nodeSign(null, Buffer.from(input), key).toString('base64url')}`;
}

function options(assertion: string, extra: Partial<VerifyAssertionOptions> = {}): VerifyAssertionOptions {
  return {
    assertion,
    audience: AUD,
    now: NOW,
    resolveClient: (id) => (id === CLIENT ? { publicKey: pair.publicPem, issuer: ISS } : undefined),
    ...extra,
  };
}

async function reason(
  assertion: string,
  extra?: Partial<VerifyAssertionOptions>,
): Promise<{ reason: AssertionVerificationReason; claim?: string; message: string }> {
  const error = await verifyAssertion(options(assertion, extra)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssertionVerificationError);
  const e = error as AssertionVerificationError;
  return { reason: e.reason, ...(e.claim ? { claim: e.claim } : {}), message: e.message };
}

describe('verifyAssertion', () => {
  it('accepts what createAssertion makes, from every key form, and returns the client and claims', async () => {
    const assertion = await createAssertion({
      clientId: CLIENT,
      issuer: ISS,
      audience: AUD,
      privateKey: pair.privateKey,
      now: NOW,
    });
    for (const publicKey of [pair.publicPem, pair.publicKey, pair.publicKey.export({ format: 'jwk' })]) {
      const result = await verifyAssertion(
        options(assertion, { resolveClient: async () => ({ publicKey, issuer: ISS }) }),
      );
      expect(result).toEqual({ clientId: CLIENT, claims: goodClaims() });
    }
    const cryptoKey = await crypto.subtle.importKey(
      'spki',
      pair.publicKey.export({ format: 'der', type: 'spki' }),
      { name: 'Ed25519' },
      true,
      ['verify'],
    );
    await expect(
      verifyAssertion({ assertion, audience: AUD, now: NOW, publicKey: cryptoKey, issuer: ISS }),
    ).resolves.toMatchObject({ clientId: CLIENT });
  });

  it('accepts any of several audiences, each only exactly', async () => {
    const assertion = rawJwt(goodClaims());
    await expect(
      verifyAssertion(options(assertion, { audience: ['http://127.0.0.1:8080', AUD] })),
    ).resolves.toBeTruthy();
    expect((await reason(assertion, { audience: ['http://127.0.0.1:8080'] })).reason).toBe('audience_mismatch');
  });

  describe('rejects, with a reason for each rule', () => {
    const hs256 = () =>
      new SignJWT(goodClaims())
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long'));
    const rs256 = () =>
      new SignJWT(goodClaims())
        .setProtectedHeader({ alg: 'RS256' })
        .sign(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const es256 = () =>
      new SignJWT(goodClaims())
        .setProtectedHeader({ alg: 'ES256' })
        .sign(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    const without = (claim: string) => {
      const c: Record<string, unknown> = goodClaims();
      delete c[claim];
      return rawJwt(c);
    };
    const tampered = () => {
      const [h, , s] = rawJwt(goodClaims()).split('.');
      return `${h}.${base64url({ ...goodClaims(), client_id: 'client_evil', sub: 'client_evil' })}.${s}`;
    };

    const cases: [
      string,
      () => string | Promise<string>,
      { reason: AssertionVerificationReason; claim?: string },
      RegExp?,
    ][] = [
      ['not a JWT', () => 'not-a-jwt', { reason: 'malformed' }],
      ['two parts', () => 'a.b', { reason: 'malformed' }],
      ['an empty signature part', () => rawJwt(goodClaims()).replace(/\.[^.]+$/, '.'), { reason: 'malformed' }],
      [
        'a header that is not JSON',
        () => `${base64url('nope')}.${base64url(goodClaims())}.c2ln`,
        { reason: 'malformed' },
      ],
      ['a payload that is an array', () => rawJwt([1, 2]), { reason: 'malformed' }],
      ['an HS256 token', hs256, { reason: 'unsupported_algorithm' }, /HS256/],
      ['an RS256 token', rs256, { reason: 'unsupported_algorithm' }, /RS256/],
      ['an ES256 token', es256, { reason: 'unsupported_algorithm' }],
      ['alg none', () => `${base64url({ alg: 'none' })}.${base64url(goodClaims())}.`, { reason: 'malformed' }],
      [
        'alg none with a signature',
        () => `${base64url({ alg: 'none' })}.${base64url(goodClaims())}.c2ln`,
        { reason: 'unsupported_algorithm' },
      ],
      ['a crit header', () => rawJwt(goodClaims(), { alg: 'EdDSA', crit: ['exp'] }), { reason: 'malformed' }],
      ...(['iss', 'sub', 'aud', 'client_id', 'iat', 'exp'] as const).map(
        (claim) =>
          [`no ${claim}`, () => without(claim), { reason: 'missing_claim' as const, claim }] as [
            string,
            () => string,
            { reason: AssertionVerificationReason; claim: string },
          ],
      ),
      [
        'iat as a string',
        () => rawJwt({ ...goodClaims(), iat: String(NOW_S) }),
        { reason: 'invalid_claim', claim: 'iat' },
      ],
      ['an empty iss', () => rawJwt({ ...goodClaims(), iss: '' }), { reason: 'invalid_claim', claim: 'iss' }],
      ['exp before iat', () => rawJwt({ ...goodClaims(), exp: NOW_S - 1 }), { reason: 'invalid_claim', claim: 'exp' }],
      [
        'sub different from client_id',
        () => rawJwt({ ...goodClaims(), sub: 'client_other' }),
        { reason: 'subject_mismatch', claim: 'sub' },
      ],
      [
        'an unknown client_id',
        () => rawJwt({ ...goodClaims(), sub: 'client_nobody', client_id: 'client_nobody' }),
        { reason: 'unknown_client', claim: 'client_id' },
      ],
      [
        'a signature by another key',
        () => rawJwt(goodClaims(), undefined, stranger.privateKey),
        { reason: 'invalid_signature' },
      ],
      ['a payload changed after signing', tampered, { reason: 'unknown_client', claim: 'client_id' }],
      [
        'the production audience on the sandbox',
        () => rawJwt({ ...goodClaims(), aud: 'https://api.zestequity.com' }),
        { reason: 'audience_mismatch', claim: 'aud' },
      ],
      [
        'an audience with a trailing slash',
        () => rawJwt({ ...goodClaims(), aud: `${AUD}/` }),
        { reason: 'audience_mismatch', claim: 'aud' },
        /trailing slash/,
      ],
      [
        'an audience array',
        () => rawJwt({ ...goodClaims(), aud: [AUD] }),
        { reason: 'audience_mismatch', claim: 'aud' },
      ],
      [
        'another issuer',
        () => rawJwt({ ...goodClaims(), iss: 'https://evil.example' }),
        { reason: 'issuer_mismatch', claim: 'iss' },
      ],
      [
        'a lifetime over 300 s',
        () => rawJwt({ ...goodClaims(), exp: NOW_S + 301 }),
        { reason: 'lifetime_too_long', claim: 'exp' },
      ],
      [
        'an iat 6 s ahead',
        () => rawJwt({ ...goodClaims(), iat: NOW_S + 6, exp: NOW_S + 66 }),
        { reason: 'issued_in_future', claim: 'iat' },
        /NTP/,
      ],
      [
        'an nbf a minute ahead',
        () => rawJwt({ ...goodClaims(), nbf: NOW_S + 60 }),
        { reason: 'not_yet_valid', claim: 'nbf' },
      ],
      [
        'an exp 6 s past',
        () => rawJwt({ ...goodClaims(), iat: NOW_S - 66, exp: NOW_S - 6 }),
        { reason: 'expired', claim: 'exp' },
      ],
    ];

    it.each(cases)('%s', async (_name, make, want, message) => {
      const got = await reason(await make());
      expect({ reason: got.reason, ...(got.claim ? { claim: got.claim } : {}) }).toEqual(want);
      if (message) expect(got.message).toMatch(message);
    });

    it('says how far ahead a refused iat or nbf is, rounded up, beside the skew allowed', async () => {
      // Now is 0.6 s past a whole second: an iat 6 s ahead of that second is 5.4 s ahead, refused (> 5 s of skew),
      // and must not read "5 s in the future".
      const later = { now: NOW + 600 };
      const iat = await reason(rawJwt({ ...goodClaims(), iat: NOW_S + 6, exp: NOW_S + 66 }), later);
      expect(iat.message).toMatch(/^"iat" is 6 s in the future, more than the 5 s allowed;/);
      const nbf = await reason(rawJwt({ ...goodClaims(), nbf: NOW_S + 6 }), later);
      expect(nbf.message).toBe('"nbf" is 6 s in the future, more than the 5 s allowed.');
    });

    it('a payload changed after signing, for a known client', async () => {
      const [h, , s] = rawJwt(goodClaims()).split('.');
      const forged = `${h}.${base64url({ ...goodClaims(), exp: NOW_S + 120 })}.${s}`;
      expect((await reason(forged)).reason).toBe('invalid_signature');
    });
  });

  it('refuses every other spelling of a valid assertion: stray low bits, padding, the base64 alphabet', async () => {
    const good = rawJwt(goodClaims());
    await expect(verifyAssertion(options(good))).resolves.toMatchObject({ clientId: CLIENT });
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // An Ed25519 signature is 64 bytes: 86 characters, the last of which carries 4 bits nothing decodes.
    const last = ALPHABET.indexOf(signature.at(-1)!);
    const respelled = Array.from({ length: 15 }, (_, i) => ALPHABET[(last & ~15) | ((last + i + 1) & 15)]!);
    const variants = [
      ...respelled.map((c) => `${header}.${payload}.${signature.slice(0, -1)}${c}`),
      `${header}.${payload}.${signature}==`,
      `${header}=.${payload}.${signature}`,
      `${header}.${payload}.${signature.replaceAll('-', '+').replaceAll('_', '/')}`,
      `${header}.${payload}.${signature}A==`,
      `${header}.${payload} .${signature}`,
    ].filter((variant) => variant !== good);
    expect(variants.length).toBeGreaterThanOrEqual(19);
    for (const variant of variants) {
      expect(await reason(variant), variant.slice(-12)).toMatchObject({ reason: 'malformed' });
    }
  });

  it('allows a few seconds of clock skew, configurable', async () => {
    const slightlyAhead = rawJwt({ ...goodClaims(), iat: NOW_S + 4, exp: NOW_S + 64 });
    await expect(verifyAssertion(options(slightlyAhead))).resolves.toBeTruthy();
    const justExpired = rawJwt({ ...goodClaims(), iat: NOW_S - 64, exp: NOW_S - 4 });
    await expect(verifyAssertion(options(justExpired))).resolves.toBeTruthy();
    expect((await reason(justExpired, { clockSkewSeconds: 0 })).reason).toBe('expired');
    expect((await reason(rawJwt({ ...goodClaims(), exp: NOW_S + 61 }), { maxLifetimeSeconds: 60 })).reason).toBe(
      'lifetime_too_long',
    );
  });

  it('treats server configuration mistakes as programming errors, not as bad assertions', async () => {
    const assertion = rawJwt(goodClaims());
    await expect(verifyAssertion({ assertion, audience: AUD })).rejects.toThrow(TypeError);
    await expect(verifyAssertion({ assertion, audience: [], publicKey: pair.publicPem })).rejects.toThrow(TypeError);
    const rsaPublic = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();
    await expect(verifyAssertion({ assertion, audience: AUD, publicKey: rsaPublic })).rejects.toBeInstanceOf(
      UnsupportedKeyError,
    );
    await expect(verifyAssertion({ assertion, audience: AUD, publicKey: pair.privatePem })).rejects.toMatchObject({
      reason: 'wrong_key_kind',
    });
  });

  it('says a public key given as DER bytes must be passed as PEM text or a KeyObject', async () => {
    const assertion = rawJwt(goodClaims());
    const der = pair.publicKey.export({ format: 'der', type: 'spki' });
    for (const publicKey of [der, new Uint8Array(der).buffer]) {
      const error = await verifyAssertion({ assertion, audience: AUD, publicKey: publicKey as never }).catch((e) => e);
      expect(error).toBeInstanceOf(UnsupportedKeyError);
      expect(error).toMatchObject({ reason: 'unsupported_algorithm' });
      expect((error as Error).message).toMatch(/DER bytes are not accepted; pass the PEM text or a KeyObject/);
    }
  });

  it('says what is wrong with a missing options object or audience, instead of a TypeError from inside', async () => {
    const assertion = rawJwt(goodClaims());
    await expect(verifyAssertion(undefined as never)).rejects.toThrow('verifyAssertion() needs an options object.');
    for (const audience of [undefined, null, 5, { 0: AUD }])
      await expect(
        verifyAssertion({ assertion, audience: audience as never, publicKey: pair.publicPem, now: NOW }),
        String(audience),
      ).rejects.toThrow(/^`audience` must be the base URL/);
  });

  it('reads a public key PEM with text around it (a leading newline, an OpenSSL preamble)', async () => {
    const assertion = rawJwt(goodClaims());
    for (const publicKey of [`\n${pair.publicPem}`, `  ${pair.publicPem}`, `Subject: partner\n${pair.publicPem}`])
      await expect(verifyAssertion({ assertion, audience: AUD, publicKey, now: NOW })).resolves.toMatchObject({
        clientId: CLIENT,
      });
  });
});
