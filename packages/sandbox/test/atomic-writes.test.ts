import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { COLLECTIONS, FileStore, MemoryStore, type Store } from '../src/index.js';
import { listOperations, loadBundledSpec } from '../src/spec/openapi.js';
import { failing } from './failing-store.js';
import {
  assertion,
  type CallResult,
  client,
  exchange,
  fileForm,
  PDF,
  spvRequestBody,
  startPartnerReceiver,
  startTestSandbox,
  useTempDir,
} from './helpers.js';

const dir = useTempDir('zest-sandbox-atomic-');

/** Everything the store holds, as one string (byte buffers as base64, outbox rows as their records). */
function snapshot(store: Store): string {
  const all: Record<string, unknown[]> = {};
  for (const name of COLLECTIONS) all[name] = [...store.values(name)];
  return JSON.stringify(all, function (this: Record<string, unknown>, key, value) {
    const original = this[key];
    return original instanceof Uint8Array ? Buffer.from(original).toString('base64') : value;
  });
}

/** The writing operations of the bundled spec: every operation that is not a GET. */
const writingOperations = listOperations(loadBundledSpec())
  .filter((op) => op.method !== 'GET')
  .map((op) => op.operationId);
/** The admin routes that change stored state (faults and the clock are process settings, not stored). */
const writingAdminRoutes = ['approve', 'reject', 'complete', 'redeliver'];

