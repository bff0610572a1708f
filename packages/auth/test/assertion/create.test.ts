import { createPrivateKey, createSecretKey, generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAssertion, type KeyErrorReason, UnsupportedKeyError } from '../../src/index.js';
import { ed25519 } from '../helpers/keys.js';

const base = {
  clientId: 'client_xyz',
  issuer: 'https://partner.example',
  audience: 'https://sandbox.api.zestequity.com',
};
const NOW = 1778150000_000;
const DER = /DER bytes are not accepted; pass the PEM text or a KeyObject/;
const derOf = (pair: ReturnType<typeof ed25519>) => pair.privateKey.export({ format: 'der', type: 'pkcs8' });

function decode(jwt: string) {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
    signingInput: Buffer.from(`${h}.${p}`),
    signature: Buffer.from(s, 'base64url'),
  };
}

describe('createAssertion', () => {
  const pair = ed25519();

  it.each([
    ['PKCS#8 PEM string', () => pair.privatePem],
    ['JWK', () => pair.privateKey.export({ format: 'jwk' })],
    ['Node KeyObject', () => pair.privateKey],
    [
      'Web Crypto CryptoKey',
      () =>
        crypto.subtle.importKey('jwk', pair.privateKey.export({ format: 'jwk' }), { name: 'Ed25519' }, false, ['sign']),
    ],
  ])('signs with EdDSA from a %s, with exactly the documented claims', async (_form, key) => {
    const jwt = await createAssertion({ ...base, privateKey: (await key()) as never, now: NOW });
    const { header, payload, signingInput, signature } = decode(jwt);
    expect(header).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    expect(Object.keys(payload).sort()).toEqual(['aud', 'client_id', 'exp', 'iat', 'iss', 'sub']);
    expect(payload).toEqual({
      iss: 'https://partner.example',
      sub: 'client_xyz',
      aud: 'https://sandbox.api.zestequity.com',
      client_id: 'client_xyz',
      iat: 1778150000,
      exp: 1778150060,
    });
    // Checked with node:crypto directly, not with the library or jose.
    expect(nodeVerify(null, signingInput, pair.publicKey, signature)).toBe(true);
  });

  it('uses lifetimeSeconds and a Date for now, and keeps assertions short-lived', async () => {
    const jwt = await createAssertion({
      ...base,
      privateKey: pair.privatePem,
      lifetimeSeconds: 30,
      now: new Date(NOW + 999),
    });
    expect(decode(jwt).payload).toMatchObject({ iat: 1778150000, exp: 1778150030 });
    for (const lifetimeSeconds of [0, -1, 1.5, 301, Number.NaN]) {
      await expect(createAssertion({ ...base, privateKey: pair.privatePem, lifetimeSeconds })).rejects.toThrow(
        RangeError,
      );
    }
  });

  it("is byte for byte what jose's SignJWT makes from the same claims and key (Ed25519 is deterministic)", async () => {
    for (const [aud, now] of [
      ['https://sandbox.api.zestequity.com', NOW],
      ['http://localhost:8080/ü?x="y"', NOW + 1234],
    ] as const) {
      const ours = await createAssertion({ ...base, audience: aud, privateKey: pair.privatePem, now });
      const iat = Math.floor(now / 1000);
      const claims = { iss: base.issuer, sub: base.clientId, aud, client_id: base.clientId, iat, exp: iat + 60 };
      const theirs = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
        .sign(await importPKCS8(pair.privatePem, 'EdDSA'));
      expect(ours).toBe(theirs);
    }
  });

  it('refuses empty identifiers', async () => {
    await expect(createAssertion({ ...base, clientId: '', privateKey: pair.privatePem })).rejects.toThrow(/clientId/);
    await expect(createAssertion({ ...base, audience: ' ', privateKey: pair.privatePem })).rejects.toThrow(/audience/);
  });

  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed448 = generateKeyPairSync('ed448');
  const x25519 = generateKeyPairSync('x25519');
  const encryptedPem = pair.privateKey
    .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'test' })
    .toString();

  const refused: [string, () => unknown, KeyErrorReason, RegExp][] = [
    [
      'an RSA PKCS#8 PEM',
      () => rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }),
      'unsupported_algorithm',
      /RSA/,
    ],
    [
      'an RSA PKCS#1 PEM',
      () => rsa.privateKey.export({ format: 'pem', type: 'pkcs1' }),
      'unsupported_algorithm',
      /RSA/,
    ],
    ['an EC SEC1 PEM', () => ec.privateKey.export({ format: 'pem', type: 'sec1' }), 'unsupported_algorithm', /EC/],
    ['an EC PKCS#8 PEM', () => ec.privateKey.export({ format: 'pem', type: 'pkcs8' }), 'unsupported_algorithm', /EC/],
    ['an Ed448 PEM', () => ed448.privateKey.export({ format: 'pem', type: 'pkcs8' }), 'unsupported_algorithm', /Ed448/],
    [
      'an X25519 PEM',
      () => x25519.privateKey.export({ format: 'pem', type: 'pkcs8' }),
      'unsupported_algorithm',
      /X25519/,
    ],
    ['the Ed25519 public key PEM', () => pair.publicPem, 'wrong_key_kind', /public key/],
    ['an encrypted PEM', () => encryptedPem, 'invalid_key', /encrypted/],
    [
      'a PEM with a corrupt body',
      () => '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      'invalid_key',
      /DER/,
    ],
    [
      'an OpenSSH key file',
      () => '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----',
      'unsupported_key_type',
      /ssh-keygen/,
    ],
    ['a file path', () => './keys/ed25519-private.pem', 'unsupported_key_type', /file path/],
    // Linear in the size: a lazy regex over many BEGIN lines without an END took ~30 s for this megabyte.
    [
      'a megabyte of BEGIN lines without an END',
      () => '-----BEGIN PRIVATE KEY-----\n'.repeat(40_000),
      'invalid_key',
      /no PRIVATE KEY block/,
    ],
    ['an RSA JWK', () => rsa.privateKey.export({ format: 'jwk' }), 'unsupported_algorithm', /RSA/],
    ['an EC JWK', () => ec.privateKey.export({ format: 'jwk' }), 'unsupported_algorithm', /P-256/],
    ['an Ed448 JWK', () => ed448.privateKey.export({ format: 'jwk' }), 'unsupported_algorithm', /Ed448/],
    ['an HMAC JWK', () => ({ kty: 'oct', k: 'c2VjcmV0' }), 'unsupported_algorithm', /HMAC/],
    [
      'an Ed25519 JWK marked RS256',
      () => ({ ...pair.privateKey.export({ format: 'jwk' }), alg: 'RS256' }),
      'unsupported_algorithm',
      /RS256/,
    ],
    ['a public Ed25519 JWK', () => pair.publicKey.export({ format: 'jwk' }), 'wrong_key_kind', /public/],
    ['an RSA KeyObject', () => rsa.privateKey, 'unsupported_algorithm', /rsa/],
    ['a secret KeyObject', () => createSecretKey(Buffer.from('secret')), 'unsupported_algorithm', /HMAC/],
    ['a public KeyObject', () => pair.publicKey, 'wrong_key_kind', /public/],
    ['raw HS256 secret bytes', () => new TextEncoder().encode('secret'), 'unsupported_algorithm', /HS256/],
    // DER bytes are a key in the wrong wrapping, not an HMAC secret: the message says what to pass instead.
    ['an Ed25519 PKCS#8 DER Buffer', () => derOf(pair), 'unsupported_algorithm', DER],
    ['the same DER as an ArrayBuffer', () => new Uint8Array(derOf(pair)).buffer, 'unsupported_algorithm', DER],
    [
      'the same DER in a view at an offset',
      () => new Uint8Array([0, 0, ...derOf(pair)]).subarray(2),
      'unsupported_algorithm',
      DER,
    ],
    [
      'an Ed25519 SPKI DER Buffer',
      () => pair.publicKey.export({ format: 'der', type: 'spki' }),
      'unsupported_algorithm',
      DER,
    ],
    [
      'an RSA PKCS#8 DER Buffer',
      () => rsa.privateKey.export({ format: 'der', type: 'pkcs8' }),
      'unsupported_algorithm',
      DER,
    ],
    ['a number', () => 42, 'unsupported_key_type', /number/],
    ['null', () => null, 'unsupported_key_type', /null/],
    ['an object that is no key', () => ({ hello: 'world' }), 'unsupported_key_type', /JWK/],
  ];

  it.each(refused)('refuses %s with a typed error that says why', async (_name, key, reason, message) => {
    const error = await createAssertion({ ...base, privateKey: key() as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedKeyError);
    expect(error).toMatchObject({ reason });
    expect((error as Error).message).toMatch(message);
  });

  it('does not call non-DER bytes DER: an HMAC secret is still named one', async () => {
    const error = await createAssertion({ ...base, privateKey: Buffer.from('secret') as never }).catch((e) => e);
    expect((error as Error).message).not.toMatch(/DER/);
    expect((error as Error).message).toMatch(/HS256/);
  });

  it('signs with the DER key once it is passed as the KeyObject the message suggests', async () => {
    const privateKey = createPrivateKey({ key: derOf(pair), format: 'der', type: 'pkcs8' });
    const { signingInput, signature } = decode(await createAssertion({ ...base, privateKey, now: NOW }));
    expect(nodeVerify(null, signingInput, pair.publicKey, signature)).toBe(true);
  });

  it('refuses Web Crypto keys of other algorithms or kinds', async () => {
    const ecdsa = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const ed = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    for (const [key, reason] of [
      [ecdsa.privateKey, 'unsupported_algorithm'],
      [hmac, 'unsupported_algorithm'],
      [ed.publicKey, 'wrong_key_kind'],
    ] as const) {
      await expect(createAssertion({ ...base, privateKey: key })).rejects.toMatchObject({
        name: 'UnsupportedKeyError',
        reason,
      });
    }
  });

  it('reads a private key PEM with text around it: a leading newline (environment variables), a preamble', async () => {
    const pems = [
      `\n${pair.privatePem}`,
      `   ${pair.privatePem}\n\n`,
      pair.privatePem.replace(/\n/g, '\r\n'),
      `Bag Attributes\n    localKeyID: 01 \nKey Attributes: <No Attributes>\n${pair.privatePem}`,
    ];
    for (const privateKey of pems) {
      const { signingInput, signature } = decode(await createAssertion({ ...base, privateKey, now: NOW }));
      expect(nodeVerify(null, signingInput, pair.publicKey, signature), JSON.stringify(privateKey.slice(0, 20))).toBe(
        true,
      );
    }
  });

  it('refuses a missing options object with a TypeError that names the call', async () => {
    await expect(createAssertion(undefined as never)).rejects.toThrow('createAssertion() needs an options object.');
  });

  it('refuses any algorithm but EdDSA', async () => {
    await expect(
      createAssertion({ ...base, privateKey: pair.privatePem, algorithm: 'RS256' as never }),
    ).rejects.toMatchObject({
      reason: 'unsupported_algorithm',
    });
  });

  it('reads a KeyObject through its JWK export, so it works without node:crypto in the library', async () => {
    const keyObject = createPrivateKey(pair.privatePem);
    const jwt = await createAssertion({ ...base, privateKey: keyObject, now: NOW });
    const { signingInput, signature } = decode(jwt);
    expect(nodeVerify(null, signingInput, pair.publicKey, signature)).toBe(true);
  });
});
