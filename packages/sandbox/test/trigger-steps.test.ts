import { describe, expect, it } from 'vitest';
import { type Collection, MemoryStore, type Sandbox, type SandboxOptions } from '../src/index.js';
import { authedClient, freshWebhookSandbox } from './helpers.js';

// A trigger walks the partner API over HTTP and the admin operations between those calls. Its steps are not a
// partner's calls (faults do not apply to them), each commits on its own, and a walk that stops half-way keeps what
// it made and says so: nothing is rolled back after its events went out.

/** A memory store whose writes to one collection fail, as a full disk would make them. */
class FailingStore extends MemoryStore {
  constructor(private readonly failing: Collection) {
    super();
  }
  override set<T>(collection: Collection, id: string, value: T): void {
    if (collection === this.failing) throw new Error(`cannot write ${collection}`);
    super.set(collection, id, value);
  }
}

const startWithReceiver = freshWebhookSandbox();
const start = (options: SandboxOptions = {}) => startWithReceiver({ timeScale: 100_000, ...options });

const triggerEvent = (target: Sandbox, eventType: string) =>
  fetch(`${target.url}/sandbox/triggers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ eventType }),
  });

describe('POST /sandbox/triggers, step by step', () => {
  it.each([
    ['every /v1 call refused with 503', { serviceUnavailable: { probability: 1 } }],
    ['every /v1 answer dropped after its commit', { dropAfterCommit: { probability: 1 } }],
  ])('runs its whole walk with %s, which still hits the partner', async (_name, faults) => {
    const { sandbox, receiver, partner } = await start();
    const api = await authedClient(sandbox, partner);
    const set = await fetch(`${sandbox.url}/sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 1, ...faults }),
    });
    expect(set.status).toBe(200);

    const answer = await triggerEvent(sandbox, 'subscription.completed');
    expect(answer.status).toBe(201);
    const { delivery } = (await answer.json()) as { delivery: { eventId: string } };
    await receiver.waitFor((got) => got.some((r) => r.event?.eventId === delivery.eventId));

    // The partner's own call still meets the fault.
    const own = await api.call('GET', '/v1/spv-requests').catch((error: Error) => ({ status: error.message }));
    expect(own.status).not.toBe(200);
  });

  it('stops at a step that fails, keeps what the steps before it made, and says what that is', async () => {
    const { sandbox, receiver, partner } = await start({ store: new FailingStore('subscriptions') });
    const answer = await triggerEvent(sandbox, 'subscription.created');
    expect(answer.status).toBe(500);
    const { detail } = (await answer.json()) as { detail: string };
    expect(detail).toMatch(/^The trigger stopped: trigger step POST \/v1\/spvs\/\S+\/subscriptions answered 500/);
    const made = Object.fromEntries(
      [...detail.matchAll(/(spvRequestSlug|spvSlug|zestPersonId) (\w+)/g)].map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(made).sort()).toEqual(['spvRequestSlug', 'spvSlug', 'zestPersonId']);

    // The approval between the partner calls is committed, like the calls around it: the SPV request the
    // spv_request.completed webhook was about is approved, with the SPV the detail named.
    const api = await authedClient(sandbox, partner);
    const request = await api.call('GET', `/v1/spv-requests/${made.spvRequestSlug}`);
    expect(request.body.status).toBe('approved');
    expect(request.body.materialisedRefs.vehicleSlug).toBe(made.spvSlug);
    expect(await sandbox.admin.webhooksIdle()).toBe(true);
    const completed = receiver.received.filter((r) => r.event?.eventType === 'spv_request.completed');
    expect(completed.map((r) => (r.event!.data as { spvRequestSlug: string }).spvRequestSlug)).toEqual([
      made.spvRequestSlug,
    ]);
    for (const row of sandbox.admin.deliveries()) expect(row.status).toBe('delivered');
  });

  it('echoes an unknown event type or partner in its refusal cut to 200 characters, not as sent', async () => {
    const { sandbox } = await start();
    const long = 'x'.repeat(60_000);
    for (const body of [{ eventType: long }, { eventType: 'investor.created', clientId: long }]) {
      const answer = await fetch(`${sandbox.url}/sandbox/triggers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(answer.status).toBe(400);
      const { detail } = (await answer.json()) as { detail: string };
      expect(detail).toContain(`"${'x'.repeat(199)}…`);
      expect(detail).not.toContain('x'.repeat(201));
    }
  });

  it('refuses a webhook delivered to the admin API itself, so a trigger cannot feed itself', async () => {
    const { sandbox, receiver } = await start();
    const looped = await fetch(`${sandbox.url}/sandbox/triggers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'zest-signature': 't=1,v1=00' },
      body: JSON.stringify({ eventType: 'spv_request.created' }),
    });
    expect(looped.status).toBe(403);
    expect(((await looped.json()) as { detail: string }).detail).toContain('does not take webhook deliveries');
    expect(sandbox.admin.deliveries()).toEqual([]);
    expect(receiver.received).toEqual([]);
  });
});
