import type { Exchange } from '../http/recorder.js';

/** A reason on one line: OpenSSL's errors end in a newline, and a multi-line reason breaks every report. */
export function oneLine(reason: string): string {
  return reason
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(' ');
}

/** TLS spoken to a plain HTTP server (OpenSSL's record errors), or plain HTTP to a TLS server (it hangs up). */
const TLS_MISMATCH = /wrong version number|SSL routines|ERR_SSL_|packet length too long|unknown protocol/i;
const HUNG_UP = /other side closed|ECONNRESET|socket hang up/i;

/**
 * A hint when the first contact failed the way a scheme mismatch does (`https://` to a plain HTTP server, `http://`
 * to a TLS one); undefined otherwise. The original reason is kept by the caller: this only adds a likely cause.
 */
export function schemeHint(reason: string, url: string): string | undefined {
  if (!TLS_MISMATCH.test(reason) && !HUNG_UP.test(reason)) return undefined;
  const scheme = new URL(url).protocol.replace(/:$/, '');
  return `the target may not speak ${scheme} — check the scheme of --base-url`;
}

/**
 * When the target answered the probe, but never with JSON (an HTML page from a web server or a proxy, say): the base
 * URL most likely points at something other than the API. Undefined when any answer was JSON, or none came.
 */
export function notTheApi(exchanges: readonly Exchange[], baseUrl: string): string | undefined {
  const answered = exchanges.filter((e) => e.status !== undefined);
  if (answered.length === 0) return undefined;
  const types = answered.map((e) => (e.contentType ?? '').split(';')[0]!.trim().toLowerCase());
  if (types.some((type) => type === 'application/json' || type.endsWith('+json'))) return undefined;
  const first = types.find((type) => type.length > 0) ?? 'no content type';
  return `the target at ${baseUrl} does not look like the Zest API (it answered ${first})`;
}
