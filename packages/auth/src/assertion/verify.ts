// Server-side check of a JWT-bearer assertion, as Zest does it (docs/design-decisions.md#jwt-assertion): EdDSA only,
// `aud` equal to the environment base URL exactly, `sub` equal to `client_id`, iat/exp within a few seconds of skew.
// Each rejection has a reason code so a server can log it and answer `401 invalid_token` with a useful detail.

import { base64url, compactVerify, errors as joseErrors } from 'jose';
import { AssertionVerificationError, type AssertionVerificationReason } from '../errors.js';
import { requireOptions } from '../options.js';
import { type Instant, instantMillis } from '../time.js';
import { type AssertionClaims, MAX_ASSERTION_LIFETIME_SECONDS } from './create.js';
import { importEd25519PublicKey, type PublicKeyInput } from './keys.js';

export const DEFAULT_CLOCK_SKEW_SECONDS = 5;

/** What a server knows about a registered partner client. */
export interface RegisteredClient {
  /** The client's Ed25519 public key (SPKI PEM, JWK, CryptoKey or KeyObject). */
  publicKey: PublicKeyInput;
  /** When given, `iss` must equal it exactly. */
  issuer?: string | undefined;
}

export interface VerifyAssertionOptions {
  /** The compact JWT from the `assertion` form field. */
  assertion: string;
  /** The base URL this server answers as; `aud` must equal it (or one of them) exactly. */
  audience: string | readonly string[];
  /** Looks the client up by `client_id`; `undefined`/`null` means unknown. Use this or `publicKey`. */
  resolveClient?: (
    clientId: string,
  ) => RegisteredClient | null | undefined | Promise<RegisteredClient | null | undefined>;
  /** A single trusted key, when there is exactly one client. Use this or `resolveClient`. */
  publicKey?: PublicKeyInput;
  /** With `publicKey`: the expected `iss`. */
  issuer?: string;
  /** Pins "now" (a Date or epoch milliseconds); default the current time. */
  now?: Instant;
  /** Allowed clock difference for iat/nbf/exp, in seconds; default 5. */
  clockSkewSeconds?: number;
  /** Longest allowed `exp - iat`; default 300. */
  maxLifetimeSeconds?: number;
}

export interface VerifiedAssertion {
  clientId: string;
  claims: AssertionClaims & Record<string, unknown>;
}

const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'client_id', 'iat', 'exp'] as const;

function reject(reason: AssertionVerificationReason, message: string, claim?: string, cause?: unknown): never {
  throw new AssertionVerificationError(reason, message, { ...(claim ? { claim } : {}), ...(cause ? { cause } : {}) });
}

