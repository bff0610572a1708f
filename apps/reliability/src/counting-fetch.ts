/**
 * A fetch that forwards to the real one and counts what came back, per path: answers by status, thrown network
 * errors (an injected "drop after commit" shows up here), idempotent replays, and token exchanges. It is how a
 * suite proves that the faults it configured really fired and that retries really happened, from the client's side
 * of the wire.
 */
export interface WireCounts {
  attempts: number;
  networkErrors: number;
  /** status -> count */
  statuses: Map<number, number>;
  /** Answers carrying `Idempotent-Replayed: true` (the sandbox returned a stored response). */
  replayed: number;
  tokenExchanges: number;
  /** 401 answers seen on the wire (the SDK may cure them; the caller must never see one). */
  unauthorized: number;
}

export interface CountingFetch {
  fetch: typeof fetch;
  counts: WireCounts;
  /** Counts for requests whose path starts with `prefix` (e.g. `/v1/investors`). */
  forPath(prefix: string): WireCounts;
  status(code: number): number;
}

function emptyCounts(): WireCounts {
  return { attempts: 0, networkErrors: 0, statuses: new Map(), replayed: 0, tokenExchanges: 0, unauthorized: 0 };
}

export function createCountingFetch(inner: typeof fetch = globalThis.fetch): CountingFetch {
  const counts = emptyCounts();
  const byPath = new Map<string, WireCounts>();
  const record = (path: string, apply: (c: WireCounts) => void) => {
    apply(counts);
    let entry = byPath.get(path);
    if (!entry) {
      entry = emptyCounts();
      byPath.set(path, entry);
    }
    apply(entry);
  };

  const counting = (async (input: Request | string | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const path = url.pathname;
    record(path, (c) => {
      c.attempts += 1;
      if (path === '/v1/oauth2/tokens') c.tokenExchanges += 1;
    });
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      record(path, (c) => (c.networkErrors += 1));
      throw error;
    }
    record(path, (c) => {
      c.statuses.set(response.status, (c.statuses.get(response.status) ?? 0) + 1);
      if (response.headers.get('idempotent-replayed') === 'true') c.replayed += 1;
      if (response.status === 401) c.unauthorized += 1;
    });
    return response;
  }) as typeof fetch;

  return {
    fetch: counting,
    counts,
    forPath(prefix) {
      const sum = emptyCounts();
      for (const [path, c] of byPath) {
        if (!path.startsWith(prefix)) continue;
        sum.attempts += c.attempts;
        sum.networkErrors += c.networkErrors;
        sum.replayed += c.replayed;
        sum.tokenExchanges += c.tokenExchanges;
        sum.unauthorized += c.unauthorized;
        for (const [status, n] of c.statuses) sum.statuses.set(status, (sum.statuses.get(status) ?? 0) + n);
      }
      return sum;
    },
    status: (code) => counts.statuses.get(code) ?? 0,
  };
}
