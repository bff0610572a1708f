import { generateKeyPairSync } from 'node:crypto';
import { createAssertion } from '@zestequity/partner-auth';
import type { Check, CheckContext } from './check.js';
import { needsState } from './applicability.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function audienceOf(ctx: CheckContext): string {
  return ctx.target.audience;
}

async function exchange(ctx: CheckContext, assertion: string) {
  return ctx.call('exchangeJwtAssertion', { auth: false, form: { grant_type: JWT_BEARER, assertion } });
}

export const tokenExchangeCheck: Check = {
  id: 'auth.token-exchange',
  title: 'A signed assertion is exchanged for a token that oauth2/info accepts',
  tags: ['auth'],
  operations: ['exchangeJwtAssertion', 'getOauth2Info'],
  async run(ctx) {
    const assertion = await createAssertion({
      clientId: ctx.options.clientId,
      issuer: ctx.options.issuer,
      audience: audienceOf(ctx),
      privateKey: ctx.options.privateKey,
    });
    const issued = await exchange(ctx, assertion);
    if (!ctx.expectStatus(issued, 201, 'the token exchange')) return;
    const token = issued.json?.accessToken;
    if (!ctx.expect(typeof token === 'string' && token.length > 0, 'the token response has no accessToken')) return;
    const info = await ctx.call('getOauth2Info', { auth: token });
    ctx.expectStatus(info, 200, 'oauth2/info with the issued token');
  },
};

export const infoIdentifiesClientCheck: Check = {
  id: 'auth.info-identifies-client',
  title: 'oauth2/info reports the client the token was issued to',
  tags: ['auth'],
  operations: ['getOauth2Info'],
  applies: needsState,
  async run(ctx) {
    const info = await ctx.call('getOauth2Info');
    if (!ctx.expectStatus(info, 200, 'oauth2/info')) return;
    ctx.expect(
      info.json?.clientId === ctx.options.clientId,
      `oauth2/info says clientId "${info.json?.clientId}", the token was issued to "${ctx.options.clientId}"`,
    );
  },
};

export const requiresBearerCheck: Check = {
  id: 'auth.requires-bearer',
  title: 'A /v1 call without a bearer token is refused with 401 invalid_token',
  tags: ['auth', 'errors'],
  operations: ['getOauth2Info', 'listSpvRequests'],
  async run(ctx) {
    ctx.expectError(await ctx.call('getOauth2Info', { auth: false }), 401, 'invalid_token', 'oauth2/info without a token');
    ctx.expectError(await ctx.call('listSpvRequests', { auth: false }), 401, 'invalid_token', 'listing SPV requests without a token');
  },
};

export const rejectsBadAssertionCheck: Check = {
  id: 'auth.rejects-bad-assertion',
  title: 'Assertions signed with an unregistered key or for another audience are refused with 401 invalid_token',
  tags: ['auth', 'errors'],
  operations: ['exchangeJwtAssertion', 'getOauth2Info'],
  applies: needsState,
  async run(ctx) {
    // A fresh Ed25519 key: right algorithm, but not the one registered for the client.
    const stranger = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const wrongKey = await createAssertion({
      clientId: ctx.options.clientId,
      issuer: ctx.options.issuer,
      audience: audienceOf(ctx),
      privateKey: stranger,
    });
    ctx.expectError(await exchange(ctx, wrongKey), 401, 'invalid_token', 'an assertion signed with an unregistered key');

    const wrongAudience = await createAssertion({
      clientId: ctx.options.clientId,
      issuer: ctx.options.issuer,
      audience: 'https://another-environment.invalid',
      privateKey: ctx.options.privateKey,
    });
    ctx.expectError(await exchange(ctx, wrongAudience), 401, 'invalid_token', 'an assertion for another audience');

    ctx.expectError(await exchange(ctx, 'not-a-jwt'), 401, 'invalid_token', 'a malformed assertion');

    ctx.expectError(
      await ctx.call('getOauth2Info', { auth: 'not-a-token-zest-issued' }),
      401,
      'invalid_token',
      'oauth2/info with a token Zest never issued',
    );
  },
};
