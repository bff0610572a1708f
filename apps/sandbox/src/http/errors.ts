import { randomUUID } from 'node:crypto';
import type { components } from '@zestequity/partner-api-types';

export type Schemas = components['schemas'];
export type PartnerErrorCode = Schemas['PartnerErrorResponse']['code'];
export type ValidationItem = Schemas['PartnerValidationError'];
export type ValidationCode = ValidationItem['code'];

/**
 * Any failure a handler wants the partner to see. The server turns it into the partner envelope
 * `{code, detail, errorId, validationErrors?}` with a fresh UUID; nothing else ever reaches the wire as an error.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: PartnerErrorCode,
    readonly detail: string,
    readonly validationErrors?: ValidationItem[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export const badRequest = (detail: string) => new ApiError(400, 'invalid_request', detail);
export const notFound = (detail: string) => new ApiError(404, 'not_found', detail);
export const conflict = (detail: string) => new ApiError(409, 'conflict', detail);
export const invalidToken = (detail: string) => new ApiError(401, 'invalid_token', detail);
export const validationFailed = (items: ValidationItem[], detail = 'The request failed validation; see validationErrors.') =>
  new ApiError(400, 'validation_error', detail, items);

export function envelope(error: ApiError): Schemas['PartnerErrorResponse'] {
  const body: Schemas['PartnerErrorResponse'] = { code: error.code, detail: error.detail, errorId: randomUUID() };
  if (error.validationErrors && error.validationErrors.length > 0) body.validationErrors = error.validationErrors;
  return body;
}

/**
 * One validation item. `field` is the path from the request root (`attributes.shareClasses[0].carryPercent`, the
 * docs' key); `attribute` is the path inside `attributes` for contract errors, otherwise the same as `field` (the
 * service schema's key). Clients reading either find the location (API-FACTS D3).
 */
export function validationItem(field: string, code: ValidationCode, message: string, value?: unknown): ValidationItem {
  const attribute = field.startsWith('attributes.') ? field.slice('attributes.'.length) : field;
  const item: ValidationItem = { attribute, field, code, message };
  if (value !== undefined && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null)) {
    item.value = value;
  }
  return item;
}
