// Access tokens for the Zest Partner API: mint an assertion, exchange it at POST /v1/oauth2/tokens, cache the token
// until shortly before it expires. Two ideas from google-auth-library: refresh eagerly before expiry, and let
// concurrent callers share one in-flight exchange. A failure is never cached: the next call tries again.

import { assertionClaims, signAssertion } from './assertion/create.js';
import { checkKeyShape, importEd25519PrivateKey, type PrivateKeyInput } from './assertion/keys.js';
import { readAtMost } from './bytes.js';
import { isFrameworkValidationError, isPartnerEnvelope } from './envelope.js';
import { describeFailure, TokenExchangeError } from './errors.js';
import { requireOptions } from './options.js';
import { parseRetryAfter } from './retry-after.js';
import { shareInFlight } from './share-in-flight.js';

export const TOKEN_PATH = '/v1/oauth2/tokens';
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Lifetime assumed when the token response has no `expiresIn` (docs/design-decisions.md#token-response). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

export interface TokenProviderOptions {
  /** The Zest environment base URL, e.g. `https://sandbox.api.zestequity.com` (a trailing slash is ignored). */
  baseUrl: string;
  clientId: string;
  /** Your own API base URL, registered with Zest as the assertion issuer. */
  issuer: string;
  /** Ed25519 private key: PKCS#8 PEM text, private JWK, CryptoKey or Node KeyObject. */
  privateKey: PrivateKeyInput;
  /** The assertion `aud`; default `baseUrl` without a trailing slash. */
  audience?: string;
  /** Injected fetch (tests, proxies, instrumentation); default the global fetch. */
  fetch?: typeof fetch;
  /** Renew this many seconds before expiry (capped at half the token lifetime); default 60. */
  refreshBeforeSeconds?: number;
  /** Lifetime of each assertion, seconds; default 60. */
  assertionLifetimeSeconds?: number;
  /** Abort an exchange after this long; default 10000 ms. */
  timeoutMs?: number;
  /** Clock in epoch milliseconds; default `Date.now`. */
  now?: () => number;
}

/**
 * Anything that hands out bearer tokens: what {@link createTokenProvider} returns, and what the SDK
 * (`@zestequity/partner-api-client`) accepts as `auth` from a partner's own token source.
 */
export interface TokenProvider {
  /** A valid access token, from the cache or from one shared exchange. Rejects with {@link TokenExchangeError}. */
  getToken(): Promise<string>;
  /**
   * Drops the cached token. With a token argument, only if the cache still holds that token: a 401 for a token
   * that has already been replaced must not throw the fresh one away. Optional for a partner's own provider (one
   * that does not cache has nothing to drop); {@link createTokenProvider} always has it.
   */
  invalidate?(token?: string): void;
}

interface CachedToken {
  token: string;
  /** When the token stops being valid (epoch ms). */
  expiresAt: number;
  /** When to start renewing it (epoch ms). */
  refreshAt: number;
}

type TokenResponseBody = { accessToken?: unknown; expiresIn?: unknown };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const INVALID_TOKEN_HINT =
  ' Usual causes: the assertion "aud" is not this environment\'s base URL exactly, the clock is off by more than a few ' +
  'seconds, the key is not the one registered for this client_id, or sub differs from client_id.';

/** `text` up to `max` characters, with an ellipsis when it was longer. */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

function errorFromResponse(status: number, text: string, retryAfterMs: number | undefined): TokenExchangeError {
  const body = parseJson(text);
  if (isPartnerEnvelope(body)) {
    // The server's strings go into `code` and the message as they came, cut to a readable length.
    const detail = typeof body.detail === 'string' ? cut(body.detail, 1000) : undefined;
    const errorId = typeof body.errorId === 'string' ? cut(body.errorId, 200) : undefined;
    const code = cut(body.code, 200);
    return new TokenExchangeError({
      status,
      code,
      detail,
      errorId,
      validationErrors: body.validationErrors,
      retryAfterMs,
      message:
        `Token exchange failed with ${status} ${code}${detail ? `: ${detail}` : ''}` +
        `${errorId ? ` (errorId ${errorId})` : ''}.${code === 'invalid_token' ? INVALID_TOKEN_HINT : ''}`,
    });
  }
  if (isFrameworkValidationError(body)) {
    const detail =
      body.detail
        // Items are the server's: a null or a number among them must not become a TypeError here.
        .map((item) => String(item?.msg ?? ''))
        .filter(Boolean)
        .join('; ') || undefined;
    return new TokenExchangeError({
      status,
      code: 'validation_error',
      detail,
      retryAfterMs,
      message: `Token exchange failed with ${status}: the request was not accepted${detail ? ` (${detail})` : ''}.`,
    });
  }
  const snippet = cut(text, 200);
  return new TokenExchangeError({
    status,
    code: 'unexpected_response',
    detail: snippet || undefined,
    retryAfterMs,
    message: `Token exchange failed with ${status} and a body that is not the partner error envelope: ${JSON.stringify(snippet)}.`,
  });
}

function validBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== 'string') throw new TypeError('`baseUrl` must be the Zest environment base URL.');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`\`baseUrl\` is not a valid URL: ${JSON.stringify(baseUrl)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('`baseUrl` must be an http(s) URL.');
  // The token path is appended to the base URL as text: a query or fragment would swallow it, and credentials in a
  // URL are refused by fetch (and would end up in error messages).
  if (url.username || url.password || /[?#]/.test(baseUrl) || baseUrl.trim() !== baseUrl)
    throw new TypeError('`baseUrl` must be the base URL alone: no user, password, query, fragment or spaces.');
  return baseUrl.replace(/\/+$/, '');
}

/** The options with their defaults applied, checked once when the provider is created. */
interface Settings {
  tokenUrl: string;
  audience: string;
  now: () => number;
  fetchImpl: typeof fetch;
  timeoutMs: number;
  refreshBeforeMs: number;
}

/**
 * Applies the defaults and fails at construction on obviously wrong input, rather than on the first request.
 * `now` and `fetchImpl` are always called bare (never as `settings.now()`), as the options' functions always were.
 */
function validSettings(options: TokenProviderOptions): Settings {
  const base = validBaseUrl(options.baseUrl);
  const tokenUrl = `${base}${TOKEN_PATH}`;
  const audience = options.audience ?? base;
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const refreshBeforeMs = (options.refreshBeforeSeconds ?? 60) * 1000;
  if (!Number.isFinite(refreshBeforeMs) || refreshBeforeMs < 0) {
    throw new TypeError('`refreshBeforeSeconds` must be a non-negative number.');
  }
  // A timer cannot wait longer than 2^31 - 1 ms; a longer one fires at once, failing every exchange as a timeout.
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS))
    throw new TypeError(`\`timeoutMs\` must be a positive number of milliseconds up to ${MAX_TIMEOUT_MS}.`);
  if (typeof fetchImpl !== 'function') throw new TypeError('No fetch implementation: pass `fetch`.');
  // Checked here, or it fails as "now is not a function" from inside.
  if (typeof now !== 'function') throw new TypeError('`now` must be a function returning epoch milliseconds.');
  checkKeyShape(options.privateKey, 'private');
  assertionClaims({ ...options, audience, lifetimeSeconds: options.assertionLifetimeSeconds, now: now() });
  return { tokenUrl, audience, now, fetchImpl, timeoutMs, refreshBeforeMs };
}

