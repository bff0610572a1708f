import type { IncomingMessage } from 'node:http';
import { SandboxOptionsError } from '../options.js';
import { ApiError } from './errors.js';

/**
 * Who may talk to the sandbox. It has no authentication on its admin routes and hands out the development partner's
 * data on `/v1`, so two browser attacks matter even on loopback:
 *
 * - **DNS rebinding**: a page on `evil.example` re-points its name at 127.0.0.1 and calls the sandbox as
 *   "same-origin"; the only trace is the `Host` header, which then says `evil.example`. Every route (admin and
 *   `/v1`) therefore answers only a `Host` that is a loopback name (`localhost`, `127.x.x.x`, `[::1]`), the address
 *   the sandbox is bound to, the host of a configured `baseUrl`, or one of `allowedHosts`.
 * - **Cross-site requests**: any page can send a `text/plain` POST (no preflight) to `http://localhost:8080`.
 *   Admin routes refuse a request a browser marks as coming from another site (`Sec-Fetch-Site: cross-site` or
 *   `same-site`) or whose `Origin` is not the sandbox's own, and admin POST/PUT must be `application/json`, which a
 *   page can only send cross-origin after a CORS preflight the sandbox never grants.
 */
export interface HostPolicy {
  /** Lower-case host names (no port) accepted besides the loopback names. */
  allowed: ReadonlySet<string>;
}

const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const v4 = IPV4_LOOPBACK.exec(hostname);
  return v4?.slice(1).every((part) => Number(part) <= 255) === true;
}

/** `Host: name[:port]` -> the lower-case host name (IPv6 in brackets), or undefined when it is not a plain host. */
export function hostnameOf(host: string): string | undefined {
  if (host === '' || /[\s/?#@\\]/.test(host)) return undefined;
  try {
    const url = new URL(`http://${host}`);
    return url.hostname === '' ? undefined : url.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The host name part of a configured name or URL (`example.test`, `example.test:8443`, `https://example.test/`). */
export function normaliseAllowedHost(entry: string): string {
  const trimmed = entry.trim();
  const name = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? hostnameOf(new URL(trimmed).host) : hostnameOf(trimmed);
  if (!name) throw new SandboxOptionsError(`allowedHosts: "${entry}" is not a host name`);
  return name;
}

export function hostAllowed(policy: HostPolicy, hostname: string): boolean {
  return isLoopbackHostname(hostname) || policy.allowed.has(hostname);
}

/**
 * Host headers already judged under each policy (true: answered). A client sends the same one on every request, and
 * parsing it as a URL each time was a tenth of a small GET. Bounded: cleared when it holds 64 different headers.
 */
const judged = new WeakMap<HostPolicy, Map<string, boolean>>();

function answersHost(policy: HostPolicy, header: string): boolean {
  let seen = judged.get(policy);
  if (!seen) {
    seen = new Map();
    judged.set(policy, seen);
  }
  let allowed = seen.get(header);
  if (allowed === undefined) {
    const hostname = hostnameOf(header);
    allowed = hostname !== undefined && hostAllowed(policy, hostname);
    if (seen.size >= 64) seen.clear();
    seen.set(header, allowed);
  }
  return allowed;
}

/** How many Host field lines a request carried: Node keeps the first in `req.headers` and drops the others. */
function hostLines(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') count++;
  }
  return count;
}

/**
 * Refuses (403) a request whose Host header names something this sandbox is not, and (400) what RFC 9112 section
 * 3.2 says a server MUST answer with 400: an HTTP/1.1 request with no Host header, or a request with more than one.
 * Node's own answer to the first was a bare 400 without the partner envelope (the server now leaves it to this
 * function), and the second was served by its first Host, which another hop may read differently.
 */
export function checkHost(req: IncomingMessage, policy: HostPolicy): ApiError | undefined {
  const header = req.headers.host;
  if (header !== undefined && hostLines(req.rawHeaders) > 1) {
    return new ApiError(400, 'invalid_request', 'The request has more than one Host header (RFC 9112 section 3.2).');
  }
  if (header !== undefined && answersHost(policy, header)) return undefined;
  if (header === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) {
    return new ApiError(400, 'invalid_request', 'An HTTP/1.1 request must carry a Host header (RFC 9112 section 3.2).');
  }
  return new ApiError(
    403,
    'forbidden',
    header === undefined
      ? 'The request has no Host header; the sandbox answers only requests addressed to it by a loopback name or an allowed host.'
      : `The sandbox does not answer to Host ${JSON.stringify(header.slice(0, 200))}: only loopback names (localhost, 127.0.0.1, [::1]) ` +
          'and configured hosts (--allowed-host, allowedHosts) are served, so a web page cannot reach it through DNS rebinding.',
  );
}

/**
 * For the admin routes: refuses (403) what a browser says comes from another site or origin, and (415) an admin
 * POST or PUT that is not `application/json`.
 */
export function checkAdminRequest(req: IncomingMessage, policy: HostPolicy): ApiError | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    return new ApiError(
      403,
      'forbidden',
      `The sandbox admin API refuses requests a browser sends from another site (Sec-Fetch-Site: ${site}).`,
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req.headers.host, policy)) {
    return new ApiError(
      403,
      'forbidden',
      `The sandbox admin API refuses requests from the web origin ${JSON.stringify(origin.slice(0, 200))}; only its own origin may call it.`,
    );
  }
  // A webhook the sandbox sends to itself (a partner's webhookUrl pointing at the admin API) would make every
  // delivery a new admin action, triggers feeding themselves without end.
  if (req.headers['zest-signature'] !== undefined) {
    return new ApiError(
      403,
      'forbidden',
      'The sandbox admin API does not take webhook deliveries (this request carries Zest-Signature); point the webhookUrl at your own receiver.',
    );
  }
  const method = req.method ?? 'GET';
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return new ApiError(
        415,
        'unsupported_media_type',
        `Admin ${method} requests must be sent as Content-Type: application/json${type ? `, not ${type}` : ''} (an empty body is fine).`,
      );
    }
  }
  return undefined;
}

function sameOrigin(origin: string, host: string | undefined, policy: HostPolicy): boolean {
  if (host === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.host.toLowerCase() === host.toLowerCase() && hostAllowed(policy, url.hostname.toLowerCase());
}
