import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type Collection, FileStore, MemoryStore, type Sandbox, type Store, storedPeople } from '../src/index.js';
import { failing } from './failing-store.js';
import {
  approvedSpv,
  authedClient,
  type Client,
  client,
  makePartner,
  startReceiver,
  startTestSandbox,
  type TestPartner,
  useTempDir,
} from './helpers.js';

// Bulk creates keep a request's people as one batch record and, for a partner without a webhook URL, its
// investor.created events as one event batch (README, "How the sandbox keeps people"). Everything a partner or the
// admin API can see must be as if every person and every event were stored one by one.

const dir = useTempDir('zest-sandbox-batches-');
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

async function started(partners: TestPartner[], options: Parameters<typeof startTestSandbox>[1] = {}) {
  const sandbox = await startTestSandbox(partners, options);
  stops.push(async () => {
    expect(sandbox.responseProblems).toEqual([]);
    await sandbox.stop();
  });
  return sandbox;
}

const row = (partnerInvestorId: string, extra: Record<string, unknown> = {}) => ({
  partnerInvestorId,
  email: `${partnerInvestorId}@example.com`,
  firstName: 'Ada',
  lastName: 'Lovelace',
  dateOfBirth: '1990-01-01',
  ...extra,
});

interface Result {
  partnerInvestorId: string;
  status: string;
  zestPersonId?: string;
}

async function create(api: Client, investors: unknown[]): Promise<Result[]> {
  const answer = await api.call('POST', '/v1/investors', { json: { investors } });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.results;
}

