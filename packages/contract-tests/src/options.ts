import { createAssertion, type PrivateKeyInput } from '@zestequity/partner-auth';
import type { ContractTestOptions } from './types.js';

/**
 * A problem with the options themselves (the CLI exits 2 on it, before anything is sent). `code` is always
 * `'invalid_config'`, a stable string to branch on as on the client's and auth's errors.
 */
export class ContractTestConfigError extends Error {
  override readonly name = 'ContractTestConfigError';
  readonly code = 'invalid_config' as const;

  /** The message is kept to one line (the CLI prints it as one): line breaks and other controls are escaped. */
  constructor(message: string) {
    super(escapeControls(message));
  }
}

/**
 * Text with its line breaks, tabs and other control characters (C0, DEL and C1, where `\u009b` is a terminal's CSI)
 * written as escapes (`\n`, `\u001b`), so a message quoting what a file, an option or a target held stays one line
 * and cannot steer the terminal it is printed on.
 */
export function escapeControls(text: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is escaped
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => {
    return named[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * The longest delay a Node timer can wait (2^31-1 ms, about 24.8 days). A longer one either throws when the timer is
 * set or fires after 1 ms, so a timeout above it would never mean what was asked.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** What a check is selected by: its id and its tags. */
export interface Selectable {
  id: string;
  tags: string[];
}

/**
 * Checks the options before anything is sent and returns the base URL without trailing slashes. `known` is every
 * check of the suite (with the probe and the coverage row), so a filter naming none of them is refused.
 */
export function checkOptions(options: ContractTestOptions, known: readonly Selectable[]): string {
  if (!options || typeof options !== 'object') throw new ContractTestConfigError('options are required');
  const baseUrl = checkBaseUrl(options.baseUrl);
  for (const name of ['clientId', 'issuer'] as const) {
    if (typeof options[name] !== 'string' || options[name].trim() === '')
      throw new ContractTestConfigError(`${name} is required`);
  }
  if (!options.privateKey) throw new ContractTestConfigError('privateKey is required (an Ed25519 PKCS#8 PEM)');
  checkSecondPartner(options);
  checkDelay(options.requestTimeoutMs, 'requestTimeoutMs (--timeout-ms)');
  checkDelay(options.webhookWaitMs, 'webhookWaitMs (--webhook-wait-ms)');
  checkSelection(options.only, 'only (--only)', known);
  checkSelection(options.skip, 'skip (--skip)', known);
  return baseUrl;
}

/**
 * The base URL, refused when no request built on it can work: not http(s), credentials in it (the API takes tokens,
 * and a URL with a password would end up in reports and logs), or a query or fragment (paths are appended to it, so
 * they would land inside the query or be dropped with the fragment).
 */
export function checkBaseUrl(raw: unknown): string {
  if (typeof raw !== 'string') throw new ContractTestConfigError('baseUrl (--base-url) is required');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ContractTestConfigError(`baseUrl (--base-url) is not a URL: ${withoutCredentials(raw)}`);
  }
  if (url.username !== '' || url.password !== '') {
    url.username = '';
    url.password = '';
    throw new ContractTestConfigError(
      `baseUrl (--base-url) must not contain a user name or password (the API authenticates with tokens): ${url.href}`,
    );
  }
  // The URL parser drops surrounding spaces and any tab or newline, but the text itself is the assertion's audience
  // and the start of every request URL: a trailing space crashed the run, a tab or CR reached the token's `aud`.
  if (/\s/.test(raw) || [...raw].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f))
    throw new ContractTestConfigError(
      `baseUrl (--base-url) must not contain spaces, tabs or line breaks (a stray one from a copied value?): ${JSON.stringify(raw)}`,
    );
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ContractTestConfigError(`baseUrl (--base-url) must be http(s), got ${url.protocol} in ${url.href}`);
  // `new URL` drops an empty "?" or "#", which would still break every path appended to the text.
  if (raw.includes('?') || raw.includes('#'))
    throw new ContractTestConfigError(`baseUrl (--base-url) must not have a query string or a fragment: ${raw}`);
  return raw.replace(/\/+$/, '');
}

/** Text that did not parse as a URL, with anything that looks like `user:password@` masked before it is shown. */
function withoutCredentials(raw: string): string {
  return raw.replace(/^([^/?#]*\/\/)[^/?#]*@/, '$1***@');
}

function checkSecondPartner(options: ContractTestOptions): void {
  const second = options.secondPartner;
  if (second === undefined) return;
  if (
    !second ||
    typeof second.clientId !== 'string' ||
    second.clientId.trim() === '' ||
    typeof second.issuer !== 'string' ||
    second.issuer.trim() === '' ||
    !second.privateKey
  ) {
    throw new ContractTestConfigError('secondPartner needs clientId, issuer and privateKey');
  }
  if (second.clientId === options.clientId)
    throw new ContractTestConfigError('secondPartner must be another client than clientId');
}

function checkDelay(value: number | undefined, name: string): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value <= 0 || value > MAX_TIMER_MS)
    throw new ContractTestConfigError(`${name} must be a whole number of ms from 1 to ${MAX_TIMER_MS}, got ${value}`);
}

/** A filter label that matches no check id and no tag would silently select nothing (or skip nothing). */
function checkSelection(labels: string[] | undefined, name: string, known: readonly Selectable[]): void {
  if (labels === undefined) return;
  if (!Array.isArray(labels) || labels.some((label) => typeof label !== 'string'))
    throw new ContractTestConfigError(`${name} must be a list of check ids or tags`);
  const tags = [...new Set(known.flatMap((check) => check.tags))];
  const ids = known.map((check) => check.id);
  const unknown = labels.filter((label) => !tags.includes(label) && !ids.includes(label));
  if (unknown.length === 0) return;
  throw new ContractTestConfigError(
    `${name} names no check or tag: ${unknown.join(', ')}. Tags: ${tags.join(', ')}. Check ids: ${ids.join(', ')}`,
  );
}

/**
 * Signs one assertion with each partner's key, locally: a key that is not Ed25519 (RSA, EC, unreadable PEM) is a
 * configuration mistake, and finding it here keeps it from being reported as the target refusing a token.
 */
export async function checkPrivateKeys(options: ContractTestOptions, audience: string): Promise<void> {
  const partners: { clientId: string; issuer: string; privateKey: PrivateKeyInput }[] = [options];
  if (options.secondPartner) partners.push(options.secondPartner);
  for (const { clientId, issuer, privateKey } of partners) {
    try {
      await createAssertion({ clientId, issuer, audience, privateKey });
    } catch (error) {
      throw new ContractTestConfigError(
        `the private key of ${clientId} is not an Ed25519 key Zest can use: ${(error as Error).message}`,
      );
    }
  }
}
