import { createHash, randomBytes } from 'node:crypto';
import { AssertionVerificationError, AUTH_CONSTANTS, verifyAssertion } from '@zestequity/partner-auth';
import { type Handler, type Reply, requirePartner } from '../http/context.js';
import { ApiError, invalidToken, validationItem } from '../http/errors.js';
import type { Partner } from '../partners.js';
import type { Deps } from './deps.js';
import type { Schemas } from './records.js';

/** Access tokens last one hour (docs/design-decisions.md#token-response). */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface TokenRecord {
  /** sha256 of the token: the record's key. */
  key: string;
  clientId: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * The keys of the tokens seen last. A partner sends the same token with every call for an hour, and hashing it
 * again each time cost about 1 µs of a 20 µs GET (a hash object, its digest, their garbage). Bounded: only
 * token-sized strings are kept, and at RECENT_KEYS tokens the memo starts over, so a flood of made-up tokens costs
 * what it cost before and holds no more than a few hundred KB.
 */
const recentKeys = new Map<string, string>();
const RECENT_KEYS = 1024;
const MEMO_TOKEN_CHARS = 128;

/** Tokens are opaque random strings; only their sha256 is stored, so a store file holds no usable token. */
export function tokenKey(token: string): string {
  let key = recentKeys.get(token);
  if (key === undefined) {
    key = createHash('sha256').update(token).digest('hex');
    if (token.length > MEMO_TOKEN_CHARS) return key;
    if (recentKeys.size >= RECENT_KEYS) recentKeys.clear();
    recentKeys.set(token, key);
  }
  return key;
}

export function authenticate(deps: Deps, authorization: string | undefined): Partner {
  if (!authorization)
    throw invalidToken('Send "Authorization: Bearer <accessToken>"; get a token from POST /v1/oauth2/tokens.');
  const match = /^Bearer[ \t]+([^\s]+)\s*$/i.exec(authorization);
  if (!match) throw invalidToken('The Authorization header must be "Bearer <accessToken>".');
  const record = deps.store.get<TokenRecord>('tokens', tokenKey(match[1]!));
  if (!record)
    throw invalidToken(
      'The access token is unknown to this sandbox (issued elsewhere, or before a restart without a store file).',
    );
  if (record.expiresAt <= deps.clock.now())
    throw invalidToken('The access token has expired; exchange a fresh assertion.');
  const partner = deps.partners.get(record.clientId);
  if (!partner) throw invalidToken('The access token belongs to a client that is no longer configured.');
  return partner;
}

/**
 * Assertions already exchanged, remembered until they expire, for the opt-in replay check
 * (`rejectReplayedAssertions`). Keyed by client and `jti` when the assertion carries one (RFC 7523, section 3),
 * otherwise by the SHA-256 of what its signature covers (`signedPart`), so a captured assertion cannot be exchanged
 * twice either way. Memory is bounded by the assertion lifetime: an entry is dropped once its assertion could no
 * longer be accepted (`exp` + the allowed clock skew, real clock, as assertions are judged), and expired entries are
 * swept at least every 10 s of traffic.
 * Kept in memory only: a restart forgets it.
 */
export class AssertionReplayCache {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  /** True the first time `key` is seen while unexpired; false for a replay. */
  claim(key: string, expiresAtMs: number, nowMs = Date.now()): boolean {
    if (nowMs >= this.nextSweep) {
      for (const [seenKey, until] of this.seen) if (until <= nowMs) this.seen.delete(seenKey);
      this.nextSweep = nowMs + 10_000;
    }
    const until = this.seen.get(key);
    if (until !== undefined && until > nowMs) return false;
    this.seen.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

/**
 * What an assertion's signature covers: `header.payload`, without the signature segment. An assertion without a
 * `jti` is remembered by this, not by its bytes: the signature segment can be written in more than one way (the
 * unused low bits of its last base64url character decode to nothing), so a captured assertion re-encoded that way
 * verified as well and, keyed by its bytes, was three more exchanges of an assertion already used.
 */
export function signedPart(assertion: string): string {
  const dot = assertion.lastIndexOf('.');
  return dot === -1 ? assertion : assertion.slice(0, dot);
}

export interface OauthOptions {
  /** `expiresIn` of issued tokens, seconds. */
  lifetimeSeconds?: number;
  /** Refuse an assertion exchanged before (see AssertionReplayCache). */
  rejectReplays?: boolean;
  /** Relaxed assertion checks: only ever set by a test-only breakage. */
  leniency?: { clockSkewSeconds?: number };
}

export function oauthHandlers(
  deps: Deps,
  audiences: () => string[],
  options: OauthOptions = {},
): Record<string, Handler> {
  const lifetimeSeconds = options.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
  const replays = options.rejectReplays ? new AssertionReplayCache() : undefined;
  const leniency = options.leniency ?? {};
  return {
    async exchangeJwtAssertion(ctx): Promise<Reply> {
      const form = ctx.body as Schemas['TokenRequest'];
      if (form.grant_type !== AUTH_CONSTANTS.jwtBearerGrantType) {
        throw new ApiError(400, 'invalid_request', `grant_type must be ${AUTH_CONSTANTS.jwtBearerGrantType}.`, [
          validationItem(
            'grant_type',
            'enum',
            `grant_type must be ${AUTH_CONSTANTS.jwtBearerGrantType}`,
            form.grant_type,
          ),
        ]).at('body');
      }
      let clientId: string;
      let claims: { exp: number; jti?: unknown };
      try {
        ({ clientId, claims } = await verifyAssertion({
          assertion: form.assertion,
          audience: audiences(),
          ...leniency,
          resolveClient: (id) => {
            const partner = deps.partners.get(id);
            return partner ? { publicKey: partner.publicKey, issuer: partner.issuer } : undefined;
          },
        }));
      } catch (error) {
        if (error instanceof AssertionVerificationError) {
          throw invalidToken(`The assertion was rejected (${error.reason}): ${error.message}`);
        }
        throw error;
      }
      if (replays) {
        const id =
          typeof claims.jti === 'string'
            ? `jti:${claims.jti}`
            : `sha256:${createHash('sha256').update(signedPart(form.assertion)).digest('hex')}`;
        if (!replays.claim(`${clientId}\n${id}`, (claims.exp + AUTH_CONSTANTS.defaultClockSkewSeconds) * 1000)) {
          throw invalidToken(
            `The assertion was rejected (replayed): this ${typeof claims.jti === 'string' ? `jti ${JSON.stringify(claims.jti)}` : 'assertion'} ` +
              'was already exchanged; mint a fresh assertion for every exchange.',
          );
        }
      }
      const token = `zsbx_${randomBytes(32).toString('base64url')}`;
      const now = deps.clock.now();
      const record: TokenRecord = {
        key: tokenKey(token),
        clientId,
        issuedAt: now,
        expiresAt: now + lifetimeSeconds * 1000,
      };
      deps.store.set('tokens', record.key, record);
      const body: Schemas['TokenResponse'] = { accessToken: token, tokenType: 'Bearer', expiresIn: lifetimeSeconds };
      return { status: 201, body, headers: { 'Cache-Control': 'no-store' } };
    },

    getOauth2Info(ctx): Reply {
      const partner = requirePartner(ctx);
      const body: Schemas['InfoResponse'] = {
        clientType: 'service',
        clientId: partner.clientId,
        metadata: { name: partner.name, tenantSlug: partner.tenantSlug, environment: 'local-sandbox' },
      };
      return { status: 200, body };
    },
  };
}

/** Drops expired tokens; called periodically. */
export function sweepTokens(deps: Deps): void {
  const now = deps.clock.now();
  for (const record of [...deps.store.values<TokenRecord>('tokens')])
    if (record.expiresAt <= now) deps.store.delete('tokens', record.key);
}
