// Every error this package throws on purpose. Each carries a machine-readable field (`reason` or `code`) so callers
// branch on data, never on message text; messages are for the human reading the log.

import type { PartnerError } from '@zestequity/partner-api-types';

/**
 * Key of the brand list every ZestError carries: the brands of its class and of each branded class above it. A
 * registered symbol (`Symbol.for`), so it is the same key in every copy of this package a program loads.
 */
const INSTANCE_BRANDS = Symbol.for('@zestequity/partner-auth/ZestError');

/**
 * Key of a class's own brand: a stable name such as `UnsupportedKeyError`, declared by this package's error classes
 * and the SDK's. A string key, not a symbol, so that bundlers can still drop an error class nobody uses. A class that
 * declares none (a partner's own subclass) keeps ordinary `instanceof`.
 */
const ERROR_CLASS_BRAND = '@zestequity/partner-auth/brand';

type Branded = { readonly [ERROR_CLASS_BRAND]?: string };

/** `value instanceof cls` by prototype, or, when `cls` has a brand of its own, by the brands `value` carries. */
function isInstance(cls: Branded & (abstract new (...args: never[]) => unknown), value: unknown): boolean {
  const brands = (value as { [INSTANCE_BRANDS]?: unknown } | null)?.[INSTANCE_BRANDS];
  return (
    Function.prototype[Symbol.hasInstance].call(cls, value) ||
    (Object.hasOwn(cls, ERROR_CLASS_BRAND) && Array.isArray(brands) && brands.includes(cls[ERROR_CLASS_BRAND]))
  );
}

/**
 * The base of every error this package and the SDK (`@zestequity/partner-api-client`) throw on purpose, in the
 * manner of stripe-node's one error base: `catch (e) { if (e instanceof ZestError) switch (e.code) ... }` handles
 * them all, and `code` is the one field to branch on. Subclasses add their own details.
 *
 * `instanceof` also holds across copies of this package (an app and the SDK each resolving their own): every
 * instance carries the brands of its classes under a registered symbol, and `instanceof` on this class and on the
 * branded classes of this package and the SDK compares those brands when the prototype chain does not match.
 */
export class ZestError extends Error {
  static readonly '@zestequity/partner-auth/brand': string = 'ZestError';

  /**
   * Ordinary `instanceof`, or, for a branded class, an error made by another copy of it (whose prototype chain is
   * that copy's). A class without a brand of its own (a subclass defined elsewhere) matches by prototype only.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `instanceof` calls this with the class on its right, a subclass too.
    return isInstance(this, value);
  }

  override readonly name: string = 'ZestError';
  /** Machine-readable; stable within a major version. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    // Not enumerable: it stays out of logs, JSON and deep-equality checks.
    const brands: unknown[] = [];
    for (let c: Branded | null = new.target; c; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, ERROR_CLASS_BRAND)) brands.push(c[ERROR_CLASS_BRAND]);
    }
    Object.defineProperty(this, INSTANCE_BRANDS, { value: brands });
  }
}

/**
 * `message (cause message (its cause message ...))`: fetch reports an outage as "fetch failed" and hides the useful
 * part (`connect ECONNREFUSED 127.0.0.1:443`, `getaddrinfo ENOTFOUND`) in `error.cause`, so the chain is spelled out.
 * An AggregateError (Node tries every address of a host) contributes the messages of the errors it holds.
 */
export function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth += 1) {
    const text = describeOne(current);
    if (text !== '' && !parts.includes(text)) parts.push(text);
    current = current instanceof Error ? current.cause : undefined;
  }
  if (parts.length === 0) return String(error);
  return parts.reduceRight((inner, outer) => `${outer} (${inner})`);
}

function describeOne(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error instanceof AggregateError ? error.errors.map(describeOne).filter((t) => t !== '') : [];
  let text = error.message || inner.join('; ');
  // Node puts the errno name (ECONNREFUSED) in `code`; an AggregateError's own message is often empty.
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && !text.includes(code))
    text = text ? `${code}: ${text}` : code;
  return text;
}

/** Why a key was refused by {@link createAssertion}, {@link createTokenProvider} or {@link verifyAssertion}. */
export type KeyErrorReason =
  /** Not a PEM string, JWK, CryptoKey or KeyObject (e.g. a Uint8Array HMAC secret, a number, a file path). */
  | 'unsupported_key_type'
  /** A real key, but not Ed25519 (RSA, EC, Ed448, X25519, an HMAC secret...). Zest accepts EdDSA only. */
  | 'unsupported_algorithm'
  /** A public key where a private one is needed, or the other way round. */
  | 'wrong_key_kind'
  /** Looks like the right type but cannot be parsed or imported. */
  | 'invalid_key';

export class UnsupportedKeyError extends ZestError {
  static override readonly '@zestequity/partner-auth/brand': string = 'UnsupportedKeyError';
  override readonly name = 'UnsupportedKeyError';
  declare readonly code: KeyErrorReason;
  /** Same as `code`. */
  readonly reason: KeyErrorReason;
  constructor(reason: KeyErrorReason, message: string, options?: { cause?: unknown }) {
    super(reason, message, options);
    this.reason = reason;
  }
}

