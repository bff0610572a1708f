import type { components } from '@zestequity/partner-api-types';
import { ZestError } from '@zestequity/partner-auth';
import { isFrameworkValidationError, isPartnerEnvelope } from '@zestequity/partner-auth/internal';
import { isTransientStatus } from './retry.js';

type PartnerErrorResponse = components['schemas']['PartnerErrorResponse'];
type HTTPValidationError = components['schemas']['HTTPValidationError'];

/** The top-level error codes the spec declares, plus codes this SDK assigns when the server sent no envelope. */
export type ZestErrorCode = PartnerErrorResponse['code'] | 'unexpected_response';

/** One field-level problem, whichever of the two server shapes it came from
 * (docs/design-decisions.md#validation-items, docs/design-decisions.md#validation-422). */
export interface ZestValidationIssue {
  /** Dotted path with `[n]` indices, e.g. `attributes.shareClasses[0].carryPercent`. Empty when the server named none. */
  path: string;
  code: string;
  message: string;
  value?: unknown;
}

/**
 * A non-2xx answer from the API, normalised from the partner envelope or FastAPI's 422 shape. Thrown with
 * `throwOnError`, otherwise returned as `result.error`.
 */
export class ZestApiError extends ZestError {
  // Its brand: `instanceof` holds across copies of the SDK and of the auth package (see ZestError).
  static override readonly '@zestequity/partner-auth/brand': string = 'ZestApiError';
  override readonly name = 'ZestApiError';
  readonly status: number;
  declare readonly code: ZestErrorCode;
  readonly detail: string;
  /** Quote this to Zest support. Absent when the server sent no envelope. */
  readonly errorId: string | undefined;
  readonly validationErrors: ZestValidationIssue[];
  /** The parsed body exactly as received (or its text when it was not JSON). */
  readonly body: unknown;
  readonly response: Response | undefined;
  /** The Idempotency-Key the failed call carried: resend the same body with it to stay deduplicated. */
  idempotencyKey: string | undefined;

  constructor(init: {
    status: number;
    code: ZestErrorCode;
    detail: string;
    errorId?: string | undefined;
    validationErrors?: ZestValidationIssue[];
    body?: unknown;
    response?: Response;
  }) {
    super(init.code, `${init.status} ${init.code}: ${init.detail}${init.errorId ? ` (errorId ${init.errorId})` : ''}`);
    this.status = init.status;
    this.detail = init.detail;
    this.errorId = init.errorId;
    this.validationErrors = init.validationErrors ?? [];
    this.body = init.body;
    this.response = init.response;
    this.idempotencyKey = undefined;
  }

  /** A successful status whose body is not the JSON document the API sends (`code` is `unexpected_response`). */
  static unparsable(response: Response, text: string): ZestApiError {
    const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    return new ZestApiError({
      status: response.status,
      code: 'unexpected_response',
      detail: `HTTP ${response.status} answer is not JSON: ${shown}`,
      body: text,
      response,
    });
  }

  /** Build from a status and an already-parsed error body; a ZestApiError (e.g. `result.error`) is returned as is. */
  static from(status: number, body: unknown, response?: Response): ZestApiError {
    if (body instanceof ZestApiError) return body;
    if (isPartnerEnvelope(body)) {
      return new ZestApiError({
        status,
        code: body.code,
        detail: typeof body.detail === 'string' ? body.detail : body.code,
        errorId: typeof body.errorId === 'string' ? body.errorId : undefined,
        validationErrors: issuesOf<PartnerIssue>(body.validationErrors).map(fromPartnerIssue),
        body,
        ...(response ? { response } : {}),
      });
    }
    if (isFrameworkValidationError(body)) {
      const issues = issuesOf<FrameworkIssue>(body.detail).map(fromFrameworkIssue);
      return new ZestApiError({
        status,
        code: 'validation_error',
        detail: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') || 'Validation error',
        validationErrors: issues,
        body,
        ...(response ? { response } : {}),
      });
    }
    return new ZestApiError({
      status,
      code: 'unexpected_response',
      detail:
        typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : `HTTP ${status} without an error envelope`,
      body,
      ...(response ? { response } : {}),
    });
  }
}

/**
 * No HTTP response arrived (DNS, connection refused or reset, TLS...), even after retries: in the call itself or in
 * the token exchange before it (then `cause` is the TokenExchangeError). `code` is `network_error`.
 */
export class ZestNetworkError extends ZestError {
  static override readonly '@zestequity/partner-auth/brand': string = 'ZestNetworkError';
  override readonly name: string = 'ZestNetworkError';
  declare readonly code: 'network_error' | 'timeout';
  readonly attempts: number;
  /** The Idempotency-Key the failed call carried: resend the same body with it to stay deduplicated. */
  idempotencyKey: string | undefined;
  constructor(message: string, options: { cause?: unknown; attempts: number; code?: 'network_error' | 'timeout' }) {
    super(options.code ?? 'network_error', message, { cause: options.cause });
    this.attempts = options.attempts;
    this.idempotencyKey = undefined;
  }
}

