import { createPrivateKey, KeyObject, sign } from 'node:crypto';
import { AUTH_CONSTANTS, createAssertion, type PrivateKeyInput } from '@zestequity/partner-auth';

/**
 * Assertions the token exchange must refuse, each made with the partner's own credentials and wrong in exactly one
 * documented way (the 401 of `POST /v1/oauth2/tokens` lists them). The auth package refuses to create some of them
 * (a lifetime over its maximum), so those are re-signed here with the same key.
 */
export interface BadAssertion {
  what: string;
  assertion: string;
}

interface Credentials {
  clientId: string;
  issuer: string;
  audience: string;
  privateKey: PrivateKeyInput;
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

function nodeKey(input: PrivateKeyInput): KeyObject {
  if (input instanceof KeyObject) return input;
  if (typeof input === 'string') return createPrivateKey(input);
  if (typeof (input as CryptoKey).algorithm === 'object' && typeof (input as CryptoKey).type === 'string')
    return KeyObject.from(input as CryptoKey);
  return createPrivateKey({ key: input as import('node:crypto').JsonWebKey, format: 'jwk' });
}

/** Re-signs a valid assertion's claims after `change`, with the same header and key. */
function resign(assertion: string, key: PrivateKeyInput, change: (claims: Record<string, any>) => void): string {
  const [header, payload] = assertion.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, any>;
  change(claims);
  const signingInput = `${header}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${b64url(sign(null, Buffer.from(signingInput), nodeKey(key)))}`;
}

export async function badAssertions(credentials: Credentials, strangerKey: string): Promise<BadAssertion[]> {
  const valid = (overrides: Partial<Parameters<typeof createAssertion>[0]> = {}) =>
    createAssertion({ ...credentials, ...overrides });
  const good = await valid();
  const [header, payload, signature] = good.split('.');
  const flipped = Buffer.from(signature!, 'base64url');
  flipped[0] = flipped[0]! ^ 0x01;
  // Expired well beyond any reasonable clock-skew allowance: issued 20 minutes ago, valid for one.
  const twentyMinutesAgo = Date.now() - 20 * 60 * 1000;
  return [
    { what: 'an assertion signed with an unregistered key', assertion: await valid({ privateKey: strangerKey }) },
    { what: 'an assertion whose signature does not verify', assertion: `${header}.${payload}.${b64url(flipped)}` },
    {
      what: 'an expired assertion (exp 19 minutes ago)',
      assertion: await valid({ now: twentyMinutesAgo, lifetimeSeconds: 60 }),
    },
    {
      what: 'an assertion for another audience',
      assertion: await valid({ audience: 'https://another-environment.invalid' }),
    },
    {
      what: 'an assertion from another issuer',
      assertion: await valid({ issuer: 'https://not-the-registered-issuer.invalid' }),
    },
    {
      what: `an assertion valid for ${AUTH_CONSTANTS.maxAssertionLifetimeSeconds + 300} s (over the ${AUTH_CONSTANTS.maxAssertionLifetimeSeconds} s maximum)`,
      assertion: resign(good, credentials.privateKey, (claims) => {
        claims.exp = claims.iat + AUTH_CONSTANTS.maxAssertionLifetimeSeconds + 300;
      }),
    },
    {
      what: 'an assertion whose sub is not its client_id',
      assertion: resign(good, credentials.privateKey, (claims) => {
        claims.sub = `${claims.sub}_someone_else`;
      }),
    },
    { what: 'a malformed assertion', assertion: 'not-a-jwt' },
  ];
}