/** Why {@link verifyAssertion} rejected a JWT assertion. */
export type AssertionVerificationReason =
  /** Not a compact JWS with a JSON header and a JSON object payload. */
  | 'malformed'
  /** The header's `alg` is not `EdDSA` (HS256, RS256, none, ...). */
  | 'unsupported_algorithm'
  /** One of iss, sub, aud, client_id, iat, exp is absent. See `claim`. */
  | 'missing_claim'
  /** A claim has the wrong type or an impossible value (e.g. exp before iat). See `claim`. */
  | 'invalid_claim'
  /** `sub` differs from `client_id`. */
  | 'subject_mismatch'
  /** `resolveClient` knows no client with this `client_id`. */
  | 'unknown_client'
  /** The EdDSA signature does not verify with the client's registered public key. */
  | 'invalid_signature'
  /** `aud` is not exactly the expected base URL (e.g. a sandbox assertion sent to production). */
  | 'audience_mismatch'
  /** `iss` differs from the issuer registered for the client. */
  | 'issuer_mismatch'
  /** `exp` is in the past, beyond the allowed clock skew. */
  | 'expired'
  /** `iat` is in the future, beyond the allowed clock skew (usually a drifting clock). */
  | 'issued_in_future'
  /** `nbf` is in the future, beyond the allowed clock skew. */
  | 'not_yet_valid'
  /** `exp - iat` exceeds the maximum assertion lifetime. */
  | 'lifetime_too_long';

export class AssertionVerificationError extends ZestError {
  static override readonly '@zestequity/partner-auth/brand': string = 'AssertionVerificationError';
  override readonly name = 'AssertionVerificationError';
  declare readonly code: AssertionVerificationReason;
  /** Same as `code`. */
  readonly reason: AssertionVerificationReason;
  /** The claim at fault, when the reason concerns one claim. */
  readonly claim: string | undefined;
  constructor(reason: AssertionVerificationReason, message: string, options?: { claim?: string; cause?: unknown }) {
    super(reason, message, options);
    this.reason = reason;
    this.claim = options?.claim;
  }
}

/**
 * Codes of {@link TokenExchangeError} produced locally, beside the partner error codes the token endpoint sends
 * (`invalid_token`, `invalid_request`, `internal_error`, ...).
 */
export type LocalTokenExchangeCode =
  /** fetch itself failed (DNS, connection refused, TLS, reset). */
  | 'network_error'
  /** No response within `timeoutMs`. */
  | 'timeout'
  /** A 2xx response without a usable `accessToken`. */
  | 'invalid_response'
  /** A non-2xx response without the partner error envelope. */
  | 'unexpected_response';

export class TokenExchangeError extends ZestError {
  static override readonly '@zestequity/partner-auth/brand': string = 'TokenExchangeError';
  override readonly name = 'TokenExchangeError';
  /** HTTP status, or undefined when no response arrived. */
  readonly status: number | undefined;
  /** The envelope's `code` (e.g. `invalid_token`), or one of {@link LocalTokenExchangeCode}. */
  declare readonly code: string;
  readonly detail: string | undefined;
  /** The envelope's `errorId`: quote it to Zest support. */
  readonly errorId: string | undefined;
  readonly validationErrors: PartnerError['validationErrors'] | undefined;
  /**
   * How long the token endpoint asked to be left alone before the next exchange (its `Retry-After`, as seconds or
   * an HTTP-date, in ms), typically on a 429 or 503; undefined when it did not say.
   */
  readonly retryAfterMs: number | undefined;
  constructor(init: {
    status?: number | undefined;
    code: string;
    detail?: string | undefined;
    errorId?: string | undefined;
    validationErrors?: PartnerError['validationErrors'] | undefined;
    retryAfterMs?: number | undefined;
    message: string;
    cause?: unknown;
  }) {
    super(init.code, init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.detail = init.detail;
    this.errorId = init.errorId;
    this.validationErrors = init.validationErrors;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** Why {@link verifyWebhook} rejected a delivery. */
export type WebhookVerificationReason =
  /** No Zest-Signature header (or an empty one). */
  | 'missing_header'
  /** The header does not parse as `t=<unix seconds>,v1=<hex>[,...]`. */
  | 'malformed_header'
  /** The header has a timestamp but no `v1` entry (only versions this library does not know). */
  | 'no_supported_signature'
  /** `t` is further than the tolerance from now, in the past (replay, slow queue) or the future (clock drift). */
  | 'timestamp_outside_tolerance'
  /** No `v1` entry matches any of the secrets. */
  | 'signature_mismatch'
  /** The payload is a parsed object rather than the raw body (a JSON body parser ran first). */
  | 'payload_not_raw'
  /** Correctly signed, but the body is not UTF-8 JSON. */
  | 'invalid_json'
  /** Correctly signed JSON, but not an event envelope (eventId, eventType, occurredAt, data). */
  | 'invalid_payload';

export class WebhookVerificationError extends ZestError {
  static override readonly '@zestequity/partner-auth/brand': string = 'WebhookVerificationError';
  override readonly name = 'WebhookVerificationError';
  declare readonly code: WebhookVerificationReason;
  /** Same as `code`. */
  readonly reason: WebhookVerificationReason;
  constructor(reason: WebhookVerificationReason, message: string, options?: { cause?: unknown }) {
    super(reason, message, options);
    this.reason = reason;
  }
}
