import {
  TokenExchangeError,
  ZestApiError,
  ZestError,
  ZestNetworkError,
  ZestTimeoutError,
  ZestUploadError,
} from '@zestequity/partner-api-client';

/** One line for the log about any error a call threw. Every error the SDK throws is a ZestError with a `code`. */
function explain(error: unknown): string {
  if (error instanceof ZestUploadError) {
    // Refused locally before anything was sent: too_large, empty, unsupported_type, unrecognised_content, type_mismatch.
    return `not uploaded (${error.code}): ${error.message}`;
  }
  if (error instanceof ZestApiError) {
    // The API answered with an error; validationErrors is empty unless code is validation_error.
    const fields = error.validationErrors.map((issue) => `${issue.path}: ${issue.message} (${issue.code})`);
    return `API error ${error.status} ${error.code}, errorId ${error.errorId ?? 'none'}: ${[error.detail, ...fields].join('; ')}`;
  }
  if (error instanceof ZestTimeoutError) {
    // No answer in time, from the API or from the token exchange before it; retries are used up.
    return `timed out after ${error.attempts} attempt(s): ${error.message}`;
  }
  if (error instanceof ZestNetworkError) {
    // Zest could not be reached (DNS, connection refused or reset, TLS), for the call or for its token.
    return `unreachable after ${error.attempts} attempt(s): ${error.message}`;
  }
  if (error instanceof TokenExchangeError) {
    // Zest answered the token exchange and refused: wrong key, client id, issuer or clock.
    return `credentials refused (${error.code}), errorId ${error.errorId ?? 'none'}: ${error.message}`;
  }
  if (error instanceof ZestError) {
    // Any other SDK error, e.g. UnsupportedKeyError when the private key is not Ed25519.
    return `${error.name} (${error.code}): ${error.message}`;
  }
  throw error; // not from the SDK: let it surface
}

export { explain };
