// Verification of a Zest webhook delivery (docs/design-decisions.md#webhook-signature): HMAC-SHA256 with the whole
// whsec_… secret over `<t>.<raw body bytes>`, lowercase hex in `v1`, a symmetric 300-second window, constant-time
// comparison.

import type { WebhookEvent } from '@zestequity/partner-api-types';
import { constantTimeEqualText, decodeUtf8 } from '../bytes.js';
import { WebhookVerificationError } from '../errors.js';
import { requireOptions } from '../options.js';
import { type Instant, instantMillis } from '../time.js';
import { signedContentMacs } from './hmac.js';
import { parseSignatureHeader, SIGNATURE_HEADER } from './signature-header.js';

export const DEFAULT_TOLERANCE_SECONDS = 300;
const HEX_MAC = /^[0-9a-f]{64}$/;

/** The raw request body, exactly as received. A string is taken as its UTF-8 bytes. */
export type RawPayload = Uint8Array | ArrayBuffer | string;

export interface VerifyWebhookSignatureOptions {
  /** The raw request body: bytes (Uint8Array, Buffer, ArrayBuffer) or the body text. Never a parsed object. */
  payload: RawPayload;
  /** The Zest-Signature header value. */
  signatureHeader: string | null | undefined;
  /** The whole `whsec_…` signing secret; several during a rotation (any may match). */
  secret: string | readonly string[];
  /** Maximum distance between `t` and now, either direction; default 300. */
  toleranceSeconds?: number;
  /** Pins "now" (a Date or epoch milliseconds); default the current time. */
  now?: Instant;
}

export type VerifyWebhookOptions = VerifyWebhookSignatureOptions;

export interface VerifiedSignature {
  /** The signature timestamp `t`, unix seconds. */
  timestamp: number;
}

/** The secrets to try, or a TypeError saying what a secret must be. */
export function secretList(secret: string | readonly string[]): readonly string[] {
  const list = typeof secret === 'string' ? [secret] : secret;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string' || s === '')) {
    throw new TypeError(
      '`secret` must be the whsec_… signing secret (a non-empty string) or a non-empty array of them.',
    );
  }
  return list;
}

/**
 * The bytes (or text) a raw body form stands for, or undefined for anything else. Shared by signing and verifying, so
 * that what one accepts the other does. Buffers are recognised by their tag, not `instanceof`: an ArrayBuffer from
 * another realm (a vm context, a jsdom test environment) fails `instanceof ArrayBuffer` and was called a parsed object.
 */
export function rawBody(payload: unknown): Uint8Array | string | undefined {
  if (typeof payload === 'string' || payload instanceof Uint8Array) return payload;
  if (ArrayBuffer.isView(payload)) return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  const tag = Object.prototype.toString.call(payload);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]')
    return new Uint8Array(payload as ArrayBuffer);
  return undefined;
}

function rawBytes(payload: unknown): Uint8Array | string {
  const bytes = rawBody(payload);
  if (bytes !== undefined) return bytes;
  throw new WebhookVerificationError(
    'payload_not_raw',
    payload === undefined || payload === null
      ? 'No payload: pass the raw request body (bytes or text).'
      : 'The payload is a parsed object, not the raw body. The signature covers the exact bytes Zest sent, which ' +
          're-serialising cannot reproduce: read the body as bytes (express.raw({ type: "application/json" }), ' +
          '`await request.arrayBuffer()`) and verify before parsing.',
  );
}

/** The signature window in seconds, or a TypeError for a value that is not one. */
export function toleranceWindow(toleranceSeconds: number | undefined): number {
  const t = toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!Number.isFinite(t) || t < 0) throw new TypeError('`toleranceSeconds` must be a non-negative number.');
  return t;
}

function mismatchMessage(secrets: readonly string[], candidates: readonly string[]): string {
  const hints = [
    'the body was parsed and re-serialised, or decoded and re-encoded, before verification (pass the raw bytes)',
    'the secret is not the exact whsec_… string Zest issued for this endpoint (the whole string, prefix included, is the key)',
  ];
  if (secrets.some((s) => !s.startsWith('whsec_'))) {
    hints.unshift('a secret does not start with "whsec_": Zest keys the HMAC with the whole string, prefix included');
  }
  if (!candidates.some((c) => HEX_MAC.test(c))) {
    hints.unshift('no v1 value is 64 lowercase hex characters, so the header was truncated or altered');
  }
  return `No v1 signature in ${SIGNATURE_HEADER} matches this payload. Usual causes: ${hints.join('; ')}.`;
}

interface PreparedCheck {
  payload: Uint8Array | string;
  timestampSeconds: number;
  candidates: string[];
  secrets: readonly string[];
  /** Synchronous on the node:crypto path, a promise on Web Crypto. */
  macs: string[] | Promise<string[]>;
}

