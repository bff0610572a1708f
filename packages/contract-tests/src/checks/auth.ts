import { generateKeyPairSync } from 'node:crypto';
import { createAssertion } from '@zestequity/partner-auth';
import type { SpecOperation } from '../spec/operations.js';
import { needsState } from './applicability.js';
import { badAssertions } from './assertions.js';
import type { Check, CheckContext } from './check.js';
import { exampleRequest } from './conformance.js';

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

/** Operations whose security requirement needs a token: every alternative names a scheme (no `{}` among them). */
export function protectedOperations(ctx: Pick<CheckContext, 'spec' | 'operations'>): SpecOperation[] {
  return [...ctx.operations.values()].filter((operation) => {
    const security = operation.security;
    return (
      Array.isArray(security) &&
      security.length > 0 &&
      security.every((alternative: object) => Object.keys(alternative ?? {}).length > 0)
    );
  });
}

export const requiresBearerCheck: Check = {
  id: 'auth.requires-bearer',
  title: 'Every operation whose security requires a token refuses a call without one with 401 invalid_token',
  tags: ['auth', 'errors'],
  operations: ['*'],
  async run(ctx) {
    const operations = protectedOperations(ctx);
    if (operations.length === 0) ctx.notApplicable('the spec declares no operation that requires a token');
    for (const operation of operations) {
      // The spec's own example request, so only the token is missing: whatever else the server checks would pass.
      const response = await ctx.call(operation.operationId, { ...exampleRequest(ctx, operation), auth: false });
      ctx.expectError(response, 401, 'invalid_token', `${operation.operationId} without a token`);
    }
  },
};

export const rejectsUnknownTokenCheck: Check = {
  id: 'auth.rejects-unknown-token',
  title: 'Every operation whose security requires a token refuses a token Zest never issued with 401 invalid_token',
  tags: ['auth', 'errors'],
  operations: ['*'],
  // A mock checks that a token is there, not whether it was issued: only a target that issues tokens can tell.
  applies: needsState,
  async run(ctx) {
    const operations = protectedOperations(ctx);
    if (operations.length === 0) ctx.notApplicable('the spec declares no operation that requires a token');
    for (const operation of operations) {
      const response = await ctx.call(operation.operationId, {
        ...exampleRequest(ctx, operation),
        auth: 'not-a-token-zest-issued',
      });
      ctx.expectError(response, 401, 'invalid_token', `${operation.operationId} with a token Zest never issued`);
    }
  },
};

export const rejectsBadAssertionCheck: Check = {
  id: 'auth.rejects-bad-assertion',
  title:
    'Every documented assertion failure (unregistered key, bad signature, expired, wrong aud, wrong iss, lifetime over 300 s, sub other than client_id, malformed) is 401 invalid_token',
  tags: ['auth', 'errors'],
  operations: ['exchangeJwtAssertion'],
  applies: needsState,
  async run(ctx) {
    // A fresh Ed25519 key: right algorithm, but not the one registered for the client.
    const stranger = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const credentials = {
      clientId: ctx.options.clientId,
      issuer: ctx.options.issuer,
      audience: audienceOf(ctx),
      privateKey: ctx.options.privateKey,
    };
    for (const bad of await badAssertions(credentials, stranger)) {
      ctx.expectError(await exchange(ctx, bad.assertion), 401, 'invalid_token', bad.what);
    }
  },
};
