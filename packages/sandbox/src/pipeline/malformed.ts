import { ApiError } from '../http/errors.js';

/**
 * What Node's parser refused, by its error code, answered with the status Node itself would send: the sandbox's own
 * handler (there to give every refusal the partner envelope) had made all of them 400. A request not received in
 * time is 408, which clients retry (docs/errors.md, "Retries"), where a 400 tells them not to send it again; header
 * fields over the limit are 431 (RFC 6585 section 5); chunk extensions over the limit are 413.
 */
const BY_CODE: Record<string, (message: string) => ApiError> = {
  ERR_HTTP_REQUEST_TIMEOUT: () =>
    new ApiError(408, 'invalid_request', 'The request was not received in time; send it again.'),
  HPE_HEADER_OVERFLOW: (message) =>
    new ApiError(431, 'invalid_request', `The request line and header fields are too large together: ${message}`),
  HPE_CHUNK_EXTENSIONS_OVERFLOW: (message) =>
    new ApiError(413, 'payload_too_large', `The request's chunk extensions are too large: ${message}`),
};

/** The refusal for a request Node could not read (`clientError`): 400 unless its code says otherwise. */
export function malformedRequestError(error: Error & { code?: unknown }): ApiError {
  const known = typeof error.code === 'string' && Object.hasOwn(BY_CODE, error.code) ? BY_CODE[error.code] : undefined;
  return known
    ? known(error.message)
    : new ApiError(400, 'invalid_request', `Malformed HTTP request: ${error.message}`);
}
