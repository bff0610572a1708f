import type { IncomingMessage } from 'node:http';
import type { ApiError } from '../http/errors.js';
import {
  checkAdminRequest,
  checkHost,
  type HostPolicy,
  isLoopbackHostname,
  normaliseAllowedHost,
} from '../http/request-guard.js';
import { SandboxOptionsError } from '../options.js';

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
      ...(wildcard ? [] : [bindHostName(host)]),
    ]),
  };
}

/**
 * What reaches the sandbox from beyond this machine, judged as `hostPolicy` judges hosts: the bind address when it is
 * not a loopback one (a wildcard included), and the allowed hosts and `baseUrl` hosts that are not loopback names.
 * The Host allowlist only stops browsers; for these, the start-up banner warns that the admin API is open.
 */
export function nonLoopbackHosts(
  host: string,
  allowedHosts: readonly string[],
  baseUrls: readonly string[],
): { bound?: string; names: string[] } {
  const names = [...allowedHosts, ...baseUrls].map(normaliseAllowedHost).filter((name) => !isLoopbackHostname(name));
  return isLoopbackHostname(bindHostName(host)) ? { names } : { bound: host, names };
}

/**
 * The host name of the bind address. Its own message: `--host [::1]` or `--host http://127.0.0.1` was refused as
 * `allowedHosts: "[[::1]]" is not a host name`, naming an option that was never given.
 */
function bindHostName(host: string): string {
  try {
    return normaliseAllowedHost(host.includes(':') ? `[${host}]` : host);
  } catch {
    throw new SandboxOptionsError(
      `host ${JSON.stringify(host.slice(0, 200))} is not an address or host name to listen on (no scheme, port or brackets: 127.0.0.1, ::1, localhost)`,
    );
  }
}
