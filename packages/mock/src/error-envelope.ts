import { randomUUID } from 'node:crypto';

/**
 * Prism answers its own errors (no route, missing auth, invalid request) as `application/problem+json` with
 * `https://stoplight.io/prism/errors#…` types. Those bodies are not part of the Zest contract, so a partner's error
 * handling would be tested against shapes the real API never sends. This module rewrites them into the shapes the
 * spec declares: the partner envelope, or FastAPI's 422 `HTTPValidationError` for request validation.
 */

export interface Violation {
  location?: Array<string | number>;
  severity?: string;
  code?: string | number;
  message?: string;
}

interface PrismProblem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  validation?: Violation[];
}

export interface TranslatedError {
  status: number;
  body: unknown;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_token',
  403: 'forbidden',
  404: 'not_found',
  405: 'invalid_request',
  406: 'invalid_request',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function isPrismProblem(contentType: string | undefined, body: PrismProblem): boolean {
  return (contentType ?? '').includes('problem+json') && (body.type ?? '').includes('stoplight.io/prism/errors');
}

export function translatePrismProblem(problem: PrismProblem): TranslatedError {
  const status = problem.status ?? 500;
  const violations = problem.validation ?? [];
  if (status === 422 && violations.length > 0)
    return translateViolations(violations) ?? envelope(400, 'invalid_request', 'Invalid request.');
  // A 422 without violations is about the request's headers (Prism cannot read `Prefer: code=abc`): a 422 must be
  // the framework's `detail` list, and a header the service cannot use is 400 invalid_request.
  if (status === 422) return envelope(400, 'invalid_request', unreadableHeader(problem));
  const fallback = fellBack(problem);
  if (fallback) return fallback;
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
  return envelope(status, code, problem.detail || problem.title || 'The mock could not serve this request.');
}

/**
 * Prism's detail for a `Prefer` value it cannot decode is its validator's tree (`optional property "code"\n└─ cannot
 * decode "abc", should be a number`); the mock says it in one line, as its other `Prefer` refusals.
 */
function unreadableHeader(problem: PrismProblem): string {
  const text = problem.detail || problem.title || '';
  const [, name, value] = /property "([^"]+)"[\s\S]*?cannot decode "([^"]*)"/.exec(text) ?? [];
  if (name === undefined) return text.split('\n', 1)[0]!.trim() || 'A request header is invalid.';
  return `Prefer: ${name}=${value} cannot be read: Prefer accepts code=<declared status> and example=<example name>.`;
}

/**
 * With `Prefer: code=…` Prism retries a response it cannot produce with the default one, and when that fails too it
 * answers a bare 500 naming the inner error ("We tried default response, but we got …#NOT_ACCEPTABLE"). Without
 * `code=` the same request is a 406 (an `Accept` no response of the operation can satisfy): it is answered so here.
 */
function fellBack(problem: PrismProblem): TranslatedError | undefined {
  const inner = /We tried default response, but we got https:\/\/stoplight\.io\/prism\/errors#([A-Z_]+)/.exec(
    `${problem.title ?? ''} ${problem.detail ?? ''}`,
  )?.[1];
  if (inner === 'NOT_ACCEPTABLE')
    return envelope(
      406,
      'invalid_request',
      'No response of this operation can be served in a type the Accept header takes.',
    );
  if (inner === 'NOT_FOUND')
    return envelope(400, 'invalid_request', 'The Prefer header asks for a response this operation does not have.');
  return undefined;
}

/**
 * For an invalid request Prism serves the operation's declared 422 example, which describes some other request.
 * The real violations travel in the `sl-violations` header; this rebuilds the error from them. A missing or invalid
 * header is a malformed request in the partner contract (missing Idempotency-Key is 400 invalid_request,
 * docs/design-decisions.md#missing-idempotency-key); body,
 * query and path violations are what the service's framework reports as 422 `HTTPValidationError`.
 */