/** Imports the private key on first use and keeps it; a failed import is forgotten so that the next call retries. */
function cachedSigningKey(privateKey: PrivateKeyInput): () => Promise<CryptoKey> {
  let key: Promise<CryptoKey> | undefined;
  return () => {
    if (!key) {
      const pending = importEd25519PrivateKey(privateKey);
      pending.catch(() => {
        if (key === pending) key = undefined;
      });
      key = pending;
    }
    return key;
  };
}

/** A freshly signed assertion for this client. */
async function signedAssertion(
  options: TokenProviderOptions,
  settings: Settings,
  signingKey: () => Promise<CryptoKey>,
): Promise<string> {
  const { audience, now } = settings;
  const claims = assertionClaims({
    clientId: options.clientId,
    issuer: options.issuer,
    audience,
    lifetimeSeconds: options.assertionLifetimeSeconds,
    now: now(),
  });
  return signAssertion(claims, await signingKey());
}

/** The longest wait a timer honours (about 24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** POSTs the assertion and reads the whole answer; a timeout or a network failure becomes a TokenExchangeError. */
async function postAssertion(settings: Settings, assertion: string): Promise<{ response: Response; text: string }> {
  // Called bare, as a plain function: a browser's fetch rejects any other `this`.
  const { tokenUrl, timeoutMs, fetchImpl } = settings;
  try {
    return await withDeadline(Math.ceil(timeoutMs), async (signal) => {
      const response = await fetchImpl(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion }).toString(),
        signal,
        // Never follow a redirect: it would carry the signed assertion (replayable until it expires) elsewhere.
        redirect: 'manual',
      });
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        throw new TokenExchangeError({
          code: 'unexpected_response',
          status: response.status,
          message: `Token exchange at ${tokenUrl} answered with a redirect${redirectTarget(response)}, not followed: it would carry the signed assertion elsewhere.`,
        });
      }
      return { response, text: await boundedText(response) };
    });
  } catch (cause) {
    if (cause instanceof TokenExchangeError) throw cause;
    const timedOut = (cause as { name?: string } | null)?.name === 'TimeoutError';
    throw new TokenExchangeError({
      code: timedOut ? 'timeout' : 'network_error',
      message: timedOut
        ? `Token exchange at ${tokenUrl} got no response within ${timeoutMs} ms.`
        : `Token exchange at ${tokenUrl} failed before a response: ${describeFailure(cause)}.`,
      cause,
    });
  }
}