/** Everything up to and including starting the HMAC; throws on the cheap failures before any MAC is computed. */
function prepare(options: VerifyWebhookSignatureOptions, call: string): PreparedCheck {
  const payload = rawBytes(requireOptions(options, call).payload);
  const secrets = secretList(options.secret);
  const tolerance = toleranceWindow(options.toleranceSeconds);
  const header = parseSignatureHeader(options.signatureHeader);

  // In milliseconds, not in floored seconds: flooring "now" made the window [t - 300, t + 301) instead of the
  // documented |now - t| <= 300, accepting a signature up to 300.999 s old.
  const ageMs = instantMillis(options.now) - header.timestampSeconds * 1000;
  const age = Math.sign(ageMs) * Math.ceil(Math.abs(ageMs) / 1000);
  if (Math.abs(ageMs) > tolerance * 1000) {
    const ms = header.timestampSeconds > 1e11 ? ' "t" looks like milliseconds; it must be unix seconds.' : '';
    throw new WebhookVerificationError(
      'timestamp_outside_tolerance',
      age > 0
        ? `The signature is ${age} s old, beyond the ${tolerance} s tolerance: a replayed or long-delayed delivery, ` +
            `or this server's clock is ahead.${ms}`
        : `The signature is ${-age} s in the future, beyond the ${tolerance} s tolerance: this server's clock is ` +
            `behind (sync it with NTP).${ms}`,
    );
  }
  return {
    payload,
    timestampSeconds: header.timestampSeconds,
    candidates: header.v1,
    secrets,
    macs: signedContentMacs(secrets, header.timestamp, payload),
  };
}

function checkMacs(check: PreparedCheck, macs: readonly string[]): void {
  let matched = false;
  for (const mac of macs) {
    // Every pair is compared (no early exit), each in constant time.
    for (const candidate of check.candidates) matched = constantTimeEqualText(mac, candidate) || matched;
  }
  if (!matched)
    throw new WebhookVerificationError('signature_mismatch', mismatchMessage(check.secrets, check.candidates));
}

// These functions return promises without being `async`: on the node:crypto path all the work is synchronous, and
// skipping the async machinery is a measurable share of a 1 KB verification. Errors still arrive as rejections.

/**
 * Checks the Zest-Signature header against the raw payload and resolves with the signature timestamp, or rejects
 * with {@link WebhookVerificationError}. Does not parse the body.
 */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): Promise<VerifiedSignature> {
  try {
    const check = prepare(options, 'verifyWebhookSignature');
    const done = (macs: readonly string[]): VerifiedSignature => {
      checkMacs(check, macs);
      return { timestamp: check.timestampSeconds };
    };
    return Array.isArray(check.macs) ? Promise.resolve(done(check.macs)) : check.macs.then(done);
  } catch (error) {
    return Promise.reject(error);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The envelope every Zest event shares. Deliberately structural and minimal: the per-event `data` schemas live in
 * the spec, and validating them is the receiver's choice (e.g. with the bundled spec and a JSON Schema validator).
 */
function checkEnvelope(value: unknown): asserts value is WebhookEvent {
  if (!isObject(value)) {
    throw new WebhookVerificationError(
      'invalid_payload',
      'The payload is JSON but not an object, so not a Zest event.',
    );
  }
  for (const key of ['eventId', 'eventType', 'occurredAt'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') {
      throw new WebhookVerificationError('invalid_payload', `The event has no "${key}" string.`);
    }
  }
  if (!isObject(value.data)) throw new WebhookVerificationError('invalid_payload', 'The event has no "data" object.');
}

function parseJson(payload: Uint8Array | string): unknown {
  let text: string;
  try {
    text = typeof payload === 'string' ? payload : decodeUtf8(payload);
  } catch (cause) {
    throw new WebhookVerificationError('invalid_json', 'The signed payload is not valid UTF-8.', { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new WebhookVerificationError('invalid_json', 'The signed payload is not valid JSON.', { cause });
  }
}

/**
 * Verifies a delivery and returns its event: signature first (nothing unauthenticated is parsed), then JSON, then
 * the envelope shape (eventId, eventType, occurredAt, data). Throws {@link WebhookVerificationError}.
 *
 * The result is typed as the union of the documented events. Zest may add event types later (v1 only grows), so
 * give a `switch (event.eventType)` a default branch that acknowledges and ignores what it does not know.
 */
export function verifyWebhook(options: VerifyWebhookOptions): Promise<WebhookEvent> {
  try {
    const check = prepare(options, 'verifyWebhook');
    const done = (macs: readonly string[]): WebhookEvent => {
      checkMacs(check, macs);
      // Only authenticated bytes are parsed.
      const event = parseJson(check.payload);
      checkEnvelope(event);
      return event;
    };
    return Array.isArray(check.macs) ? Promise.resolve(done(check.macs)) : check.macs.then(done);
  } catch (error) {
    return Promise.reject(error);
  }
}