function decodeJsonSegment(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(segment)));
  } catch (cause) {
    reject('malformed', `The assertion's ${what} is not base64url-encoded JSON.`, undefined, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reject('malformed', `The assertion's ${what} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) throw new TypeError(`\`${name}\` must be a non-negative number of seconds.`);
  return v;
}

/**
 * Verifies a partner's JWT-bearer assertion. Resolves with the client id and claims, or throws
 * {@link AssertionVerificationError} whose `reason` says which rule failed. Configuration mistakes (a non-Ed25519
 * registered key, missing options) throw TypeError / UnsupportedKeyError instead: they are the server's fault.
 */
export async function verifyAssertion(options: VerifyAssertionOptions): Promise<VerifiedAssertion> {
  // The server's own configuration first: its mistakes are TypeErrors, whatever the assertion holds.
  requireOneKeySource(requireOptions(options, 'verifyAssertion'));
  const audiences = audienceList(options.audience);
  const skew = nonNegative(options.clockSkewSeconds, DEFAULT_CLOCK_SKEW_SECONDS, 'clockSkewSeconds');
  const maxLifetime = nonNegative(options.maxLifetimeSeconds, MAX_ASSERTION_LIFETIME_SECONDS, 'maxLifetimeSeconds');
  const nowSeconds = instantMillis(options.now) / 1000;

  const { assertion, resolveClient } = options;
  const claims = readClaims(decodePayload(assertion));
  // Awaited only when there is a lookup: a single trusted key costs no extra microtask.
  const found = resolveClient ? await resolveClient(claims.client_id) : singleClient(options);
  const client = requireClient(found, claims.client_id);
  const key = await importEd25519PublicKey(client.publicKey);
  try {
    await compactVerify(assertion, key, { algorithms: ['EdDSA'] });
  } catch (cause) {
    rejectUnverified(cause);
  }

  checkAudience(claims.aud, audiences);
  checkIssuer(claims.iss, client.issuer);
  checkLifetime(claims, maxLifetime);
  checkTimeWindow(claims, nowSeconds, skew);
  return { clientId: claims.client_id, claims };
}

type Claims = AssertionClaims & Record<string, unknown> & { nbf?: number };

function requireOneKeySource(options: VerifyAssertionOptions): void {
  if ((options.resolveClient === undefined) === (options.publicKey === undefined)) {
    throw new TypeError('Pass exactly one of `resolveClient` and `publicKey`.');
  }
}

function audienceList(audience: string | readonly string[]): string[] {
  // Anything but a string or an array falls to the TypeError below (spreading `undefined` said "not iterable").
  const audiences = typeof audience === 'string' ? [audience] : Array.isArray(audience) ? [...audience] : [];
  if (audiences.length === 0 || audiences.some((a) => typeof a !== 'string' || a === '')) {
    throw new TypeError('`audience` must be the base URL (or a non-empty list of base URLs) this server answers as.');
  }
  return audiences;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Unpadded base64url whose last character carries no stray low bits. Decoders ignore those bits, so without this
 * check one signature had up to 16 spellings, each a "different" assertion to anything that remembers assertions by
 * their text (a replay check). Padding, `+`, `/` and whitespace are not base64url either.
 */
function isCanonicalBase64url(part: string): boolean {
  if (!BASE64URL.test(part) || part.length % 4 === 1) return false;
  const last = part.charCodeAt(part.length - 1);
  const value = last >= 97 ? last - 71 : last >= 65 ? last - 65 : last >= 48 ? last + 4 : last === 45 ? 62 : 63;
  const unused = part.length % 4 === 2 ? 0b1111 : part.length % 4 === 3 ? 0b11 : 0;
  return (value & unused) === 0;
}

/** Splits the compact JWS, checks its header (EdDSA, no `crit`) and returns the decoded payload. */
function decodePayload(assertion: string): Record<string, unknown> {
  if (typeof assertion !== 'string' || assertion === '') reject('malformed', 'No assertion was given.');
  const parts = assertion.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    reject('malformed', 'The assertion is not a compact JWS (three non-empty base64url parts joined by ".").');
  }
  if (!parts.every(isCanonicalBase64url)) reject('malformed', 'The assertion is not canonical base64url (RFC 7515).');
  const header = decodeJsonSegment(parts[0]!, 'header');
  if (header.alg !== 'EdDSA') {
    reject(
      'unsupported_algorithm',
      `The assertion is signed with "${String(header.alg)}"; Zest accepts EdDSA (Ed25519) assertions only.`,
    );
  }
  if (header.crit !== undefined)
    reject('malformed', 'The assertion header uses "crit" extensions, which are not supported.');
  return decodeJsonSegment(parts[1]!, 'payload');
}

/** Checks that every required claim is present and of the right type, and that `sub` names the client. */
function readClaims(payload: Record<string, unknown>): Claims {
  for (const claim of REQUIRED_CLAIMS) {
    if (payload[claim] === undefined) reject('missing_claim', `The assertion has no "${claim}" claim.`, claim);
  }
  for (const claim of ['iss', 'sub', 'client_id'] as const) {
    if (typeof payload[claim] !== 'string' || payload[claim] === '') {
      reject('invalid_claim', `"${claim}" must be a non-empty string.`, claim);
    }
  }
  for (const claim of ['iat', 'exp', 'nbf'] as const) {
    if (payload[claim] !== undefined && (typeof payload[claim] !== 'number' || !Number.isFinite(payload[claim]))) {
      reject('invalid_claim', `"${claim}" must be a NumericDate (seconds since the epoch).`, claim);
    }
  }
  const claims = payload as unknown as Claims;
  if (claims.sub !== claims.client_id) {
    reject('subject_mismatch', `"sub" (${claims.sub}) must equal "client_id" (${claims.client_id}).`, 'sub');
  }
  return claims;
}

function singleClient(options: VerifyAssertionOptions): RegisteredClient {
  return { publicKey: options.publicKey!, issuer: options.issuer };
}

function requireClient(client: RegisteredClient | null | undefined, clientId: string): RegisteredClient {
  if (!client) reject('unknown_client', `No client is registered with client_id "${clientId}".`, 'client_id');
  return client;
}

function rejectUnverified(cause: unknown): never {
  if (cause instanceof joseErrors.JWSSignatureVerificationFailed) {
    reject(
      'invalid_signature',
      "The signature does not verify with the client's registered Ed25519 public key.",
      undefined,
      cause,
    );
  }
  reject('malformed', `The assertion could not be verified: ${(cause as Error).message}`, undefined, cause);
}

function checkAudience(aud: Claims['aud'], audiences: readonly string[]): void {
  if (typeof aud !== 'string') {
    reject('audience_mismatch', '"aud" must be the Zest base URL as a single string.', 'aud');
  }
  if (!audiences.includes(aud)) {
    const slash = audiences.some((a) => a.replace(/\/+$/, '') === aud.replace(/\/+$/, ''))
      ? ' (they differ only by a trailing slash)'
      : '';
    reject(
      'audience_mismatch',
      `"aud" is "${aud}" but this server is ${audiences.map((a) => `"${a}"`).join(' or ')}${slash}. ` +
        'An assertion is only valid for the environment it names.',
      'aud',
    );
  }
}

function checkIssuer(iss: string, registered: string | undefined): void {
  if (registered !== undefined && iss !== registered) {
    reject('issuer_mismatch', `"iss" is "${iss}" but the client is registered with "${registered}".`, 'iss');
  }
}

function checkLifetime(claims: Claims, maxLifetime: number): void {
  if (claims.exp <= claims.iat) reject('invalid_claim', '"exp" must be later than "iat".', 'exp');
  if (claims.exp - claims.iat > maxLifetime) {
    reject(
      'lifetime_too_long',
      `The assertion lives ${claims.exp - claims.iat} s (exp - iat); at most ${maxLifetime} s is accepted.`,
      'exp',
    );
  }
}

/**
 * How far `at` is ahead of now, as a message shows it: rounded up, so a claim refused for being more than 5 s ahead
 * never reads "5 s in the future" (5.4 s rounded to the nearest was exactly that).
 */
const ahead = (at: number, nowSeconds: number) => Math.ceil(at - nowSeconds);

/** iat, nbf and exp against "now", each allowed `skew` seconds of clock difference. */
function checkTimeWindow(claims: Claims, nowSeconds: number, skew: number): void {
  if (claims.iat > nowSeconds + skew) {
    reject(
      'issued_in_future',
      `"iat" is ${ahead(claims.iat, nowSeconds)} s in the future, more than the ${skew} s allowed; the signer's clock is probably ahead (sync it with NTP).`,
      'iat',
    );
  }
  if (claims.nbf !== undefined && claims.nbf > nowSeconds + skew) {
    reject(
      'not_yet_valid',
      `"nbf" is ${ahead(claims.nbf, nowSeconds)} s in the future, more than the ${skew} s allowed.`,
      'nbf',
    );
  }
  if (claims.exp <= nowSeconds - skew) {
    reject(
      'expired',
      `The assertion expired ${Math.round(nowSeconds - claims.exp)} s ago; mint a fresh one per exchange (or check the signer's clock).`,
      'exp',
    );
  }
}
