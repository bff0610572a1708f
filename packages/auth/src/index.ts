// @zestequity/partner-auth — runs wherever fetch and Web Crypto exist (Node 20+, Bun, Deno, browsers, workers).
// Nothing reachable from here imports a Node module; Node-only glue lives in "@zestequity/partner-auth/node".

export {
  createAssertion,
  DEFAULT_ASSERTION_LIFETIME_SECONDS,
  MAX_ASSERTION_LIFETIME_SECONDS,
  type AssertionClaims,
  type CreateAssertionOptions,
} from './assertion/create.js';
export type { KeyObjectLike, PrivateKeyInput, PublicKeyInput } from './assertion/keys.js';
export {
  DEFAULT_CLOCK_SKEW_SECONDS,
  verifyAssertion,
  type RegisteredClient,
  type VerifiedAssertion,
  type VerifyAssertionOptions,
} from './assertion/verify.js';
export {
  createTokenProvider,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  JWT_BEARER_GRANT_TYPE,
  TOKEN_PATH,
  type TokenProvider,
  type TokenProviderOptions,
} from './token-provider.js';
export {
  AssertionVerificationError,
  describeFailure,
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
export { parseSignatureHeader, SIGNATURE_HEADER, type ParsedSignatureHeader } from './webhooks/signature-header.js';
export {
  DEFAULT_TOLERANCE_SECONDS,
  verifyWebhook,
  verifyWebhookSignature,
  type RawPayload,
  type VerifiedSignature,
  type VerifyWebhookOptions,
  type VerifyWebhookSignatureOptions,
} from './webhooks/verify.js';
export {
  createMemoryDedupStore,
  DEFAULT_DEDUP_TTL_SECONDS,
  type DedupStore,
  type MemoryDedupStore,
  type MemoryDedupStoreOptions,
} from './webhooks/dedup.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  type WebhookHandlerErrorStage,
  type WebhookHandlerOptions,
} from './webhooks/delivery.js';
export {
  createWebhookHandler,
  type WebhookRequestContext,
  type WebhookRequestHandler,
} from './webhooks/handler.js';
export type { WebhookEvent, WebhookEventOf, WebhookEventType } from '@zestequity/partner-api-types';
