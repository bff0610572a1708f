import type { FetchLike } from '../http/recorder.js';

/**
 * The local sandbox's admin API (`/sandbox/...`, outside the contract): what a Zest reviewer or the wire
 * reconciliation does on the real service. These requests are not part of the v1 contract, so they go through a
 * plain fetch and are neither validated nor counted in coverage.
 */
export interface SandboxAdmin {
  approveSpvRequest(slug: string): Promise<void>;
  rejectSpvRequest(slug: string, reason: string): Promise<void>;
  completeSubscription(subscriptionSlug: string): Promise<void>;
}

export class SandboxAdminError extends Error {
  override readonly name = 'SandboxAdminError';
}

/** The sandbox answers `GET /sandbox/clock` with `{ now, offsetSeconds }`; anything else has no admin API. */
export async function detectSandboxAdmin(baseUrl: string, fetchImpl: FetchLike): Promise<SandboxAdmin | undefined> {
  const base = baseUrl.replace(/\/+$/, '');
  try {
    const response = await fetchImpl(`${base}/sandbox/clock`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
    if (response.status !== 200 || !(response.headers.get('content-type') ?? '').includes('json')) return undefined;
    const body = (await response.json()) as { now?: unknown; offsetSeconds?: unknown } | null;
    if (typeof body?.now !== 'string' || typeof body.offsetSeconds !== 'number') return undefined;
  } catch {
    return undefined;
  }
  return createSandboxAdmin(base, fetchImpl);
}

function createSandboxAdmin(base: string, fetchImpl: FetchLike): SandboxAdmin {
  async function post(path: string, body: unknown = {}): Promise<void> {
    const response = await fetchImpl(`${base}${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      throw new SandboxAdminError(`sandbox admin POST ${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    }
    await response.arrayBuffer();
  }
  return {
    approveSpvRequest: (slug) => post(`/sandbox/spv-requests/${encodeURIComponent(slug)}/approve`),
    rejectSpvRequest: (slug, reason) => post(`/sandbox/spv-requests/${encodeURIComponent(slug)}/reject`, { reason }),
    completeSubscription: (slug) => post(`/sandbox/subscriptions/${encodeURIComponent(slug)}/complete`),
  };
}
