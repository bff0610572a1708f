// The RFC 7523 JWT-bearer assertion a partner exchanges for an access token (docs/design-decisions.md#jwt-assertion):
// EdDSA over exactly iss, sub, aud, client_id, iat, exp. Nothing else is added (no jti, no nbf), so what Zest verifies
// is what is documented.

import { base64url, type CryptoKey } from 'jose';
import { utf8 } from '../bytes.js';
import { UnsupportedKeyError } from '../errors.js';
import { requireOptions } from '../options.js';
import { type Instant, instantMillis } from '../time.js';
import { importEd25519PrivateKey, type PrivateKeyInput } from './keys.js';

/** Longest assertion lifetime accepted here and, by default, by verifyAssertion. Zest recommends 60 s. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
export const DEFAULT_ASSERTION_LIFETIME_SECONDS = 60;

export interface CreateAssertionOptions {
  /** The partner `client_id`; becomes both `sub` and `client_id`. */
  clientId: string;
  /** The partner's own API base URL, which Zest treats as its issuer identifier (`iss`). */
  issuer: string;
  /** The Zest environment base URL, exactly (e.g. `https://sandbox.api.zestequity.com`, no trailing slash). */
  audience: string;
  /** Ed25519 private key: PKCS#8 PEM text, private JWK, CryptoKey or Node KeyObject. */
  privateKey: PrivateKeyInput;
  /** Seconds until `exp`; default 60, at most 300. */
  lifetimeSeconds?: number;
  /** Pins `iat` (a Date or epoch milliseconds); default now. */
  now?: Instant;
  /** Only `EdDSA` exists here; the option is accepted so that passing anything else fails loudly. */
  algorithm?: 'EdDSA';
}

/** The claims of a Zest assertion, exactly as documented. */
export interface AssertionClaims {
  iss: string;
  sub: string;
  aud: string;
  client_id: string;
  iat: number;
  exp: number;
}

export interface AssertionClaimsInput {
  clientId: string;
  issuer: string;
  audience: string;
  lifetimeSeconds?: number | undefined;
  now?: Instant | undefined;
  algorithm?: string | undefined;
}

function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`\`${name}\` must be a non-empty string.`);
  return value;
}

/** Validates the inputs and builds the claim set (shared with the token provider, which holds an imported key). */
export function assertionClaims(input: AssertionClaimsInput): AssertionClaims {
  if (input.algorithm !== undefined && input.algorithm !== 'EdDSA') {
    throw new UnsupportedKeyError(
      'unsupported_algorithm',
      `Algorithm "${String(input.algorithm)}" is not accepted: Zest assertions are signed with EdDSA (Ed25519) only.`,
    );
  }
  const clientId = requireText(input.clientId, 'clientId');
  const issuer = requireText(input.issuer, 'issuer');
  const audience = requireText(input.audience, 'audience');
  const lifetime = input.lifetimeSeconds ?? DEFAULT_ASSERTION_LIFETIME_SECONDS;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_ASSERTION_LIFETIME_SECONDS) {
    throw new RangeError(
      `\`lifetimeSeconds\` must be an integer from 1 to ${MAX_ASSERTION_LIFETIME_SECONDS}; assertions are meant to be short-lived.`,
    );
  }
  const iat = Math.floor(instantMillis(input.now) / 1000);
  return { iss: issuer, sub: clientId, aud: audience, client_id: clientId, iat, exp: iat + lifetime };
}

/**
 * The compact JWS (RFC 7515) `header.claims.signature`, signed with Web Crypto's Ed25519 directly: the same bytes as
 * jose's SignJWT (a test compares them), without the JWT builder, which took 3 KB gzip of the SDK's browser bundle.
 */
export async function signAssertion(claims: AssertionClaims, key: CryptoKey): Promise<string> {
  const input = `${base64url.encode(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(claims))}`;
  return `${input}.${base64url.encode(new Uint8Array(await crypto.subtle.sign('Ed25519', key, utf8(input))))}`;
}

/**
 * Creates a signed JWT-bearer assertion (compact JWS, EdDSA). Refuses non-Ed25519 keys and other algorithms with
 * {@link UnsupportedKeyError}.
 */
export async function createAssertion(options: CreateAssertionOptions): Promise<string> {
  const claims = assertionClaims(requireOptions(options, 'createAssertion'));
  const key = await importEd25519PrivateKey(options.privateKey);
  return signAssertion(claims, key);
}
