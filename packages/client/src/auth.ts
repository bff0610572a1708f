import { createTokenProvider, type TokenProvider, type TokenProviderOptions } from '@zestequity/partner-auth';
import { shareInFlight } from '@zestequity/partner-auth/internal';
import { isHeaderValue, NOT_SHOWN, refuse } from './retry.js';

export type { TokenProvider };

export const HEADER_SAFE = 'a non-empty string valid in an HTTP header';

/** A token is a secret: a string is not echoed into the message (and so into logs), only its type is. */
export function refuseToken(name: string, token: unknown): never {
  return refuse(name, typeof token === 'string' && token ? NOT_SHOWN : token, HEADER_SAFE);
}

/** Client credentials: the SDK mints EdDSA assertions and exchanges them (aud = the base URL used,
 * docs/design-decisions.md#servers). `audience` and `refreshBeforeSeconds` may be left out or undefined. */
export type ClientCredentials = Pick<TokenProviderOptions, 'clientId' | 'issuer' | 'privateKey'> & {
  [K in 'refreshBeforeSeconds' | 'audience']?: TokenProviderOptions[K] | undefined;
};

/** A partner's own token source, as `auth` takes it: a `TokenProvider` whose `invalidate` may also be undefined. */
type TokenProviderInput = Pick<TokenProvider, 'getToken'> & {
  invalidate?: TokenProvider['invalidate'] | undefined;
};

export type ZestAuth = ClientCredentials | TokenProvider | TokenProviderInput | { accessToken: string };

/** What the transport needs from any auth mode. */
export interface TokenSource {
  get(): string | Promise<string>;
  /** False for a static token: a 401 cannot be cured by asking again. */
  readonly renewable: boolean;
  invalidate(token: string): void;
  /** How long one token exchange may take, when the SDK runs it (client credentials); unknown for a custom provider. */
  readonly timeoutMs?: number;
}

export function resolveTokenSource(
  auth: ZestAuth | undefined,
  context: { baseUrl: string; fetch: typeof fetch; timeoutMs: number },
): TokenSource | undefined {
  if (auth === undefined) return undefined;
  if ('accessToken' in auth) {
    const token = auth.accessToken;
    return { get: () => token, renewable: false, invalidate: () => {} };
  }
  if ('getToken' in auth) return sharedSource(auth);
  // The provider's own default applies when the client disables attempt timeouts.
  const timeoutMs = context.timeoutMs > 0 ? context.timeoutMs : 10_000;
  return sharedSource(
    createTokenProvider({
      baseUrl: context.baseUrl,
      audience: auth.audience ?? context.baseUrl,
      clientId: auth.clientId,
      issuer: auth.issuer,
      privateKey: auth.privateKey,
      // The same fetch as the API calls, called as fetch(url, { method: 'POST', headers, body, signal }).
      fetch: context.fetch,
      // The client's per-attempt timeout bounds the exchange too (the provider cannot run without one).
      timeoutMs,
      ...(auth.refreshBeforeSeconds === undefined ? {} : { refreshBeforeSeconds: auth.refreshBeforeSeconds }),
    }),
    timeoutMs,
  );
}

/**
 * Concurrent callers share one pending `getToken()`, so a burst of 401s after expiry costs one token exchange even
 * with a provider that does not deduplicate itself. A failure is never cached: the next call asks again.
 */
function sharedSource(provider: TokenProviderInput, timeoutMs?: number): TokenSource {
  // A token that cannot go in a header fails like a throwing provider (a ZestNetworkError naming it, the TypeError as
  // cause), not with undici's bare TypeError or as `Bearer 42`.
  const get = shareInFlight(async () => {
    const token: unknown = await provider.getToken();
    return token !== '' && isHeaderValue(token) ? token : refuseToken('The token from getToken()', token);
  });
  return {
    renewable: true,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    get,
    invalidate(token) {
      provider.invalidate?.(token);
    },
  };
}
