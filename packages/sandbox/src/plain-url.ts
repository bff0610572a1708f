import { SandboxOptionsError } from './options.js';

/**
 * `text` with the user name and password of its authority (everything before its last `@`) replaced by `***`: what
 * an error may print of a URL it refuses. A password must not reach a terminal or a CI log because it was mistyped.
 */
export function redactedUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@');
}

/**
 * An absolute http(s) URL without credentials, query, fragment or spaces, its trailing slashes dropped: what a
 * sandbox address must be (`baseUrl`, `--url`, `--audience`), because a path is appended to it or it is compared
 * byte for byte. Anything else is a SandboxOptionsError naming `what`, its credentials, if any, not printed.
 */
export function plainHttpUrl(entry: unknown, what: string): string {
  let url: URL | undefined;
  try {
    url = typeof entry === 'string' ? new URL(entry) : undefined;
  } catch {}
  const plain =
    url && /^https?:$/.test(url.protocol) && !url.username && !url.password && !/[?#\s]/.test(String(entry));
  if (!plain)
    throw new SandboxOptionsError(
      `${what}: ${JSON.stringify(typeof entry === 'string' ? redactedUrl(entry) : entry)} is not an absolute http:// or https:// URL without credentials, query, fragment or spaces`,
    );
  return (entry as string).replace(/\/+$/, '');
}