describe('people kept per bulk create', () => {
  it('give every person its own well-formed id, and find each again by partnerInvestorId, across many batches', async () => {
    const partner = makePartner();
    const sandbox = await started([partner]);
    const api = await authedClient(sandbox, partner);
    const ids = new Map<string, string>();
    // 3 x 2,000 people: past the index's first 4,096 slots, so it grows while it holds entries.
    for (let batch = 0; batch < 3; batch++) {
      const rows = Array.from({ length: 2000 }, (_, i) => row(`many-${batch}-${i}`));
      for (const result of await create(api, rows)) {
        expect(result.status).toBe('created');
        expect(result.zestPersonId).toMatch(/^psn_[0-9a-f]{12}$/);
        ids.set(result.partnerInvestorId, result.zestPersonId!);
      }
    }
    expect(new Set(ids.values()).size).toBe(6000);
    // All of them again, in another order and other batch sizes: each is found, with its own id.
    const all = [...ids.keys()].reverse();
    for (let at = 0; at < all.length; at += 1500) {
      const results = await create(
        api,
        all.slice(at, at + 1500).map((id) => row(id)),
      );
      for (const result of results) {
        expect(result.status).toBe('already_exists');
        expect(result.zestPersonId).toBe(ids.get(result.partnerInvestorId));
      }
    }
    const stored = [...storedPeople(sandbox.store)];
    expect(stored).toHaveLength(6000);
    expect(new Map(stored.map((p) => [p.partnerInvestorId, p.zestPersonId]))).toEqual(ids);
  }, 60_000);

  it('answer a request of new, failed, repeated and earlier rows row by row, and keep only the people it created', async () => {
    const partner = makePartner();
    const sandbox = await started([partner]);
    const api = await authedClient(sandbox, partner);
    const [earlier] = await create(api, [row('mixed-earlier')]);
    const results = await create(api, [
      row('mixed-a', { countryOfResidence: 'AE', notAField: 'x'.repeat(100) }),
      { partnerInvestorId: 'mixed-bad', email: 'not an email' },
      row('mixed-earlier'),
      row('mixed-b'),
      row('mixed-a'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['created', 'failed', 'already_exists', 'created', 'already_exists']);
    expect(results[2]!.zestPersonId).toBe(earlier!.zestPersonId);
    expect(results[4]!.zestPersonId).toBe(results[0]!.zestPersonId);
    const people = [...storedPeople(sandbox.store)];
    expect(people.map((p) => p.partnerInvestorId)).toEqual(['mixed-earlier', 'mixed-a', 'mixed-b']);
    // A person is the row's person fields, nothing else the row carried; countryOfResidence only when sent.
    expect(people[1]).toEqual({
      zestPersonId: results[0]!.zestPersonId,
      clientId: partner.config.clientId,
      partnerInvestorId: 'mixed-a',
      email: 'mixed-a@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      dateOfBirth: '1990-01-01',
      kycManagedBy: 'partner',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      countryOfResidence: 'AE',
    });
    expect(people[2]).not.toHaveProperty('countryOfResidence');
    // The people of the second request were kept without the failed row and the two that already existed.
    const batches = [...sandbox.store.values<{ body: string }>('personBatches')];
    expect(batches).toHaveLength(2);
    expect(JSON.parse(batches[1]!.body).investors).toHaveLength(2);
    expect(batches[1]!.body).not.toContain('notAField');
  });

  it('keep the people, not what else their rows carried, when every row is created', async () => {
    const partner = makePartner();
    const sandbox = await started([partner]);
    const api = await authedClient(sandbox, partner);
    const lean = [row('lean-1'), row('lean-2')];
    const padded = [row('padded-1', { ignored: 'x'.repeat(4096) }), row('padded-2', { ignored: 'y'.repeat(4096) })];
    expect((await create(api, lean)).map((r) => r.status)).toEqual(['created', 'created']);
    expect((await create(api, padded)).map((r) => r.status)).toEqual(['created', 'created']);
    const [leanBatch, paddedBatch] = [...sandbox.store.values<{ body: string }>('personBatches')];
    // The lean request is kept as it arrived; the padded one as its people's fields, a few hundred bytes.
    expect(leanBatch!.body).toBe(JSON.stringify({ investors: lean }));
    expect(paddedBatch!.body.length).toBeLessThan(400);
    expect([...storedPeople(sandbox.store)].map((p) => p.partnerInvestorId)).toEqual([
      'lean-1',
      'lean-2',
      'padded-1',
      'padded-2',
    ]);
  });

  it('are found by id for subscriptions, only by their own partner, and made-up ids of a batch are not found', async () => {
    const partner = makePartner();
    const other = makePartner();
    const sandbox = await started([partner, other]);
    const api = await authedClient(sandbox, partner);
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const [first, second] = await create(api, [row('sub-1'), row('sub-2')]);
    const subscribe = (who: Client, zestPersonId: string) =>
      who.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, {
        json: { subscriptions: [{ zestPersonId, lumpSum: { currency: 'USD', value: '1000.00' }, shareClassSlug }] },
      });
    expect((await subscribe(api, second!.zestPersonId!)).status).toBe(201);
    const id = first!.zestPersonId!;
    // The same batch key with every other person number: only the two people it holds exist.
    const numbers = new Set([id.slice(12), second!.zestPersonId!.slice(12)]);
    for (const tail of ['0000', '0001', '0002', 'ffff', 'fffe', '000g', 'FFFF', '']) {
      if (numbers.has(tail)) continue;
      const answer = await subscribe(api, `${id.slice(0, 12)}${tail}`);
      expect(answer.status, tail).toBe(404);
    }
    const otherApi = await authedClient(sandbox, other);
    expect((await subscribe(otherApi, id)).status).toBe(404);
  });
});

describe('people of many earlier requests', () => {
  it('are found in one request that names people of 40 batches, and subscribed to across them', async () => {
    const partner = makePartner();
    const sandbox = await started([partner]);
    const api = await authedClient(sandbox, partner);
    const ids = new Map<string, string>();
    for (let batch = 0; batch < 40; batch++)
      for (const result of await create(
        api,
        Array.from({ length: 50 }, (_, i) => row(`spread-${batch}-${i}`)),
      ))
        ids.set(result.partnerInvestorId, result.zestPersonId!);
    // Every person of every batch, interleaved so that consecutive rows name different batches.
    const order = Array.from({ length: 50 }, (_, i) => Array.from({ length: 40 }, (_, b) => `spread-${b}-${i}`)).flat();
    const again = await create(
      api,
      order.map((id) => row(id)),
    );
    expect(again.every((r) => r.status === 'already_exists' && r.zestPersonId === ids.get(r.partnerInvestorId))).toBe(
      true,
    );
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const subscriptions = order.slice(0, 200).map((id) => ({
      zestPersonId: ids.get(id)!,
      lumpSum: { currency: 'USD', value: '1000.00' },
      shareClassSlug,
    }));
    const answer = await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, { json: { subscriptions } });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.results).toHaveLength(200);
  }, 60_000);

  it('have ids whose last four digits do not count up within a request, nor repeat the key', async () => {
    const partner = makePartner();
    const sandbox = await started([partner]);
    const api = await authedClient(sandbox, partner);
    const ids = (
      await create(
        api,
        Array.from({ length: 64 }, (_, i) => row(`look-${i}`)),
      )
    ).map((r) => r.zestPersonId!);
    const tails = ids.map((id) => Number.parseInt(id.slice(12), 16));
    expect(new Set(tails).size).toBe(64);
    const steps = new Set(tails.slice(1).map((tail, i) => (tail - tails[i]! + 0x10000) & 0xffff));
    expect(steps.size).toBeGreaterThan(1);
    expect(steps.has(1)).toBe(false);
    expect(ids[0]!.slice(12)).not.toBe(ids[0]!.slice(4, 8));
  });
});

