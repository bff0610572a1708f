// @zestequity/partner-auth — runs wherever fetch and Web Crypto exist (Node 20+, Bun, Deno, browsers, workers).
// Nothing reachable from here imports a Node module; Node-only glue lives in "@zestequity/partner-auth/node".
// The runtime exports are pinned by test/package/public-api.test.ts: adding one is a deliberate choice.

export { createAssertion, type AssertionClaims, type CreateAssertionOptions } from './assertion/create.js';
export type { KeyObjectLike, PrivateKeyInput, PublicKeyInput } from './assertion/keys.js';
export {
  verifyAssertion,
  type RegisteredClient,
  type VerifiedAssertion,
  type VerifyAssertionOptions,
} from './assertion/verify.js';
export { AUTH_CONSTANTS } from './constants.js';
export { createTokenProvider, type TokenProvider, type TokenProviderOptions } from './token-provider.js';
export {
  AssertionVerificationError,
  TokenExchangeError,
  UnsupportedKeyError,
  WebhookVerificationError,
  ZestError,
  type AssertionVerificationReason,
  type KeyErrorReason,
  type LocalTokenExchangeCode,
  type WebhookVerificationReason,
} from './errors.js';
export type { Instant } from './time.js';
export { signWebhook, type SignWebhookOptions } from './webhooks/sign.js';
export {
  verifyWebhook,
  verifyWebhookSignature,
  type RawPayload,
  type VerifiedSignature,
  type VerifyWebhookOptions,
  type VerifyWebhookSignatureOptions,
} from './webhooks/verify.js';
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
export type { WebhookEvent, WebhookEventOf, WebhookEventType } from '@zestequity/partner-api-types';