/**
 * `run` with a signal that aborts after `ms`, settled by then even when `run` ignores the signal (an injected
 * `fetch` that does not take one, a body that keeps coming): the caller waits `timeoutMs`, never longer.
 */
function withDeadline<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new DOMException(`no response within ${ms} ms`, 'TimeoutError');
      controller.abort(error);
      reject(error);
    }, ms);
  });
  return Promise.race([run(controller.signal), expired]).finally(() => clearTimeout(timer));
}

/** A token answer is a few hundred bytes; anything past this is not one, and is not buffered. */
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

async function boundedText(response: Response): Promise<string> {
  const bytes = await readAtMost(response.body, MAX_TOKEN_RESPONSE_BYTES);
  if (bytes === undefined) {
    throw new TokenExchangeError({
      code: 'unexpected_response',
      status: response.status,
      message: `Token exchange answered ${response.status} with a body over ${MAX_TOKEN_RESPONSE_BYTES} bytes.`,
    });
  }
  return new TextDecoder().decode(bytes);
}

/** ` to <Location>` when the redirect says where (not in a browser, which hides it), cut to 200 characters. */
function redirectTarget(response: Response): string {
  const location = response.headers.get('location');
  return location ? ` to ${location.slice(0, 200)}` : '';
}

/** A bearer token as RFC 6750 allows it in a header (`b64token`): letters, digits, `-._~+/`, then `=` padding. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Reads a 2xx token response into what the cache keeps, with expiry counted from `sentAt`. */
function cachedTokenFrom(status: number, text: string, sentAt: number, refreshBeforeMs: number): CachedToken {
  const body = parseJson(text) as TokenResponseBody | undefined;
  const token = body?.accessToken;
  if (typeof token !== 'string' || token === '') {
    throw new TokenExchangeError({
      status,
      code: 'invalid_response',
      message: `Token exchange answered ${status} without an "accessToken" string.`,
    });
  }
  // It goes into an Authorization header on every call: a token with spaces, control characters or non-ASCII would
  // fail each of those calls (or split the header), so it is refused here, once, with the reason.
  if (!BEARER_TOKEN.test(token)) {
    throw new TokenExchangeError({
      status,
      code: 'invalid_response',
      message: `Token exchange answered ${status} with an "accessToken" that is not a valid bearer token.`,
    });
  }
  const expiresIn =
    typeof body?.expiresIn === 'number' && Number.isFinite(body.expiresIn) && body.expiresIn > 0
      ? body.expiresIn
      : DEFAULT_TOKEN_LIFETIME_SECONDS;
  const expiresAt = sentAt + expiresIn * 1000;
  // A margin larger than the lifetime would renew on every call; half the lifetime is the most that makes sense.
  const margin = Math.min(refreshBeforeMs, (expiresIn * 1000) / 2);
  return { token, expiresAt, refreshAt: expiresAt - margin };
}

/** One token exchange: sign an assertion, POST it, read the token. */
async function exchangeToken(
  options: TokenProviderOptions,
  settings: Settings,
  signingKey: () => Promise<CryptoKey>,
): Promise<CachedToken> {
  const { now } = settings;
  const assertion = await signedAssertion(options, settings, signingKey);
  // Expiry counts from when the request left, so network time only ever makes the cached lifetime shorter.
  const sentAt = now();
  const { response, text } = await postAssertion(settings, assertion);
  if (response.status < 200 || response.status > 299)
    throw errorFromResponse(response.status, text, parseRetryAfter(response.headers.get('retry-after'), now()));
  return cachedTokenFrom(response.status, text, sentAt, settings.refreshBeforeMs);
}

/** Creates a cached, self-renewing source of access tokens for one partner client. */
export function createTokenProvider(options: TokenProviderOptions): Required<TokenProvider> {
  const settings = validSettings(requireOptions(options, 'createTokenProvider'));
  const { now } = settings;
  const signingKey = cachedSigningKey(options.privateKey);
  let cached: CachedToken | undefined;

  const sharedExchange = shareInFlight(() =>
    exchangeToken(options, settings, signingKey).then((fresh) => {
      cached = fresh;
      return fresh;
    }),
  );

  return {
    async getToken() {
      const current = cached;
      if (current && now() < current.refreshAt) return current.token;
      try {
        return (await sharedExchange()).token;
      } catch (error) {
        // Renewal failed while the old token is still valid: keep serving it; the next call retries the renewal.
        if (current && cached === current && now() < current.expiresAt) return current.token;
        throw error;
      }
    },
    invalidate(token?: string) {
      if (token === undefined || cached?.token === token) cached = undefined;
    },
  };
}