export function translateViolations(
  all: Violation[],
  names: ReadonlyMap<string, string> = new Map(),
  declares415 = false,
): TranslatedError | undefined {
  const violations = all
    .filter((v) => (v.severity ?? 'Error') === 'Error')
    .map((v) => ({ ...v, location: v.location?.[0] === 'request' ? v.location.slice(1) : (v.location ?? []) }))
    .map((v) => withSpecName(v, names));
  if (violations.length === 0) return undefined;
  // Prism reports a body of an undeclared content type as a violation with code 415 and no location; the service
  // answers 415 unsupported_media_type where the operation declares it, and 400 invalid_request elsewhere.
  const mediaType = violations.find((v) => String(v.code) === '415');
  if (mediaType) {
    const detail = mediaType.message ?? 'This content type is not accepted here.';
    return declares415 ? envelope(415, 'unsupported_media_type', detail) : envelope(400, 'invalid_request', detail);
  }
  const headerViolation = violations.find((v) => v.location[0] === 'header');
  if (headerViolation)
    return envelope(400, 'invalid_request', headerViolation.message ?? 'A required header is missing or invalid.');
  return {
    status: 422,
    body: {
      detail: violations.map((v) => {
        const missing = /required property '([^']+)'/.exec(v.message ?? '')?.[1];
        const loc = v.location.map((part) => (typeof part === 'string' && /^\d+$/.test(part) ? Number(part) : part));
        // A body that is missing altogether comes with no location; the framework reports it at `body`.
        if (loc.length === 0 && /body/i.test(v.message ?? '')) loc.push('body');
        return {
          loc: missing ? [...loc, missing] : loc,
          msg: v.message ?? 'invalid value',
          type: String(v.code ?? 'value_error'),
        };
      }),
    },
  };
}

/**
 * Prism reports a query parameter under its lowercase name (`perpage` for `perPage`), in the location and in the
 * message; the service names it as the spec does. `names` maps each lowercase parameter name of the spec to its own.
 */
function withSpecName<V extends Violation & { location: Array<string | number> }>(
  violation: V,
  names: ReadonlyMap<string, string>,
): V {
  const [where, name] = violation.location;
  if (where !== 'query' || typeof name !== 'string') return violation;
  const own = names.get(name.toLowerCase());
  if (!own || own === name) return violation;
  return {
    ...violation,
    location: [where, own, ...violation.location.slice(2)],
    message: violation.message?.replace(`parameter ${name} `, `parameter ${own} `),
  };
}

/**
 * The response keys (`200`, `4XX`, …) the operation a request reaches declares, from the spec's path templates (a
 * `{param}` matches one non-empty segment); undefined when the request reaches no operation.
 */
export function declaredResponsesMatcher(spec: {
  paths?: Record<string, Record<string, unknown>>;
}): (method: string, url: string) => readonly string[] | undefined {
  const routes: { method: string; pattern: RegExp; params: number; keys: string[] }[] = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const params = (template.match(/\{[^}]+\}/g) ?? []).length;
    for (const [method, operation] of Object.entries(item)) {
      const responses = (operation as { responses?: Record<string, unknown> } | null)?.responses;
      if (responses && typeof responses === 'object')
        routes.push({ method: method.toUpperCase(), pattern, params, keys: Object.keys(responses) });
    }
  }
  // A path with literal segments wins over one with parameters, as in Prism's router.
  routes.sort((a, b) => a.params - b.params);
  return (method, url) => {
    const path = url.split('?', 1)[0]!;
    return routes.find((route) => route.method === method.toUpperCase() && route.pattern.test(path))?.keys;
  };
}

/** Whether `declared` (an operation's response keys) covers `status`: the status itself or its range (`4XX`). */
export function declaresStatus(declared: readonly string[] | undefined, status: number): boolean {
  const range = `${String(status).charAt(0)}XX`;
  return declared?.some((key) => key === String(status) || key.toUpperCase() === range) ?? false;
}

/** Refusals of a request whose status the operation may not declare: the body's size, type or JSON. */
const BODY_REFUSALS = new Set([413, 415, 422]);

/**
 * A 413, 415 or 422 the operation the request reaches does not declare, as 400 `invalid_request` with the same
 * detail (a 422's violations in one line): a partner sees only statuses the contract lists for the operation. A
 * request that reaches no operation, or a declared status, is left as it is.
 */
export function withinDeclared(error: TranslatedError, declared: readonly string[] | undefined): TranslatedError {
  if (!BODY_REFUSALS.has(error.status) || declared === undefined || declaresStatus(declared, error.status))
    return error;
  const detail = (error.body as { detail?: unknown } | null)?.detail;
  const text = Array.isArray(detail)
    ? detail
        .map((item: { loc?: unknown[]; msg?: unknown }) => `${(item.loc ?? []).join('.')}: ${String(item.msg)}`)
        .join('; ')
    : String(detail ?? 'The request cannot be served.');
  return envelope(400, 'invalid_request', text);
}

