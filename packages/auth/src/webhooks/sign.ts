// The sending side of Zest-Signature, for the local sandbox, for tests, and for anyone replaying a delivery.

import { requireOptions } from '../options.js';
import { signedContentMacs } from './hmac.js';
import { type RawPayload, rawBody, secretList } from './verify.js';

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
  const secrets = secretList(requireOptions(options, 'signWebhook').secret);
  const ts = options.timestamp;
  const seconds =
    ts === undefined ? Math.floor(Date.now() / 1000) : ts instanceof Date ? Math.floor(ts.getTime() / 1000) : ts;
  // 1e11 s is the year 5138: a larger number is a millisecond timestamp passed by mistake.
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds >= 1e11) {
    throw new TypeError('`timestamp` must be whole unix seconds (not milliseconds) or a Date.');
  }
  // Read as verifyWebhook reads it (a DataView, another typed array, an ArrayBuffer from another realm): whatever one
  // accepts, the other must sign, or a round trip fails.
  const body = rawBody(options.payload);
  if (body === undefined)
    throw new TypeError('`payload` must be the exact body to send, as bytes or text (JSON.stringify it first).');
  const t = String(seconds);
  const computed = signedContentMacs(secrets, t, body);
  const macs = Array.isArray(computed) ? computed : await computed;
  return [`t=${t}`, ...macs.map((mac) => `v1=${mac}`)].join(',');
}
