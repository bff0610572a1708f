// One onboarding run: N investors into a sandbox, either through the SDK's chunked bulkCreate or through the naive
// peer (raw fetch, one row per request, one request at a time). Returns what happened and how long it took; memory
// is sampled by the caller's process (see client-run.ts), so that each run is measured in a process of its own.
import { createZestClient } from '@zestequity/partner-api-client';

export interface Credentials {
  clientId: string;
  issuer: string;
  privateKey: string;
}

export type Mode = { kind: 'sdk'; chunkSize: number; concurrency: number } | { kind: 'raw-sequential' };

export interface OnboardOutcome {
  rows: number;
  created: number;
  /** Rows with any other status (must be 0 for the run to count). */
  other: number;
  requests: number;
  wallMs: number;
}

export function investorRows(count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => ({
    partnerInvestorId: `${prefix}-${String(i).padStart(6, '0')}`,
    email: `investor${i}@example.com`,
    firstName: 'Ada',
    lastName: `Investor ${i}`,
    dateOfBirth: '1985-04-12',
    countryOfResidence: 'AE',
  }));
}

export function describeMode(mode: Mode): string {
  return mode.kind === 'sdk'
    ? `SDK chunk ${mode.chunkSize} x ${mode.concurrency}`
    : 'raw fetch, 1 row/request, sequential';
}

export async function onboard(
  baseUrl: string,
  credentials: Credentials,
  mode: Mode,
  count: number,
  prefix: string,
): Promise<OnboardOutcome> {
  const rows = investorRows(count, prefix);
  let requests = 0;
  let token = '';
  const counting: typeof fetch = (input, init) => {
    requests += 1;
    // The SDK's transport hands over Requests with the bearer token set: the peer below reuses that token.
    if (input instanceof Request) token = input.headers.get('authorization')?.replace(/^Bearer /, '') ?? token;
    return fetch(input, init);
  };
  const zest = createZestClient({ baseUrl, auth: credentials, fetch: counting, timeoutMs: 120_000 });
  // The token exchange is not part of what is measured.
  await zest.auth.info();
  requests = 0;

  if (mode.kind === 'sdk') {
    const started = performance.now();
    const { results } = await zest.investors.bulkCreate(rows, {
      chunkSize: mode.chunkSize,
      concurrency: mode.concurrency,
    });
    const wallMs = performance.now() - started;
    const created = results.filter((r) => r.status === 'created').length;
    return { rows: results.length, created, other: results.length - created, requests, wallMs };
  }

  // The peer: what a partner writes without the SDK's bulk helper. Same token, same rows, no retries.
  if (!token) throw new Error('no bearer token seen on the SDK warm-up call');
  let created = 0;
  const started = performance.now();
  for (const row of rows) {
    const res = await fetch(`${baseUrl}/v1/investors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ investors: [row] }),
    });
    requests += 1;
    const body = (await res.json()) as { results?: { status: string }[] };
    if (res.ok && body.results?.[0]?.status === 'created') created += 1;
  }
  const wallMs = performance.now() - started;
  return { rows: rows.length, created, other: rows.length - created, requests, wallMs };
}
