export { createZestClient, environments } from './client.js';
export type { Environment, ZestClient, ZestClientOptions } from './client.js';
export type { ClientCredentials, TokenProvider, ZestAuth } from './auth.js';
// From the auth package, re-exported so callers need one import: ZestError is the base of every error the SDK throws;
// TokenExchangeError means credentials were refused at the token exchange, UnsupportedKeyError that the private key
// cannot be used (thrown by createZestClient, or by the first call when the key fails to import).
export { TokenExchangeError, UnsupportedKeyError, ZestError } from '@zestequity/partner-auth';
export { ZestApiError, ZestNetworkError, ZestTimeoutError, ZestUploadError, joinLoc } from './errors.js';
export type { ZestErrorCode, ZestUploadErrorReason, ZestValidationIssue } from './errors.js';
export { backoffDelay, defaultShouldRetry, isTransientStatus, parseRetryAfter } from './retry.js';
export type { RetryContext, RetryOptions } from './retry.js';
export type { FetchLike } from './transport.js';
export { idempotencyModeOf, newIdempotencyKey } from './idempotency.js';
export type { IdempotencyMode } from './idempotency.js';
export { prepareUpload, sniffContentType, uploadLimits } from './uploads.js';
export type { PreparedUpload, UploadContentType, UploadData, UploadInput } from './uploads.js';
export { MISSING_ROW_RESULT } from './bulk.js';
export type { BulkCreateOptions, BulkCreateResult, ChunkReport } from './bulk.js';
export type { ListOptions, ListQuery } from './pagination.js';
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