describe('a store that hands back copies of what it was given', () => {
  /** A 1.0-style store (get, set, delete, values, close) that keeps every value as JSON, as one backed by a database would. */
  function jsonStore(): Store {
    const maps = new Map<string, Map<string, string>>();
    const map = (collection: string) => maps.get(collection) ?? maps.set(collection, new Map()).get(collection)!;
    return {
      get: <T>(collection: Collection, id: string) => {
        const text = map(collection).get(id);
        return text === undefined ? undefined : (JSON.parse(text) as T);
      },
      set: (collection, id, value) => void map(collection).set(id, JSON.stringify(value)),
      delete: (collection, id) => map(collection).delete(id),
      values: <T>(collection: Collection) =>
        [...map(collection).values()].map((text) => JSON.parse(text) as T).values(),
      close: async () => {},
    };
  }

  it('finds people again, lists their events and subscribes them, across a restart on the same store', async () => {
    const store = jsonStore();
    const partner = makePartner();
    const first = await startTestSandbox([partner], { store });
    const api = await authedClient(first, partner);
    const created = await create(api, [row('copy-1'), row('copy-2')]);
    expect((await create(api, [row('copy-1')]))[0]).toMatchObject({
      status: 'already_exists',
      zestPersonId: created[0]!.zestPersonId,
    });
    const { spvSlug, shareClassSlug } = await approvedSpv(first, api);
    const subscribe = await api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, {
      json: {
        subscriptions: [
          { zestPersonId: created[1]!.zestPersonId, lumpSum: { currency: 'USD', value: '1.00' }, shareClassSlug },
        ],
      },
    });
    expect(subscribe.status, subscribe.text).toBe(201);
    const listed = await client(first).call('GET', '/sandbox/webhook-deliveries?eventType=investor.created');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.total).toBe(2);
    await first.stop();
    const second = await startTestSandbox([partner], { store });
    try {
      const again = await create(await authedClient(second, partner), [row('copy-2'), row('copy-3')]);
      expect(again.map((r) => r.status)).toEqual(['already_exists', 'created']);
      expect(again[0]!.zestPersonId).toBe(created[1]!.zestPersonId);
      expect([...storedPeople(store)].map((p) => p.partnerInvestorId)).toEqual(['copy-1', 'copy-2', 'copy-3']);
      expect((await client(second).call('GET', '/sandbox/webhook-deliveries')).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});

describe('the investor.created events of a partner without a webhook URL', () => {
  it('read as one skipped row per person: listed in order, found by delivery and event id, never sent', async () => {
    const partner = makePartner();
    const sandbox = await started([partner]);
    const api = await authedClient(sandbox, partner);
    const first = await create(api, [row('ev-1'), row('ev-2'), row('ev-3')]);
    const second = await create(api, [row('ev-2'), row('ev-4')]);
    const rows = sandbox.admin.deliveries({ eventType: 'investor.created' });
    expect(rows.map((r) => JSON.parse(r.payload).data.partnerInvestorId)).toEqual(['ev-1', 'ev-2', 'ev-3', 'ev-4']);
    const created = [...first, second[1]!];
    for (const [i, delivery] of rows.entries()) {
      expect(delivery.deliveryId).toMatch(/^dlv_[0-9a-f]{16}$/);
      expect(delivery.eventId).toMatch(/^wde_[0-9a-f]{16}$/);
      expect(delivery).toMatchObject({ status: 'skipped', attempts: [], nextAttemptAt: null, manual: false });
      expect(JSON.parse(delivery.payload)).toEqual({
        eventId: delivery.eventId,
        eventType: 'investor.created',
        occurredAt: delivery.occurredAt,
        data: {
          partnerInvestorId: created[i]!.partnerInvestorId,
          zestPersonId: created[i]!.zestPersonId,
          email: `${created[i]!.partnerInvestorId}@example.com`,
          firstName: 'Ada',
          lastName: 'Lovelace',
          kycManagedBy: 'partner',
        },
      });
    }
    expect(new Set(rows.map((r) => r.deliveryId)).size).toBe(4);
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(4);
    const admin = client(sandbox);
    for (const delivery of rows) {
      const one = await admin.call('GET', `/sandbox/webhook-deliveries/${delivery.deliveryId}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ deliveryId: delivery.deliveryId, eventId: delivery.eventId, status: 'skipped' });
      const byEvent = await admin.call('GET', `/sandbox/webhook-deliveries?eventId=${delivery.eventId}`);
      expect(byEvent.body.deliveries.map((d: { deliveryId: string }) => d.deliveryId)).toEqual([delivery.deliveryId]);
      // Redelivering an event of a partner without a URL is refused and changes nothing.
      const again = await admin.call('POST', `/sandbox/webhook-deliveries/${delivery.deliveryId}/redeliver`);
      expect(again.status).toBe(409);
    }
    // The batch's own key, and ids next to its rows', are no delivery.
    const batchId = rows[0]!.deliveryId.slice(0, 16);
    for (const id of [batchId, `${batchId}zzzz`, `${batchId}0`, `${rows[0]!.deliveryId}0`])
      expect((await admin.call('GET', `/sandbox/webhook-deliveries/${id}`)).status, id).toBe(404);
    expect(sandbox.admin.deliveries({ eventType: 'investor.created' })).toEqual(rows);
    // The newest k of the list, across batch boundaries, with the total of all that match.
    for (let k = 1; k <= rows.length + 1; k++) {
      const page = await admin.call('GET', `/sandbox/webhook-deliveries?eventType=investor.created&newest=${k}`);
      expect(page.body.total).toBe(rows.length);
      expect(page.body.deliveries.map((d: { deliveryId: string }) => d.deliveryId)).toEqual(
        rows.slice(-k).map((r) => r.deliveryId),
      );
    }
    for (const [query, total] of [
      ['status=skipped', 4],
      ['status=pending', 0],
      [`clientId=${partner.config.clientId}`, 4],
      ['clientId=someone-else', 0],
      ['eventType=spv_request.created', 0],
    ] as const)
      expect((await admin.call('GET', `/sandbox/webhook-deliveries?${query}`)).body.total, query).toBe(total);
  });
});

describe('an event of a batch redelivered once its partner has a webhook URL', () => {
  it('is sent with its own ids and payload, stored on its own, and read in its place from then on', async () => {
    const file = join(dir, `${randomUUID()}.db`);
    const partner = makePartner();
    const first = await startTestSandbox([partner], { storeFile: file });
    await create(await authedClient(first, partner), [row('later-1'), row('later-2'), row('later-3')]);
    const before = first.admin.deliveries();
    await first.stop();
    const receiver = await startReceiver(partner.config.webhookSecret!);
    const withUrl = { ...partner, config: { ...partner.config, webhookUrl: receiver.url } };
    const second = await startTestSandbox([withUrl], { storeFile: file });
    try {
      expect(second.admin.deliveries()).toEqual(before);
      const target = before[1]!;
      const answer = await client(second).call('POST', `/sandbox/webhook-deliveries/${target.deliveryId}/redeliver`);
      expect(answer.status, answer.text).toBe(202);
      const [received] = await receiver.waitFor((all) => all.length === 1);
      // The bytes sent are the row's payload, signed (the receiver verified the signature).
      expect(received!.raw.toString()).toBe(target.payload);
      expect(received!.event?.eventId).toBe(target.eventId);
      expect(await second.admin.webhooksIdle(10_000)).toBe(true);
      const after = second.admin.deliveries();
      expect(after.map((d) => d.deliveryId)).toEqual(before.map((d) => d.deliveryId));
      expect(after.map((d) => d.status)).toEqual(['skipped', 'delivered', 'skipped']);
      expect(second.admin.deliveries({ status: 'delivered' }).map((d) => d.deliveryId)).toEqual([target.deliveryId]);
      expect(second.admin.deliveries({ status: 'skipped' })).toHaveLength(2);
      const newest = await client(second).call('GET', '/sandbox/webhook-deliveries?newest=2');
      expect(newest.body.total).toBe(3);
      expect(newest.body.deliveries.map((d: { status: string }) => d.status)).toEqual(['delivered', 'skipped']);
      const byEvent = await client(second).call('GET', `/sandbox/webhook-deliveries?eventId=${target.eventId}`);
      expect(byEvent.body.deliveries).toMatchObject([{ deliveryId: target.deliveryId, status: 'delivered' }]);
      const one = await client(second).call('GET', `/sandbox/webhook-deliveries/${target.deliveryId}`);
      expect(one.body).toMatchObject({ status: 'delivered', eventId: target.eventId });
    } finally {
      await second.stop();
      await receiver.close();
    }
    // And after another restart, the changed row is still read in place of the rebuilt one.
    const third = await startTestSandbox([partner], { storeFile: file });
    try {
      expect(third.admin.deliveries().map((d) => d.status)).toEqual(['skipped', 'delivered', 'skipped']);
    } finally {
      await third.stop();
    }
  });
});

for (const kind of ['memory', 'file'] as const) {
  describe(`a bulk create that fails after its handler ran (${kind} store)`, () => {
    it('leaves no person and no event behind, and the same rows are created afterwards', async () => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const store =
        kind === 'memory'
          ? new (failing(MemoryStore))()
          : new (failing(FileStore))(join(dir, `${randomUUID()}.db`), { notice: () => {} });
      const partner = makePartner();
      const sandbox: Sandbox = await started([partner], { store });
      const api = await authedClient(sandbox, partner);
      const rows = [row('tx-1'), row('tx-2')];
      // Write 1 keeps the people, write 2 their events, write 3 the idempotency record.
      for (const n of [1, 2, 3]) {
        store.arm(n);
        const answer = await api.call('POST', '/v1/investors', { json: { investors: rows }, idempotencyKey: `k${n}` });
        const hit = store.hit;
        store.arm(0);
        expect(hit, `write ${n}: ${answer.status} ${answer.text}`).toBe(true);
        expect(answer.status, `write ${n}`).toBe(500);
        expect([...storedPeople(sandbox.store)], `write ${n}`).toEqual([]);
        expect(sandbox.admin.deliveries(), `write ${n}`).toEqual([]);
      }
      const results = await create(api, rows);
      expect(results.map((r) => r.status)).toEqual(['created', 'created']);
      expect((await create(api, rows)).map((r) => r.zestPersonId)).toEqual(results.map((r) => r.zestPersonId));
      expect(sandbox.admin.deliveries()).toHaveLength(2);
    });
  });
}

describe('a store file with people kept per request', () => {
  it('keeps its people findable after a restart, under their ids', async () => {
    const file = join(dir, `${randomUUID()}.db`);
    const partner = makePartner();
    const first = await startTestSandbox([partner], { storeFile: file });
    const api = await authedClient(first, partner);
    const [created] = await create(api, [row('restart-1')]);
    await first.stop();
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('zest-sandbox-journal/4\n')).toBe(true);
    const second = await startTestSandbox([partner], { storeFile: file });
    try {
      const again = await create(await authedClient(second, partner), [row('restart-1'), row('restart-2')]);
      expect(again.map((r) => r.status)).toEqual(['already_exists', 'created']);
      expect(again[0]!.zestPersonId).toBe(created!.zestPersonId);
    } finally {
      await second.stop();
    }
  });

  it('writes a batch body into the record as the JSON it is, whatever its strings hold, and reads it back', async () => {
    const file = join(dir, `${randomUUID()}.db`);
    const partner = makePartner();
    const first = await startTestSandbox([partner], { storeFile: file });
    const odd = [
      row('quote " and \\ backslash', {
        email: 'odd-1@example.com',
        firstName: 'Zoë \u2028 \u2029 😀',
        lastName: '\u0000raw-json-0\u0000',
      }),
      row('\u0000raw-json-0123456789abcdef01234567\u0000', { email: 'odd-2@example.com' }),
      row('tab\tnew\nline', { email: 'odd-3@example.com', countryOfResidence: 'AE' }),
    ];
    // Sent with its own spacing and escapes, as a partner's serialiser might write it.
    const text = JSON.stringify({ investors: odd }, null, 2).replace(/ë/g, '\\u00eb');
    const api = await authedClient(first, partner);
    const sent = await api.call('POST', '/v1/investors', {
      raw: text,
      headers: { 'content-type': 'application/json' },
    });
    expect(sent.status, sent.text).toBe(200);
    const people = [...storedPeople(first.store)];
    expect(people.map((p) => p.partnerInvestorId)).toEqual(odd.map((r) => r.partnerInvestorId));
    await first.stop();
    const second = await startTestSandbox([partner], { storeFile: file });
    try {
      expect([...storedPeople(second.store)]).toEqual(people);
      const again = await create(await authedClient(second, partner), odd);
      expect(again.map((r) => r.status)).toEqual(['already_exists', 'already_exists', 'already_exists']);
    } finally {
      await second.stop();
    }
  });

  it('keeps its batches through compactions, which rewrite the whole state', async () => {
    const file = join(dir, `${randomUUID()}.db`);
    const partner = makePartner();
    const store = new FileStore(file, { notice: () => {}, compactAfterBytes: 1 });
    const first = await startTestSandbox([partner], { store });
    const api = await authedClient(first, partner);
    for (let i = 0; i < 5; i++) await create(api, [row(`compact-${i}-a`), row(`compact-${i}-b`)]);
    const people = [...storedPeople(first.store)];
    const deliveries = first.admin.deliveries();
    await first.stop();
    const second = await startTestSandbox([partner], { storeFile: file });
    try {
      expect([...storedPeople(second.store)]).toEqual(people);
      expect(second.admin.deliveries()).toEqual(deliveries);
      const again = await create(await authedClient(second, partner), [row('compact-3-b')]);
      expect(again[0]!.zestPersonId).toBe(people.find((p) => p.partnerInvestorId === 'compact-3-b')!.zestPersonId);
    } finally {
      await second.stop();
    }
  });
});
