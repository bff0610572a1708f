import type { FetchLike } from '../http/recorder.js';
import type { ReceivedWebhook, WebhookSource } from '../webhooks/source.js';

/**
 * The local sandbox's admin API (`/sandbox/...`, outside the contract): what a Zest reviewer or the wire
 * reconciliation would do on the real service. Its requests are not part of the v1 contract, so they go through a
 * plain fetch and are neither validated nor counted in coverage.
 */
export interface SandboxAdmin {
  approveSpvRequest(slug: string): Promise<void>;
  rejectSpvRequest(slug: string, reason: string): Promise<void>;
  /** Every delivery the sandbox made, with the exact bytes and `Zest-Signature` it sent. */
  deliveries(): Promise<ReceivedWebhook[]>;
}

export class SandboxAdminError extends Error {
  override readonly name = 'SandboxAdminError';
}

export async function detectSandboxAdmin(baseUrl: string, fetchImpl: FetchLike): Promise<SandboxAdmin | undefined> {
  const base = baseUrl.replace(/\/+$/, '');
  try {
    const response = await fetchImpl(`${base}/sandbox/webhook-deliveries`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5000),
    });
    if (response.status !== 200 || !(response.headers.get('content-type') ?? '').includes('json')) return undefined;
    const body = (await response.json()) as unknown;
    if (!body || typeof body !== 'object' || !Array.isArray((body as { deliveries?: unknown }).deliveries)) return undefined;
  } catch {
    return undefined;
  }
  return createSandboxAdmin(base, fetchImpl);
}

function createSandboxAdmin(base: string, fetchImpl: FetchLike): SandboxAdmin {
  async function send(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetchImpl(`${base}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new SandboxAdminError(`sandbox admin ${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  }
  return {
    async approveSpvRequest(slug) {
      await send('POST', `/sandbox/spv-requests/${encodeURIComponent(slug)}/approve`, {});
    },
    async rejectSpvRequest(slug, reason) {
      await send('POST', `/sandbox/spv-requests/${encodeURIComponent(slug)}/reject`, { reason });
    },
    async deliveries() {
      const body = await send('GET', '/sandbox/webhook-deliveries');
      const out: ReceivedWebhook[] = [];
      for (const delivery of body?.deliveries ?? []) {
        for (const attempt of delivery.attempts ?? [delivery]) {
          if (typeof attempt.body !== 'string' || typeof attempt.signature !== 'string') continue;
          out.push({
            body: new TextEncoder().encode(attempt.body),
            headers: { 'zest-signature': attempt.signature, 'content-type': 'application/json' },
            at: Date.parse(attempt.sentAt ?? delivery.createdAt ?? '') || Date.now(),
            via: `sandbox delivery ${delivery.id ?? '?'}`,
          });
        }
      }
      return out;
    },
  };
}

/** Reads deliveries from the sandbox's delivery log instead of receiving them. */
export function sandboxDeliverySource(admin: SandboxAdmin): WebhookSource {
  return {
    kind: 'sandbox-deliveries',
    async collect(sinceMs) {
      return (await admin.deliveries()).filter((d) => d.at >= sinceMs);
    },
    async stop() {},
  };
}
