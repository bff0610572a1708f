import { createHash, randomBytes } from 'node:crypto';
import { AssertionVerificationError, AUTH_CONSTANTS, verifyAssertion } from '@zestequity/partner-auth';
import { requirePartner, type Handler, type Reply } from '../http/context.js';
import { ApiError, invalidToken, validationItem } from '../http/errors.js';
import type { Partner } from '../partners.js';
import type { Deps, Schemas } from './deps.js';

/** Access tokens last one hour (docs/design-decisions.md#token-response). */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface TokenRecord {
  /** sha256 of the token: the record's key. */
  key: string;
  clientId: string;
  issuedAt: number;
  expiresAt: number;
}

/** Tokens are opaque random strings; only their sha256 is stored, so a store file holds no usable token. */
export const tokenKey = (token: string) => createHash('sha256').update(token).digest('hex');

export function authenticate(deps: Deps, authorization: string | undefined): Partner {
  if (!authorization) throw invalidToken('Send "Authorization: Bearer <accessToken>"; get a token from POST /v1/oauth2/tokens.');
  const match = /^Bearer[ \t]+([^\s]+)\s*$/i.exec(authorization);
  if (!match) throw invalidToken('The Authorization header must be "Bearer <accessToken>".');
  const record = deps.store.get<TokenRecord>('tokens', tokenKey(match[1]!));
  if (!record) throw invalidToken('The access token is unknown to this sandbox (issued elsewhere, or before a restart without a store file).');
  if (record.expiresAt <= deps.clock.now()) throw invalidToken('The access token has expired; exchange a fresh assertion.');
  const partner = deps.partners.get(record.clientId);
  if (!partner) throw invalidToken('The access token belongs to a client that is no longer configured.');
  return partner;
}

export function oauthHandlers(
  deps: Deps,
  audiences: () => string[],
  lifetimeSeconds = TOKEN_LIFETIME_SECONDS,
  /** Relaxed assertion checks: only ever set by a test-only breakage. */
  leniency: { clockSkewSeconds?: number } = {},
): Record<string, Handler> {
  return {
    async exchangeJwtAssertion(ctx): Promise<Reply> {
      const form = ctx.body as Schemas['TokenRequest'];
      if (form.grant_type !== AUTH_CONSTANTS.jwtBearerGrantType) {
        throw new ApiError(400, 'invalid_request', `grant_type must be ${AUTH_CONSTANTS.jwtBearerGrantType}.`, [
          validationItem('grant_type', 'enum', `grant_type must be ${AUTH_CONSTANTS.jwtBearerGrantType}`, form.grant_type),
        ]).at('body');
      }
      let clientId: string;
      try {
        ({ clientId } = await verifyAssertion({
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
      const token = `zsbx_${randomBytes(32).toString('base64url')}`;
      const now = deps.clock.now();
      const record: TokenRecord = { key: tokenKey(token), clientId, issuedAt: now, expiresAt: now + lifetimeSeconds * 1000 };
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
  for (const record of [...deps.store.values<TokenRecord>('tokens')]) if (record.expiresAt <= now) deps.store.delete('tokens', record.key);
}