/** Every parameter name the spec declares, by its lowercase form (for `translateViolations`). */
export function parameterNames(spec: {
  paths?: Record<string, Record<string, unknown>>;
  components?: { parameters?: Record<string, unknown> };
}): Map<string, string> {
  const names = new Map<string, string>();
  const add = (parameter: unknown) => {
    const name = (parameter as { name?: unknown } | null)?.name;
    if (typeof name === 'string') names.set(name.toLowerCase(), name);
  };
  for (const parameter of Object.values(spec.components?.parameters ?? {})) add(parameter);
  for (const item of Object.values(spec.paths ?? {})) {
    for (const value of Object.values(item)) {
      const list = Array.isArray(value) ? value : (value as { parameters?: unknown })?.parameters;
      if (Array.isArray(list)) for (const parameter of list) add(parameter);
    }
  }
  return names;
}

/** The `code` values the spec's `PartnerErrorCode` description gives each status. */
const CODES_FOR_STATUS: Record<number, readonly string[]> = {
  400: ['validation_error', 'invalid_request'],
  401: ['invalid_token'],
  403: ['forbidden'],
  404: ['not_found'],
  409: ['conflict'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
};

/**
 * An envelope whose `code` does not belong to its status, made to fit; undefined when it fits (or is not an
 * envelope). With `dynamic` Prism generates the envelope from its schema, so a 404 came with any `code` of the enum
 * (`conflict`, `validation_error` with `validationErrors`, …), while partners branch on `code`.
 */
export function fittedEnvelope(status: number, body: unknown): unknown | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const envelope = body as Record<string, unknown>;
  if (typeof envelope.code !== 'string') return undefined;
  const allowed = CODES_FOR_STATUS[status] ?? (status >= 500 ? ['internal_error', 'service_unavailable'] : undefined);
  const code = allowed?.includes(envelope.code) ? envelope.code : allowed?.[0];
  if (code === undefined) return undefined;
  const strayList = code !== 'validation_error' && 'validationErrors' in envelope;
  if (code === envelope.code && !strayList) return undefined;
  const { validationErrors, ...rest } = envelope;
  return code === 'validation_error' ? { ...rest, code, validationErrors } : { ...rest, code };
}

/** True for an error body of a shape the spec declares: the partner envelope, or the framework's 422 `detail` list. */
export function isContractError(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const { code, detail, errorId } = body as Record<string, unknown>;
  return (
    Array.isArray(detail) || (typeof code === 'string' && typeof detail === 'string' && typeof errorId === 'string')
  );
}

/**
 * Any other error body (Prism's HTTP layer answers a body that is not JSON with `{"error":{"code":"invalid_json"}}`)
 * in a contract shape: malformed JSON is what the service's framework reports as a 422 at `body`, anything else the
 * partner envelope for its status.
 */
export function translateForeignError(status: number, body: unknown): TranslatedError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error?.code === 'invalid_json')
    return unreadableBody(`JSON decode error: ${String(error.message ?? 'invalid JSON')}`);
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
  const message = typeof error?.message === 'string' ? error.message : 'The mock could not serve this request.';
  return envelope(status, code, message);
}

/** A JSON body whose bytes are not UTF-8: the framework's 422 at `body`, as the sandbox answers it. */
export function invalidUtf8Body(): TranslatedError {
  return unreadableBody('The JSON body is not valid UTF-8.');
}

/** A body that cannot be read as JSON at all, as the service's framework reports it: 422 at `body`, `json_invalid`. */
function unreadableBody(msg: string): TranslatedError {
  return { status: 422, body: { detail: [{ loc: ['body'], msg, type: 'json_invalid' }] } };
}

/** A JSON body larger than the mock reads (Prism's own 10 MiB limit). */
export function jsonBodyTooLarge(limit: number): TranslatedError {
  return envelope(413, 'payload_too_large', `The request body exceeds ${limit.toLocaleString('en-US')} bytes.`);
}

/** Prism exited while the mock runs: the service is unavailable, and says why. */
export function prismGone(why: string): TranslatedError {
  return envelope(503, 'service_unavailable', `The mock's Prism process is not running: ${why}`);
}

