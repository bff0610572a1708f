import { describe, expect, it, vi } from 'vitest';
import { createWebhookHandler, type DedupStore, signWebhook, type WebhookEvent } from '../../src/index.js';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const URL_ = 'https://partner.example/webhooks/zest';

function eventBody(eventId = 'wde_2c5d6b3e9f1a4d7c') {
  return JSON.stringify({
    eventId,
    eventType: 'subscription.completed',
    occurredAt: '2026-05-07T12:00:00.123Z',
    data: { subscriptionSlug: 'sub_p9q8r7' },
  });
}

async function delivery(
  body: string,
  init: { secret?: string; header?: string | null; method?: string } = {},
): Promise<Request> {
  const header =
    init.header === undefined ? await signWebhook({ payload: body, secret: init.secret ?? secret }) : init.header;
  const headers = new Headers({ 'content-type': 'application/json' });
  if (header !== null) headers.set('Zest-Signature', header);
  return new Request(URL_, { method: init.method ?? 'POST', headers, body: init.method === 'GET' ? null : body });
}

const quiet = () => {};

describe('createWebhookHandler (Web Request/Response)', () => {
  it('answers 200 to a signed delivery and hands the typed event to onEvent', async () => {
    const seen: WebhookEvent[] = [];
    const handler = createWebhookHandler({ secret, onEvent: (e) => void seen.push(e), onError: quiet });
    const response = await handler(await delivery(eventBody()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatchObject({ eventType: 'subscription.completed', eventId: 'wde_2c5d6b3e9f1a4d7c' });
  });

  it('answers 400 with the reason to a bad signature, a missing header and a stale one, without calling onEvent', async () => {
    const onEvent = vi.fn();
    const errors: string[] = [];
    const handler = createWebhookHandler({ secret, onEvent, onError: (e) => void errors.push((e as Error).name) });
    const wrong = await handler(await delivery(eventBody(), { secret: 'whsec_other' }));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'signature_mismatch' });
    const missing = await handler(await delivery(eventBody(), { header: null }));
    expect(await missing.json()).toEqual({ error: 'missing_header' });
    const stale = await handler(
      await delivery(eventBody(), {
        header: await signWebhook({ payload: eventBody(), secret, timestamp: 1_000_000 }),
      }),
    );
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({ error: 'timestamp_outside_tolerance' });
    expect(onEvent).not.toHaveBeenCalled();
    expect(errors).toEqual(['WebhookVerificationError', 'WebhookVerificationError', 'WebhookVerificationError']);
  });

  it('acknowledges a repeated eventId with 200 without processing it again', async () => {
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ secret, onEvent, onError: quiet });
    const first = await handler(await delivery(eventBody('wde_dup')));
    const second = await handler(await delivery(eventBody('wde_dup')));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual({ received: true, duplicate: true });
    await vi.waitFor(() => expect(onEvent).toHaveBeenCalledTimes(1));
  });

  it('answers before a slow onEvent finishes and hands the work to waitUntil', async () => {
    let finish!: () => void;
    const work = new Promise<void>((resolve) => (finish = resolve));
    const kept: Promise<unknown>[] = [];
    const handler = createWebhookHandler({ secret, onEvent: () => work, onError: quiet });
    const response = await handler(await delivery(eventBody()), { waitUntil: (p) => void kept.push(p) });
    expect(response.status).toBe(200);
    expect(kept).toHaveLength(1);
    let settled = false;
    void kept[0]!.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    finish();
    await kept[0];
    expect(settled).toBe(true);
  });

  it("with respond: 'after-processing', a failing onEvent gives 500 and the redelivery is processed", async () => {
    let attempts = 0;
    const handler = createWebhookHandler({
      secret,
      respond: 'after-processing',
      onError: quiet,
      onEvent: () => {
        attempts += 1;
        if (attempts === 1) throw new Error('database down');
      },
    });
    const failed = await handler(await delivery(eventBody('wde_retry')));
    expect(failed.status).toBe(500);
    const retried = await handler(await delivery(eventBody('wde_retry')));
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ received: true });
    expect(attempts).toBe(2);
  });

  it("with respond: 'after-processing', a repeat arriving during the first run is 409, and processed after it failed", async () => {
    let release: (() => void) | undefined;
    let attempts = 0;
    const handler = createWebhookHandler({
      secret,
      respond: 'after-processing',
      onError: quiet,
      onEvent: async () => {
        attempts += 1;
        if (attempts === 1) {
          await new Promise<void>((resolve) => (release = resolve));
          throw new Error('database down');
        }
      },
    });
    const first = handler(await delivery(eventBody('wde_slow')));
    await vi.waitFor(() => expect(release).toBeDefined());
    // Zest's retry after its 10 s timeout: a 2xx here would end its retries, whatever the first run does next.
    const during = await handler(await delivery(eventBody('wde_slow')));
    expect(during.status).toBe(409);
    expect(await during.json()).toEqual({ error: 'in_progress' });
    expect(during.headers.get('retry-after')).toBe('30');
    release!();
    expect((await first).status).toBe(500);
    const later = await handler(await delivery(eventBody('wde_slow')));
    expect(later.status).toBe(200);
    expect(attempts).toBe(2);
  });

  it('refuses options that would fail every delivery or switch a protection off, when the handler is made', () => {
    const onEvent = quiet;
    for (const bad of [
      { secret: '' },
      { secret: [] as string[] },
      { secret: undefined as unknown as string },
      { maxBodyBytes: Number.NaN },
      { maxBodyBytes: 0 },
      { maxBodyBytes: 1.5 },
      { dedupTtlSeconds: 0 },
      { dedupTtlSeconds: -1 },
      { dedupTtlSeconds: Number.NaN },
      { toleranceSeconds: Number.NaN },
    ])
      expect(() => createWebhookHandler({ secret, onEvent, ...bad }), JSON.stringify(bad)).toThrow(TypeError);
  });

  it('refuses, when made, a `now` or `dedup` that would answer every delivery 500, and a missing options object', () => {
    const onEvent = quiet;
    for (const bad of [
      { now: 1778150000_000 },
      { dedup: {} },
      { dedup: null },
      { dedup: true },
      { dedup: { claim: 'x' } },
    ])
      expect(() => createWebhookHandler({ secret, onEvent, ...(bad as object) }), JSON.stringify(bad)).toThrow(
        /^`(now|dedup)` must be/,
      );
    expect(() => createWebhookHandler(undefined as never)).toThrow('createWebhookHandler() needs an options object.');
    // What stays allowed: no store, `false`, and any object with a claim function (release is optional).
    for (const dedup of [undefined, false as const, { claim: () => true }])
      expect(() => createWebhookHandler({ secret, onEvent, dedup, now: () => 0 })).not.toThrow();
  });

  it('uses a shared DedupStore and answers 500 when it is unavailable (so Zest retries)', async () => {
    const claims: [string, number][] = [];
    const store: DedupStore = {
      claim: async (id, ttl) => {
        claims.push([id, ttl]);
        return claims.length === 1;
      },
    };
    const handler = createWebhookHandler({
      secret,
      onEvent: quiet,
      dedup: store,
      dedupTtlSeconds: 3600,
      onError: quiet,
    });
    await handler(await delivery(eventBody('wde_s')));
    const again = await handler(await delivery(eventBody('wde_s')));
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(claims).toEqual([
      ['wde_s', 3600],
      ['wde_s', 3600],
    ]);
    const broken = createWebhookHandler({
      secret,
      onEvent: quiet,
      onError: quiet,
      dedup: { claim: () => Promise.reject(new Error('redis down')) },
    });
    expect((await broken(await delivery(eventBody()))).status).toBe(500);
  });

  it('processes repeats when dedup is turned off', async () => {
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ secret, onEvent, dedup: false, respond: 'after-processing' });
    await handler(await delivery(eventBody('wde_same')));
    await handler(await delivery(eventBody('wde_same')));
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('answers 405 to other methods and 413 to bodies over maxBodyBytes', async () => {
    const handler = createWebhookHandler({ secret, onEvent: quiet, maxBodyBytes: 64, onError: quiet });
    const get = await handler(await delivery('', { method: 'GET', header: null }));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const big = await handler(await delivery(eventBody()));
    expect(big.status).toBe(413);
    // Without a content-length the stream is read only up to the limit.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(32));
      },
    });
    const streamed = new Request(URL_, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect((await handler(streamed)).status).toBe(413);
  });

  it('answers 400 body_unreadable when the body stream fails, instead of throwing', async () => {
    const handler = createWebhookHandler({ secret, onEvent: quiet, onError: quiet });
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('connection reset'));
        sent = true;
        controller.enqueue(new TextEncoder().encode('{"eventId":'));
      },
    });
    const broken = new Request(URL_, { method: 'POST', body, duplex: 'half' } as RequestInit);
    const answer = await handler(broken);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: 'body_unreadable' });
  });
});
