// Pins the runtime exports of each entry point. A new export is a decision about the public surface (it needs a
// changeset and a README line), so adding one means editing this list on purpose.
import { describe, expect, it } from 'vitest';
import * as main from '../../src/index.js';
import * as internal from '../../src/internal.js';
import * as node from '../../src/node.js';

const MAIN = [
  'AUTH_CONSTANTS',
  'AssertionVerificationError',
  'TokenExchangeError',
  'UnsupportedKeyError',
  'WebhookVerificationError',
  'ZestError',
  'createAssertion',
  'createMemoryDedupStore',
  'createTokenProvider',
  'createWebhookHandler',
  'signWebhook',
  'verifyAssertion',
  'verifyWebhook',
  'verifyWebhookSignature',
];

describe('public runtime exports', () => {
  it('"." exports exactly the partner-facing functions, the error classes and one constants object', () => {
    expect(Object.keys(main).sort()).toEqual(MAIN);
  });

  it('"./node" adds only the Node glue', () => {
    const added = Object.keys(node).filter((name) => !MAIN.includes(name));
    expect(added.sort()).toEqual([
      'createExpressWebhookHandler',
      'createNodeWebhookHandler',
      'loadPrivateKey',
      'loadPublicKey',
    ]);
  });

  it('"./internal" holds what the SDK shares with this package, and nothing partner-facing', () => {
    expect(Object.keys(internal).sort()).toEqual([
      'describeFailure',
      'isFrameworkValidationError',
      'isPartnerEnvelope',
      'parseRetryAfter',
      'shareInFlight',
    ]);
  });

  it('groups the constants in one frozen object', () => {
    expect(Object.isFrozen(main.AUTH_CONSTANTS)).toBe(true);
    expect(main.AUTH_CONSTANTS).toMatchObject({
      tokenPath: '/v1/oauth2/tokens',
      signatureHeader: 'Zest-Signature',
      maxAssertionLifetimeSeconds: 300,
    });
  });
});