/** An attempt, or the token exchange, exceeded its timeout (and retries, if allowed, were exhausted). `code` is `timeout`. */
export class ZestTimeoutError extends ZestNetworkError {
  static override readonly '@zestequity/partner-auth/brand': string = 'ZestTimeoutError';
  override readonly name = 'ZestTimeoutError';
  declare readonly code: 'timeout';
  /** The limit that ran out; undefined when a custom TokenProvider timed out with a limit of its own. */
  readonly timeoutMs: number | undefined;
  constructor(timeoutMs: number | undefined, attempts: number, options: { message?: string; cause?: unknown } = {}) {
    super(options.message ?? `No response within ${timeoutMs} ms (attempt ${attempts})`, {
      attempts,
      code: 'timeout',
      cause: options.cause,
    });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Worth sending again unchanged: no response arrived (network, timeout), or the answer was 408, 429 or 5xx.
 * Decided from `code` and `status` alone, so it holds for every ZestError subclass.
 */
export function isTransientError(error: ZestError): boolean {
  if (error.code === 'network_error' || error.code === 'timeout') return true;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && isTransientStatus(status);
}

export type ZestUploadErrorReason =
  | 'too_large'
  | 'empty'
  | 'unsupported_type'
  | 'unrecognised_content'
  | 'type_mismatch'
  /** `fileFromPath` could not read the file (missing, a directory, no permission); `cause` is the system error. */
  | 'unreadable';

/** An upload refused locally, before any byte was sent. `code` (and `reason`) says why. */
export class ZestUploadError extends ZestError {
  static override readonly '@zestequity/partner-auth/brand': string = 'ZestUploadError';
  override readonly name = 'ZestUploadError';
  declare readonly code: ZestUploadErrorReason;
  /** Same as `code`. */
  readonly reason: ZestUploadErrorReason;
  readonly size: number | undefined;
  readonly declaredType: string | undefined;
  readonly detectedType: string | undefined;
  constructor(
    reason: ZestUploadErrorReason,
    message: string,
    details: {
      size?: number;
      declaredType?: string | undefined;
      detectedType?: string | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(reason, message, details);
    this.reason = reason;
    this.size = details.size;
    this.declaredType = details.declaredType;
    this.detectedType = details.detectedType;
  }
}

type PartnerIssue = NonNullable<PartnerErrorResponse['validationErrors']>[number];
type FrameworkIssue = NonNullable<HTTPValidationError['detail']>[number];

/**
 * The items of a server's issue list that are objects. The list comes from the wire: one that is not an array, or
 * holds null, must still give the caller a ZestApiError, not a TypeError thrown while reading it.
 */
function issuesOf<T>(list: unknown): T[] {
  return Array.isArray(list) ? list.filter((issue) => typeof issue === 'object' && issue !== null) : [];
}

function fromPartnerIssue(issue: PartnerIssue): ZestValidationIssue {
  // The service schema names the location `attribute`; the docs example names it `field`
  // (docs/design-decisions.md#validation-items).
  const loose = issue as PartnerIssue & { field?: unknown; attribute?: unknown; value?: unknown };
  const path =
    typeof loose.field === 'string' ? loose.field : typeof loose.attribute === 'string' ? loose.attribute : '';
  const out: ZestValidationIssue = { path, code: String(issue.code), message: String(issue.message) };
  if ('value' in loose) out.value = loose.value;
  return out;
}

function fromFrameworkIssue(issue: FrameworkIssue): ZestValidationIssue {
  const loose = issue as FrameworkIssue & { input?: unknown };
  // A `loc` that is not an array names no path.
  const loc = Array.isArray(issue.loc) ? issue.loc : [];
  const out: ZestValidationIssue = { path: joinLoc(loc), code: String(issue.type), message: String(issue.msg) };
  if ('input' in loose) out.value = loose.input;
  return out;
}

/** `["body", "investors", 0, "email"]` -> `investors[0].email`, matching the partner envelope's path style. */
export function joinLoc(loc: ReadonlyArray<string | number>): string {
  let path = '';
  loc.forEach((segment, index) => {
    if (index === 0 && segment === 'body') return;
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path ? `.${segment}` : segment;
  });
  return path;
}

/** An attempt ran out of time: the error names the request, its cause says what ran out. */
export function timedOut(request: Request, timeoutMs: number, attempts: number, what = 'response'): ZestTimeoutError {
  const cause = new DOMException(`no ${what} within ${timeoutMs} ms (attempt ${attempts})`, 'TimeoutError');
  const message = `Request to ${request.method} ${request.url} failed: ${cause.message}`;
  return new ZestTimeoutError(timeoutMs, attempts, { message, cause });
}