/** Prism did not answer (or stopped answering) within the mock's upstream timeout, without exiting. */
export function prismTimedOut(timeoutMs: number): TranslatedError {
  return envelope(
    503,
    'service_unavailable',
    `The mock's Prism process did not answer within ${timeoutMs} ms (upstreamTimeoutMs); retry the request.`,
  );
}

/** The connection to Prism failed (refused or dropped: Prism is exiting or has just exited). */
export function prismUnreachable(why: string): TranslatedError {
  return envelope(503, 'service_unavailable', `The mock's Prism process is unreachable: ${why}`);
}

/** True when Prism flags the request's security (code 401, "Invalid security scheme used") among its violations. */
export function isSecurityViolation(violations: Violation[]): boolean {
  return violations.some((v) => (v.severity ?? 'Error') === 'Error' && String(v.code) === '401');
}

/**
 * A request to a secured operation without a usable bearer token. Prism answers it with the operation's 401
 * example ("The access token has expired.", the same `errorId` every time), which says something else happened; the
 * service says what is wrong with this request, with an `errorId` of its own.
 */
export function missingToken(authorization: string | undefined): TranslatedError {
  const sent = (authorization ?? '').trim();
  const detail =
    sent === ''
      ? 'The request has no access token: send it as Authorization: Bearer <access token>.'
      : /^bearer$/i.test(sent)
        ? 'The Authorization header names the Bearer scheme but carries no access token: send Authorization: Bearer <access token>.'
        : 'The Authorization header does not carry a Bearer token: send Authorization: Bearer <access token>.';
  return envelope(401, 'invalid_token', detail);
}

/** A `Prefer` header (or `__code` / `__example`) asking for a response the operation does not have. */
export function unservablePrefer(detail: string): TranslatedError {
  return envelope(400, 'invalid_request', detail);
}

/** A request whose Host header is missing (HTTP/1.1) or repeated. */
export function badHost(detail: string): TranslatedError {
  return envelope(400, 'invalid_request', detail);
}

/** A path with a segment that is not percent-encoded UTF-8 names no resource, as on the sandbox. */
export function undecodablePath(): TranslatedError {
  return envelope(404, 'not_found', 'The request path is not valid percent-encoded UTF-8, so it names no resource.');
}

/**
 * A request target Prism's URL parser cannot read (`//`): as a path it names no resource. Prism answered it 500, and
 * the proxy's own reading of its query threw.
 */
export function unreadableTarget(): TranslatedError {
  return envelope(404, 'not_found', 'The request path cannot be read as a URL path, so it names no resource.');
}

/**
 * A path that starts with `//`, `/\` or `\`: Prism read it as a URL naming a host (`//evil.com/v1/…` served
 * `/v1/…`, without its first segment); as the path it is, it names no operation.
 */
export function unroutedPath(path: string): TranslatedError {
  return envelope(404, 'not_found', `No operation has the path ${path}.`);
}

/** A request header the mock cannot read (a malformed `Accept`, or `Content-Type` on a request without a body). */
export function malformedHeader(detail: string): TranslatedError {
  return envelope(400, 'invalid_request', detail);
}

/**
 * A body sent with a `Content-Type` that is not a media type: a content type the operation does not take, so 415
 * `unsupported_media_type` where the operation declares 415, else 400 `invalid_request`, as for any other such body.
 */
export function malformedBodyType(detail: string, declares415: boolean): TranslatedError {
  return declares415 ? envelope(415, 'unsupported_media_type', detail) : envelope(400, 'invalid_request', detail);
}

/** What Node's parser refused, with the status Node itself would send (408, 413, 431, else 400), in the envelope. */
export function malformedRequest(error: Error & { code?: string }): TranslatedError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return envelope(408, 'invalid_request', 'The request was not received in time; send it again.');
    case 'HPE_HEADER_OVERFLOW':
      return envelope(431, 'invalid_request', `The request line and header fields are too large: ${error.message}`);
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return envelope(413, 'payload_too_large', `The request's chunk extensions are too large: ${error.message}`);
    default:
      return envelope(400, 'invalid_request', `Malformed HTTP request: ${error.message}`);
  }
}

function envelope(status: number, code: string, detail: string): TranslatedError {
  return { status, body: { code, detail, errorId: randomUUID() } };
}
