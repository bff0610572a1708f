import { randomUUID } from 'node:crypto';
import type { components } from '@zestequity/partner-api-types';
import { ownGet } from '../own.js';

export type Schemas = components['schemas'];
export type PartnerErrorCode = Schemas['PartnerErrorResponse']['code'];
export type ValidationItem = Schemas['PartnerValidationError'];
export type ValidationCode = ValidationItem['code'];

/**
 * Any failure a handler wants the partner to see. The server turns it into the partner envelope
 * `{code, detail, errorId, validationErrors?}` with a fresh UUID; nothing else ever reaches the wire as an error.
 */
export class ApiError extends Error {
  /** Where a request-validation failure sits (`query`, `path`, `header`, `body`), for the framework's 422 shape. */
  location?: 'query' | 'path' | 'header' | 'body';

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

  at(location: ApiError['location']): this {
    this.location = location;
    return this;
  }
}

export const badRequest = (detail: string) => new ApiError(400, 'invalid_request', detail);
export const notFound = (detail: string) => new ApiError(404, 'not_found', detail);
export const conflict = (detail: string) => new ApiError(409, 'conflict', detail);
export const invalidToken = (detail: string) => new ApiError(401, 'invalid_token', detail);
export const validationFailed = (
  items: ValidationItem[],
  detail = 'The request failed validation; see validationErrors.',
) => new ApiError(400, 'validation_error', detail, items);

/** `investors[0].email` -> `['investors', 0, 'email']`. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return out;
}

const FRAMEWORK_TYPES: Record<string, string> = {
  required: 'missing',
  type: 'type_error',
  enum: 'enum',
  pattern: 'string_pattern_mismatch',
  max_length: 'string_too_long',
  min_value: 'greater_than_equal',
  max_value: 'less_than_equal',
  format: 'value_error',
  unknown_attribute: 'extra_forbidden',
};

/**
 * The framework's 422 `HTTPValidationError` for a request-validation failure, used only on operations whose spec
 * declares 422 and no 400 (see README, "422 vs the envelope").
 */
export function frameworkValidationBody(error: ApiError): Schemas['HTTPValidationError'] {
  const location = error.location ?? 'body';
  if (!error.validationErrors || error.validationErrors.length === 0) {
    return {
      detail: [
        { loc: [location], msg: error.detail, type: error.code === 'invalid_request' ? 'value_error' : error.code },
      ],
    };
  }
  return {
    detail: error.validationErrors.map((item) => ({
      loc: [location, ...pathSegments(String(item.field ?? item.attribute ?? ''))],
      msg: item.message,
      type: ownGet<string>(FRAMEWORK_TYPES, item.code) ?? 'value_error',
    })),
  };
}

export function envelope(error: ApiError): Schemas['PartnerErrorResponse'] {
  const body: Schemas['PartnerErrorResponse'] = { code: error.code, detail: error.detail, errorId: randomUUID() };
  if (error.code === 'validation_error' && error.validationErrors && error.validationErrors.length > 0)
    body.validationErrors = error.validationErrors;
  return body;
}

/**
 * One validation item. `field` is the path from the request root (`attributes.shareClasses[0].carryPercent`, the
 * docs' key); `attribute` is the path inside `attributes` for contract errors, otherwise the same as `field` (the
 * service schema's key). Clients reading either find the location (docs/design-decisions.md#validation-items).
 */
export function validationItem(field: string, code: ValidationCode, message: string, value?: unknown): ValidationItem {
  const attribute = field.startsWith('attributes.') ? field.slice('attributes.'.length) : field;
  const item: ValidationItem = { attribute, field, code, message };
  if (
    value !== undefined &&
    (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null)
  ) {
    item.value = value;
  }
  return item;
}

/** Echoed input is cut to this many characters: an error detail is not a copy of whatever was sent. */
const ECHO_LIMIT = 200;

/** A value a client sent, as JSON, for an error detail; cut to ECHO_LIMIT characters. */
export function echo(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text;
}