for (const kind of ['memory', 'file'] as const) {
  describe(`every writing operation commits all of its writes or none (${kind} store)`, () => {
    it('leaves the state exactly as before when any one write step fails, and a same-key retry then succeeds once', async () => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const storeFile = join(dir, `${kind}.db`);
      const store =
        kind === 'memory' ? new (failing(MemoryStore))() : new (failing(FileStore))(storeFile, { notice: () => {} });
      const { partner, receiver } = await startPartnerReceiver();
      const sandbox = await startTestSandbox([partner], { store, timeScale: 1000 });
      const steps = new Map<string, number>();
      try {
        /** Sends a request with a failure injected at write 1, 2, ... until it runs through without reaching one. */
        async function exercise(name: string, send: () => Promise<CallResult>): Promise<CallResult> {
          for (let n = 1; ; n++) {
            expect(await sandbox.admin.webhooksIdle(10_000)).toBe(true);
            const before = snapshot(store);
            store.arm(n);
            const result = await send();
            const hit = store.hit;
            store.arm(0);
            if (!hit) {
              expect(result.status, `${name}: ${result.text}`).toBeLessThan(300);
              steps.set(name, Math.max(steps.get(name) ?? 0, n - 1));
              return result;
            }
            expect(result.status, `${name} with a failure at write ${n}: ${result.text}`).toBe(500);
            expect(await sandbox.admin.webhooksIdle(10_000)).toBe(true);
            expect(snapshot(store), `${name}: a failure at write ${n} left part of its writes behind`).toBe(before);
          }
        }
        async function idempotent(name: string, send: () => Promise<CallResult>): Promise<CallResult> {
          const first = await exercise(name, send);
          const replay = await send();
          expect(replay.headers.get('idempotent-replayed'), name).toBe('true');
          expect(replay.text, name).toBe(first.text);
          return first;
        }

        const tokenResult = await exercise('exchangeJwtAssertion', async () => {
          const response = await exchange(sandbox, await assertion(sandbox, partner));
          const text = await response.text();
          return {
            status: response.status,
            text,
            body: text ? JSON.parse(text) : undefined,
            headers: response.headers,
          };
        });
        const api = client(sandbox, tokenResult.body.accessToken);
        const admin = client(sandbox);
        const created = await idempotent('createSpvRequest', () =>
          api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'spv-a' }),
        );
        const toCancel = await idempotent('createSpvRequest', () =>
          api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'spv-b' }),
        );
        await exercise('cancelSpvRequest', () =>
          api.call('DELETE', `/v1/spv-requests/${toCancel.body.spvRequestSlug}`),
        );
        const toReject = await idempotent('createSpvRequest', () =>
          api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'spv-c' }),
        );
        await exercise('reject', () =>
          admin.call('POST', `/sandbox/spv-requests/${toReject.body.spvRequestSlug}/reject`, {
            json: { reason: 'Not this one.' },
          }),
        );
        const approved = await exercise('approve', () =>
          admin.call('POST', `/sandbox/spv-requests/${created.body.spvRequestSlug}/approve`),
        );
        const spvSlug = approved.body.materialisedRefs.vehicleSlug as string;
        const shareClassSlug = approved.body.feesAndCarry.shareClasses[0].slug as string;
        const investors = await idempotent('bulkCreateInvestors', () =>
          api.call('POST', '/v1/investors', {
            idempotencyKey: 'inv-1',
            json: {
              investors: ['a', 'b'].map((id) => ({
                partnerInvestorId: `atomic-${id}`,
                email: `${id}@example.com`,
                firstName: 'A',
                lastName: 'B',
                dateOfBirth: '1990-01-01',
              })),
            },
          }),
        );
        const personId = investors.body.results[0].zestPersonId as string;
        const subs = await idempotent('createSubscriptions', () =>
          api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, {
            idempotencyKey: 'sub-1',
            json: {
              subscriptions: [
                { zestPersonId: personId, lumpSum: { currency: 'USD', value: '50000.00' }, shareClassSlug },
              ],
            },
          }),
        );
        await exercise('uploadSubscriptionForm', () =>
          api.call('POST', `/v1/spvs/${spvSlug}/subscription/${personId}/forms`, {
            form: fileForm(PDF, 'application/pdf'),
          }),
        );
        await exercise('uploadFundingReceipt', () =>
          api.call('POST', `/v1/spvs/${spvSlug}/subscription/${personId}/fundings`, {
            form: fileForm(PDF, 'application/pdf', { amount: '50000.00', currency: 'USD', wireReference: 'W-1' }),
          }),
        );
        await exercise('complete', () =>
          admin.call('POST', `/sandbox/subscriptions/${subs.body.results[0].subscriptionSlug}/complete`),
        );
        expect(await sandbox.admin.webhooksIdle(10_000)).toBe(true);
        const delivered = sandbox.admin.deliveries({ status: 'delivered' })[0]!;
        await exercise('redeliver', () =>
          admin.call('POST', `/sandbox/webhook-deliveries/${delivered.deliveryId}/redeliver`),
        );

        // Every writing operation of the spec and every state-changing admin route was exercised, each with at
        // least one write step that failed.
        for (const name of [...writingOperations, ...writingAdminRoutes])
          expect(steps.get(name), `${name} not exercised`).toBeGreaterThan(0);
        // The retried requests ran exactly once each: one SPV request and one created event per key, no duplicates.
        const spvRequests = [...store.values<{ spvRequestSlug: string }>('spvRequests')];
        expect(spvRequests).toHaveLength(3);
        const createdEvents = sandbox.admin.deliveries({ eventType: 'spv_request.created' });
        expect(createdEvents.map((d) => JSON.parse(d.payload).data.spvRequestSlug).sort()).toEqual(
          spvRequests.map((r) => r.spvRequestSlug).sort(),
        );
        expect(sandbox.admin.deliveries({ eventType: 'investor.created' })).toHaveLength(2);
        expect(await sandbox.admin.webhooksIdle(10_000)).toBe(true);
        const final = snapshot(store);
        await sandbox.stop();
        if (kind === 'file') {
          // What the journal holds is exactly what was served.
          const reopened = new FileStore(storeFile, { notice: () => {} });
          expect(snapshot(reopened)).toBe(final);
          await reopened.close();
        }
      } finally {
        await sandbox.stop();
        await receiver.close();
        vi.restoreAllMocks();
      }
    }, 60_000);
  });
}
