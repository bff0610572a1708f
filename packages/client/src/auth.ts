import { createTokenProvider } from '@zestequity/partner-auth';

/** Anything that hands out bearer tokens; `invalidate(token)` drops that token so the next `getToken()` renews it. */
export interface TokenProvider {
  getToken(): Promise<string>;
  invalidate?(token?: string): void;
}

type TokenProviderOptions = Parameters<typeof createTokenProvider>[0];

/** Client credentials: the SDK mints EdDSA assertions and exchanges them (aud = the base URL used,
 * docs/design-decisions.md#servers). */
export type ClientCredentials = Pick<TokenProviderOptions, 'clientId' | 'issuer' | 'privateKey'> &
  Partial<Pick<TokenProviderOptions, 'refreshBeforeSeconds' | 'audience'>>;

export type ZestAuth = ClientCredentials | TokenProvider | { accessToken: string };

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
  if ('getToken' in auth) return shareInFlight(auth);
  // The provider's own default applies when the client disables attempt timeouts.
  const timeoutMs = context.timeoutMs > 0 ? context.timeoutMs : 10_000;
  return shareInFlight(
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
function shareInFlight(provider: TokenProvider, timeoutMs?: number): TokenSource {
  let inFlight: Promise<string> | undefined;
  return {
    renewable: true,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    get() {
      if (inFlight) return inFlight;
      const pending = provider.getToken();
      inFlight = pending;
      const clear = () => {
        if (inFlight === pending) inFlight = undefined;
      };
      pending.then(clear, clear);
      return pending;
    },
    invalidate(token) {
      provider.invalidate?.(token);
    },
  };
}
