// @zestequity/partner-auth — runs wherever fetch and Web Crypto exist (Node 20+, Bun, Deno, browsers, workers).
// Nothing reachable from here imports a Node module; Node-only glue lives in "@zestequity/partner-auth/node".
// The runtime exports are pinned by test/package/public-api.test.ts: adding one is a deliberate choice.

export type { WebhookEvent, WebhookEventOf, WebhookEventType } from '@zestequity/partner-api-types';
export { type AssertionClaims, type CreateAssertionOptions, createAssertion } from './assertion/create.js';
export type { KeyObjectLike, PrivateKeyInput, PublicKeyInput } from './assertion/keys.js';
export {
  type RegisteredClient,
  type VerifiedAssertion,
  type VerifyAssertionOptions,
  verifyAssertion,
} from './assertion/verify.js';
export { AUTH_CONSTANTS } from './constants.js';
export {
  AssertionVerificationError,
  type AssertionVerificationReason,
  type KeyErrorReason,
  type LocalTokenExchangeCode,
  TokenExchangeError,
  UnsupportedKeyError,
  WebhookVerificationError,
  type WebhookVerificationReason,
  ZestError,
} from './errors.js';
export type { Instant } from './time.js';
export { createTokenProvider, type TokenProvider, type TokenProviderOptions } from './token-provider.js';
export {
  createMemoryDedupStore,
  type DedupStore,
  type MemoryDedupStore,
  type MemoryDedupStoreOptions,
} from './webhooks/dedup.js';
export type { WebhookHandlerErrorStage, WebhookHandlerOptions } from './webhooks/delivery.js';
export {
  createWebhookHandler,
  type WebhookRequestContext,
  type WebhookRequestHandler,
} from './webhooks/handler.js';
export { type SignWebhookOptions, signWebhook } from './webhooks/sign.js';
export {
  type RawPayload,
  type VerifiedSignature,
  type VerifyWebhookOptions,
  type VerifyWebhookSignatureOptions,
  verifyWebhook,
  verifyWebhookSignature,
} from './webhooks/verify.js';
