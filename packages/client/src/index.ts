// @zestequity/partner-api-client: what a partner uses and nothing else. Helpers (retry backoff, Retry-After parsing,
// content sniffing, idempotency keys...) stay private to their modules; tests reach them through src directly.
// The runtime exports are pinned by test/public-api.test.ts: adding one is a deliberate choice.

// From the auth package, re-exported so callers need one import: ZestError is the base of every error the SDK throws;
// TokenExchangeError means credentials were refused at the token exchange, UnsupportedKeyError that the private key
// cannot be used (thrown by createZestClient, or by the first call when the key fails to import).
export { TokenExchangeError, UnsupportedKeyError, ZestError } from '@zestequity/partner-auth';
export type { ClientCredentials, TokenProvider, ZestAuth } from './auth.js';
export type { BulkCreateOptions, BulkCreateResult, ChunkReport } from './bulk.js';
export type { Environment, ZestClient, ZestClientOptions } from './client.js';
export { createZestClient, environments } from './client.js';
export type { ZestErrorCode, ZestUploadErrorReason, ZestValidationIssue } from './errors.js';
export { ZestApiError, ZestNetworkError, ZestTimeoutError, ZestUploadError } from './errors.js';
export type { ListOptions, ListQuery } from './pagination.js';
export type { RetryContext, RetryOptions } from './retry.js';
export type { FetchLike } from './transport.js';
export type {
  CallExtras,
  HelperOptions,
  IdempotentHelperOptions,
  OperationResult,
  Outcome,
  RequestBody,
  Succeeded,
  ZestFetchResponse,
  ZestMethod,
} from './types.js';
export type { UploadContentType, UploadData, UploadInput } from './uploads.js';
// The upload limit and accepted types, read from the spec at build time, for checking a file before it is picked.
export { uploadLimits } from './uploads.js';
