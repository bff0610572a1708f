import type { IncomingMessage } from 'node:http';
import type { ApiError } from '../http/errors.js';
import { checkAdminRequest, checkHost, type HostPolicy, normaliseAllowedHost } from '../http/request-guard.js';

export const isAdminPath = (pathname: string) => pathname === '/sandbox' || pathname.startsWith('/sandbox/');

/**
 * The "guard" stage, before anything else: a `Host` the sandbox does not answer as is refused (DNS rebinding), and
 * admin requests must also come from a page of the sandbox's own origin, not from any site the browser visits.
 */
export function guard(req: IncomingMessage, pathname: string, policy: HostPolicy): ApiError | undefined {
  return checkHost(req, policy) ?? (isAdminPath(pathname) ? checkAdminRequest(req, policy) : undefined);
}

/** The hosts answered besides the loopback names: `allowedHosts`, the hosts of `baseUrl` and a named bind address. */
export function hostPolicy(host: string, allowedHosts: readonly string[], baseUrls: readonly string[]): HostPolicy {
  const wildcard = host === '0.0.0.0' || host === '::';
  return {
    allowed: new Set([
      ...allowedHosts.map(normaliseAllowedHost),
      ...baseUrls.map(normaliseAllowedHost),
      ...(wildcard ? [] : [normaliseAllowedHost(host.includes(':') ? `[${host}]` : host)]),
    ]),
  };
}
