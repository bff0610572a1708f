export { createZestClient, environments } from './client.js';
export type { Environment, ZestClient, ZestClientOptions } from './client.js';
export type { ClientCredentials, TokenProvider, ZestAuth } from './auth.js';
// Thrown when client credentials cannot be exchanged for a token (re-exported so callers need one import).
export { TokenExchangeError } from '@zestequity/partner-auth';
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
export type { ListQuery } from './pagination.js';
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
