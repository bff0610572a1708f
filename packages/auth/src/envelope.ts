// Recognising the two error bodies the API sends: the partner envelope `{code, detail, errorId, validationErrors}` and
// the framework's 422 shape `{detail: [{loc, msg, type}]}`. The token provider here and the SDK both read error bodies,
// so the checks live once, in this package; the SDK reaches them through the "./internal" entry.

import type { components, PartnerError } from '@zestequity/partner-api-types';

type HTTPValidationError = components['schemas']['HTTPValidationError'];

/** The partner error envelope: an object whose `code` is a string (the other fields are optional on the wire). */
export function isPartnerEnvelope(body: unknown): body is PartnerError {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';
}

/** The framework's validation error: an object whose `detail` is an array of issues. */
export function isFrameworkValidationError(
  body: unknown,
): body is HTTPValidationError & { detail: NonNullable<HTTPValidationError['detail']> } {
  return typeof body === 'object' && body !== null && Array.isArray((body as { detail?: unknown }).detail);
}
