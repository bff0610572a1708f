import { type FetchLike, MAX_RESPONSE_BYTES, ResponseTooLargeError, readCapped } from '../http/recorder.js';
import type { ReceivedWebhook, WebhookSource } from '../webhooks/source.js';

/**
 * The local sandbox's admin API (`/sandbox/...`, outside the contract): what a Zest reviewer or the wire
 * reconciliation does on the real service. These requests are not part of the v1 contract, so they go through a
 * plain fetch and are neither validated nor counted in coverage.
 */
export interface SandboxAdmin {
  approveSpvRequest(slug: string): Promise<void>;
  rejectSpvRequest(slug: string, reason: string): Promise<void>;
  completeSubscription(subscriptionSlug: string): Promise<void>;
  /**
   * What the sandbox sent this client: the exact body and `Zest-Signature` of every attempt, or, for an event it
   * could not send (no webhook URL), the body with a signature made when the event was recorded.
   */
  deliveries(clientId: string): Promise<ReceivedWebhook[]>;
}

export class SandboxAdminError extends Error {
  override readonly name = 'SandboxAdminError';
}

/**
 * The sandbox answers `GET /sandbox/clock` with `{ now, offsetSeconds }`; anything else has no admin API. Every admin
 * request (this one included) waits `timeoutMs`, the run's `--timeout-ms`, like every contract request: a fixed wait
 * of its own would outlast a short timeout against a silent target, or give up on a slow sandbox a longer one allows.
 */
export async function detectSandboxAdmin(
  baseUrl: string,
  fetchImpl: FetchLike,
  timeoutMs: number,
): Promise<SandboxAdmin | undefined> {
  const base = baseUrl.replace(/\/+$/, '');
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    // Not followed: an admin API found behind a redirect would be another host's, and the run would approve, reject
    // and read deliveries there.
    const response = await fetchImpl(`${base}/sandbox/clock`, {
      headers: { accept: 'application/json' },
      signal,
      redirect: 'manual',
    });
    if (response.status !== 200 || !(response.headers.get('content-type') ?? '').includes('json')) return undefined;
    // Every target is asked this, sandbox or not, so what it answers is read with the same cap as contract answers.
    const text = new TextDecoder().decode(await readCapped(response, signal, MAX_RESPONSE_BYTES));
    const body = JSON.parse(text) as { now?: unknown; offsetSeconds?: unknown } | null;
    if (typeof body?.now !== 'string' || typeof body.offsetSeconds !== 'number') return undefined;
  } catch {
    return undefined;
  }
  return createSandboxAdmin(base, fetchImpl, timeoutMs);
}

function createSandboxAdmin(base: string, fetchImpl: FetchLike, timeoutMs: number): SandboxAdmin {
  async function post(path: string, body: unknown = {}): Promise<void> {
    const { response, text } = await adminRequest(fetchImpl, timeoutMs, `POST ${path}`, `${base}${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new SandboxAdminError(`sandbox admin POST ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  }
  async function deliveries(clientId: string): Promise<ReceivedWebhook[]> {
    const url = `${base}/sandbox/webhook-deliveries?clientId=${encodeURIComponent(clientId)}`;
    const { response, text } = await adminRequest(fetchImpl, timeoutMs, 'GET /sandbox/webhook-deliveries', url, {
      headers: { accept: 'application/json' },
    });
    if (!response.ok)
      throw new SandboxAdminError(`sandbox admin GET /sandbox/webhook-deliveries answered ${response.status}`);
    return deliveriesFrom(text);
  }
  return {
    deliveries,
    approveSpvRequest: (slug) => post(`/sandbox/spv-requests/${encodeURIComponent(slug)}/approve`),
    rejectSpvRequest: (slug, reason) => post(`/sandbox/spv-requests/${encodeURIComponent(slug)}/reject`, { reason }),
    completeSubscription: (slug) => post(`/sandbox/subscriptions/${encodeURIComponent(slug)}/complete`),
  };
}

/**
 * One admin request, body included, within `timeoutMs` and not following redirects. A request that gets no answer
 * (refused, reset, timed out) is a SandboxAdminError naming the request and why, as a contract request's is named:
 * admin requests are not recorded exchanges, so the error itself is all the report has to say what broke.
 */
async function adminRequest(
  fetchImpl: FetchLike,
  timeoutMs: number,
  what: string,
  url: string,
  init: RequestInit,
): Promise<{ response: Response; text: string }> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response | undefined;
  try {
    response = await fetchImpl(url, { ...init, signal, redirect: 'manual' });
    return { response, text: await adminText(response, signal, what) };
  } catch (error) {
    if (error instanceof SandboxAdminError) throw error;
    const why = signal.aborted
      ? response
        ? `the body of the ${response.status} answer did not arrive within ${timeoutMs} ms`
        : `no answer within ${timeoutMs} ms`
      : describeFailure(error);
    throw new SandboxAdminError(`sandbox admin ${what}: ${why}`);
  }
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

/**
 * The body of an admin answer, read with the cap contract answers have: a target that answers the clock like a
 * sandbox could send anything after it. Too large is a SandboxAdminError, so the check that asked fails with it (admin
 * requests are not recorded exchanges, which is where an oversized contract answer is reported).
 */
async function adminText(response: Response, signal: AbortSignal, what: string): Promise<string> {
  try {
    return new TextDecoder().decode(await readCapped(response, signal, MAX_RESPONSE_BYTES));
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw new SandboxAdminError(`sandbox admin ${what}: ${error.message}`);
    throw error;
  }
}

/** The webhooks a delivery log lists, each attempt with the exact body and `Zest-Signature` it was sent with. */
function deliveriesFrom(text: string): ReceivedWebhook[] {
  let listed: unknown;
  try {
    listed = (JSON.parse(text) as { deliveries?: unknown } | null)?.deliveries ?? [];
  } catch {
    throw new SandboxAdminError(
      `sandbox admin GET /sandbox/webhook-deliveries answered no JSON: ${text.slice(0, 200)}`,
    );
  }
  if (!Array.isArray(listed))
    throw new SandboxAdminError('sandbox admin GET /sandbox/webhook-deliveries answered no list of deliveries');
  const out: ReceivedWebhook[] = [];
  const encoder = new TextEncoder();
  for (const delivery of listed) {
    if (!delivery || typeof delivery !== 'object') continue;
    const id = String(delivery.deliveryId ?? delivery.id ?? '?');
    const attempts: any[] = Array.isArray(delivery.attempts) ? delivery.attempts : [];
    const signed =
      attempts.length > 0
        ? attempts
        : [{ body: delivery.body, signature: delivery.signature, sentAt: delivery.createdAt }];
    signed.forEach((attempt, index) => {
      if (typeof attempt?.body !== 'string' || typeof attempt.signature !== 'string') return;
      out.push({
        body: encoder.encode(attempt.body),
        headers: { 'zest-signature': attempt.signature },
        at: Date.parse(delivery.createdAt) || Date.now(),
        via: `sandbox delivery ${id}${attempts.length > 0 ? ` attempt ${attempt.attempt ?? index + 1}` : ` (${delivery.status})`}`,
      });
    });
  }
  return out;
}

/** Reads what the sandbox sent from its delivery log, for runs without a receiver the sandbox posts to. */
export function sandboxDeliverySource(admin: SandboxAdmin, clientId: string): WebhookSource {
  return {
    kind: 'sandbox-deliveries',
    async collect(sinceMs) {
      return (await admin.deliveries(clientId)).filter((delivery) => delivery.at >= sinceMs);
    },
    async stop() {},
  };
}
