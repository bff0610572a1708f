import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DeliveryRecord, FileStore, MemoryStore } from '../src/index.js';
import { Dispatcher } from '../src/webhooks/dispatcher.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// A partner without a webhook URL: rows are recorded as skipped and nothing is sent.
const outbox = (store = new MemoryStore()) =>
  new Dispatcher({ store, partner: () => undefined, sign: async () => 'sig', timeScale: 1 });
const investorData = () => ({
  partnerInvestorId: 'acme-inv-1',
  zestPersonId: 'psn_0123456789ab',
  email: 'a@example.com',
  firstName: 'A',
  lastName: 'B',
  kycManagedBy: 'partner' as const,
});

describe('outbox rows', () => {
  it('hold the event bytes {eventId, eventType, occurredAt, data}, the same on every read and in the stored record', () => {
    const store = new MemoryStore();
    const row = outbox(store).enqueue('client_a', 'investor.created', investorData(), '2026-01-02T03:04:05.678Z')!;
    const first = row.payload;
    expect(first).toBe(
      `{"eventId":"${row.eventId}","eventType":"investor.created","occurredAt":"2026-01-02T03:04:05.678Z","data":{"partnerInvestorId":"acme-inv-1","zestPersonId":"psn_0123456789ab","email":"a@example.com","firstName":"A","lastName":"B","kycManagedBy":"partner"}}`,
    );
    expect(row.payload).toBe(first);
    expect(row.eventId).toMatch(/^wde_[0-9a-f]{16}$/);
    expect(row.deliveryId).toMatch(/^dlv_[0-9a-f]{16}$/);
    expect(row).toMatchObject({
      status: 'skipped',
      attempts: [],
      nextAttemptAt: null,
      clientId: 'client_a',
      eventType: 'investor.created',
    });
    // What a snapshot (or the reliability suite's state digest) sees: a plain record carrying the same bytes.
    const plain = JSON.parse(JSON.stringify(store.get<DeliveryRecord>('deliveries', row.deliveryId))) as DeliveryRecord;
    expect(plain.payload).toBe(first);
    expect(Object.keys(plain)).toEqual([
      'deliveryId',
      'eventId',
      'eventType',
      'occurredAt',
      'clientId',
      'payload',
      'status',
      'attempts',
      'nextAttemptAt',
      'manual',
      'createdAt',
      'skippedReason',
    ]);
  });

  it('serialise data that nests objects at once, so a later change to a shared object cannot alter the event', () => {
    const lumpSum = { currency: 'USD', value: '1000.00' };
    const row = outbox().enqueue(
      'client_a',
      'subscription.created',
      {
        subscriptionSlug: 'sub_1',
        spvSlug: 'spv_1',
        personId: 'psn_1',
        lumpSum,
        shareClassSlug: 'class-a',
        status: 'pending',
      },
      '2026-01-02T03:04:05.678Z',
    )!;
    lumpSum.value = '2.00';
    expect(JSON.parse(row.payload).data.lumpSum).toEqual({ currency: 'USD', value: '1000.00' });
  });

  it('survive a store-file round trip with the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zest-outbox-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const store = new FileStore(file);
    const row = outbox(store).enqueue('client_a', 'investor.created', investorData(), '2026-01-02T03:04:05.678Z')!;
    const bytes = row.payload;
    await store.close();
    const reopened = new FileStore(file);
    const loaded = reopened.get<DeliveryRecord>('deliveries', row.deliveryId)!;
    expect(loaded.payload).toBe(bytes);
    expect(loaded).toMatchObject({ eventId: row.eventId, status: 'skipped', createdAt: row.createdAt });
    await reopened.close();
  });
});
