// The package's fixed values, grouped in one frozen object so the entry exports one name instead of ten. Each value
// is defined beside the code that uses it; this file only collects them for partners.

import { DEFAULT_ASSERTION_LIFETIME_SECONDS, MAX_ASSERTION_LIFETIME_SECONDS } from './assertion/create.js';
import { DEFAULT_CLOCK_SKEW_SECONDS } from './assertion/verify.js';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, JWT_BEARER_GRANT_TYPE, TOKEN_PATH } from './token-provider.js';
import { DEFAULT_DEDUP_TTL_SECONDS } from './webhooks/dedup.js';
import { DEFAULT_MAX_BODY_BYTES } from './webhooks/delivery.js';
import { SIGNATURE_HEADER } from './webhooks/signature-header.js';
import { DEFAULT_TOLERANCE_SECONDS } from './webhooks/verify.js';

export const AUTH_CONSTANTS = Object.freeze({
  /** Where the token exchange is sent, relative to the environment base URL. */
  tokenPath: TOKEN_PATH,
  /** The `grant_type` of the token exchange. */
  jwtBearerGrantType: JWT_BEARER_GRANT_TYPE,
  /** The webhook signature header (HTTP header names are case-insensitive). */
  signatureHeader: SIGNATURE_HEADER,
  /** Longest assertion lifetime `createAssertion` accepts and, by default, `verifyAssertion`. */
  maxAssertionLifetimeSeconds: MAX_ASSERTION_LIFETIME_SECONDS,
  /** Lifetime of each assertion unless `lifetimeSeconds` / `assertionLifetimeSeconds` says otherwise. */
  defaultAssertionLifetimeSeconds: DEFAULT_ASSERTION_LIFETIME_SECONDS,
  /** Token lifetime assumed when the token response has no `expiresIn`. */
  defaultTokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME_SECONDS,
  /** Clock skew `verifyAssertion` allows unless `clockSkewSeconds` says otherwise. */
  defaultClockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS,
  /** How far a webhook timestamp may be from now unless `toleranceSeconds` says otherwise. */
  defaultWebhookToleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
  /** How long the memory dedup store remembers an eventId unless `ttlSeconds` says otherwise. */
  defaultDedupTtlSeconds: DEFAULT_DEDUP_TTL_SECONDS,
  /** Largest webhook body the handlers read unless `maxBodyBytes` says otherwise. */
  defaultMaxWebhookBodyBytes: DEFAULT_MAX_BODY_BYTES,
} as const);
