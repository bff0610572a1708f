// The sending side of Zest-Signature, for the local sandbox, for tests, and for anyone replaying a delivery.

import { signedContentMacs } from './hmac.js';
import type { RawPayload } from './verify.js';

export interface SignWebhookOptions {
  /** The exact body that will be sent (bytes or text; text is signed as UTF-8). */
  payload: RawPayload;
  /** The whsec_… secret; several produce one v1 entry each (the way to sign across a secret rotation). */
  secret: string | readonly string[];
  /** Unix seconds (or a Date); default now. */
  timestamp?: number | Date;
}

/** Returns the Zest-Signature header value, `t=<unix seconds>,v1=<lowercase hex>[,v1=...]`. */
export async function signWebhook(options: SignWebhookOptions): Promise<string> {
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  if (!Array.isArray(secrets) || secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === '')) {
    throw new TypeError(
      '`secret` must be the whsec_… signing secret (a non-empty string) or a non-empty array of them.',
    );
  }
  const ts = options.timestamp;
  const seconds =
    ts === undefined ? Math.floor(Date.now() / 1000) : ts instanceof Date ? Math.floor(ts.getTime() / 1000) : ts;
  // 1e11 s is the year 5138: a larger number is a millisecond timestamp passed by mistake.
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds >= 1e11) {
    throw new TypeError('`timestamp` must be whole unix seconds (not milliseconds) or a Date.');
  }
  const payload = options.payload;
  let body: Uint8Array | string;
  if (typeof payload === 'string' || payload instanceof Uint8Array) body = payload;
  else if (payload instanceof ArrayBuffer) body = new Uint8Array(payload);
  else throw new TypeError('`payload` must be the exact body to send, as bytes or text (JSON.stringify it first).');
  const t = String(seconds);
  const computed = signedContentMacs(secrets, t, body);
  const macs = Array.isArray(computed) ? computed : await computed;
  return [`t=${t}`, ...macs.map((mac) => `v1=${mac}`)].join(',');
}
