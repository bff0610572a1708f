// Parser for the Zest-Signature header: `t=<unix seconds>,v1=<hex>[,v1=<hex>...][,vN=...]`
// (docs/design-decisions.md#webhook-signature).
// Like the reference parser: split on ",", split each segment on its first "=", trim whitespace, reject a segment
// without "=", require one integer `t`. Several `v1` entries may appear (e.g. during a secret rotation); entries of
// other versions are ignored so that Zest can add `v2` later without breaking receivers.

import { WebhookVerificationError } from '../errors.js';

export const SIGNATURE_HEADER = 'Zest-Signature';

export interface ParsedSignatureHeader {
  /** `t` exactly as sent: the signed content starts with these characters. */
  timestamp: string;
  timestampSeconds: number;
  /** Every `v1` value, in order, as sent. */
  v1: string[];
}

function malformed(message: string): never {
  throw new WebhookVerificationError('malformed_header', `Malformed ${SIGNATURE_HEADER} header: ${message}`);
}

export function parseSignatureHeader(header: string | null | undefined): ParsedSignatureHeader {
  if (typeof header !== 'string' || header.trim() === '') {
    throw new WebhookVerificationError(
      'missing_header',
      `No ${SIGNATURE_HEADER} header. Read it from the incoming request (header names are case-insensitive) and ` +
        'make sure no proxy strips it.',
    );
  }
  let timestamp: string | undefined;
  const v1: string[] = [];
  let otherVersions: string[] | undefined;
  // One pass with indexOf instead of split/map: this runs on every delivery, and on a 1 KB body the parse is a
  // visible share of the verification time.
  for (let start = 0; start <= header.length; ) {
    let end = header.indexOf(',', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq === -1 || eq > end) {
      const segment = header.slice(start, end).trim();
      malformed(
        segment === ''
          ? 'empty entry (stray comma). Expected "t=<unix seconds>,v1=<hex>".'
          : `entry "${segment.slice(0, 40)}" has no "=". Expected "t=<unix seconds>,v1=<hex>".`,
      );
    }
    const key = header.slice(start, eq).trim();
    const value = header.slice(eq + 1, end).trim();
    if (key === 't') {
      if (timestamp !== undefined) malformed('more than one "t" entry.');
      // Digits only: no sign, no fraction, no exponent. Up to 15 digits, so that a millisecond timestamp (13)
      // still parses and is then diagnosed as such by the window check.
      if (!/^\d{1,15}$/.test(value)) malformed(`"t" must be whole unix seconds, got "${value.slice(0, 40)}".`);
      timestamp = value;
    } else if (key === 'v1') {
      v1.push(value);
    } else if (key === '') {
      malformed('an entry has no name before "=".');
    } else {
      otherVersions ??= [];
      otherVersions.push(key);
    }
    start = end + 1;
  }
  if (timestamp === undefined) malformed('no "t=<unix seconds>" entry.');
  if (v1.length === 0) {
    throw new WebhookVerificationError(
      'no_supported_signature',
      `The ${SIGNATURE_HEADER} header has no v1 signature` +
        (otherVersions ? ` (only ${otherVersions.join(', ')}); this library verifies v1.` : '.'),
    );
  }
  return { timestamp, timestampSeconds: Number(timestamp), v1 };
}
