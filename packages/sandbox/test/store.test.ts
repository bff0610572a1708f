import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore, MemoryStore } from '../src/index.js';
import {
  approvedSpv,
  client,
  createInvestor,
  createSubscription,
  fileForm,
  makePartner,
  PDF,
  spvRequestBody,
  startPartnerReceiver,
  startTestSandbox,
  token,
  useTempDir,
} from './helpers.js';

const dir = useTempDir('zest-sandbox-store-');

describe('state storage', () => {
  it('loses everything on restart with the default memory store', async () => {
    const partner = makePartner();
    const first = await startTestSandbox([partner]);
    const accessToken = await token(first, partner);
    const created = await client(first, accessToken).call('POST', '/v1/spv-requests', {
      json: spvRequestBody(),
      idempotencyKey: 'k',
    });
    await first.stop();
    // A new port: a client's pooled keep-alive connection to the old process would otherwise be reused.
    const second = await startTestSandbox([partner]);
    try {
      expect(
        (await client(second, accessToken).call('GET', `/v1/spv-requests/${created.body.spvRequestSlug}`)).status,
      ).toBe(401);
    } finally {
      await second.stop();
    }
  });

  it('keeps tokens, resources, idempotency records, files and pending webhooks across a restart with a store file', async () => {
    const storeFile = join(dir, 'state.json');
    const { partner, receiver } = await startPartnerReceiver();
    receiver.respond = () => 500;
    const first = await startTestSandbox([partner], { storeFile, timeScale: 30 });
    const accessToken = await token(first, partner);
    const api = client(first, accessToken);
    const created = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'persist-1' });
    const { spvSlug, shareClassSlug } = await approvedSpv(first, api);
    const personId = await createInvestor(api, 'acme-inv-persist');
    await createSubscription(api, spvSlug, personId, shareClassSlug);
    const form = await api.call('POST', `/v1/spvs/${spvSlug}/subscription/${personId}/forms`, {
      form: fileForm(PDF, 'application/pdf'),
    });
    await receiver.waitFor((all) => all.length > 0);
    await first.stop();
    const saved = readFileSync(storeFile, 'utf8');
    expect(saved.startsWith('zest-sandbox-journal/4\n')).toBe(true);
    expect(saved).not.toContain(accessToken);
    // Investor data, uploaded documents and the file-URL signing secret: private to the user running the sandbox.
    expect(statSync(storeFile).mode & 0o777).toBe(0o600);

    receiver.respond = () => 200;
    const second = await startTestSandbox([partner], { storeFile, timeScale: 30 });
    try {
      const again = client(second, accessToken);
      expect((await again.call('GET', `/v1/spv-requests/${created.body.spvRequestSlug}`)).body).toEqual(created.body);
      const replay = await again.call('POST', '/v1/spv-requests', {
        json: spvRequestBody(),
        idempotencyKey: 'persist-1',
      });
      expect(replay.text).toBe(created.text);
      // The signature covers the file id and expiry, not the host: the URL works on the restarted process.
      const download = await fetch(form.body.subscriptionFormUrl.replace(first.url, second.url));
      expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
      const resumed = await again.call('POST', '/v1/investors', {
        json: {
          investors: [
            {
              partnerInvestorId: 'acme-inv-persist',
              email: 'a@example.com',
              firstName: 'A',
              lastName: 'B',
              dateOfBirth: '1990-01-01',
            },
          ],
        },
      });
      expect(resumed.body.results[0]).toMatchObject({ status: 'already_exists', zestPersonId: personId });
      // Deliveries that were still pending at shutdown are sent after the restart (at least once).
      expect(await second.admin.webhooksIdle(10_000)).toBe(true);
      expect(second.admin.deliveries().every((d) => d.status === 'delivered')).toBe(true);
      expect(receiver.received.some((r) => r.status === 200)).toBe(true);
    } finally {
      await second.stop();
      await receiver.close();
    }
  });

  it('keeps the storage behind one small interface (memory and file stores are interchangeable)', async () => {
    for (const store of [new MemoryStore(), new FileStore(join(dir, 'iface.json'))]) {
      store.set('meta', 'a', { n: 1, bytes: Buffer.from('hi') });
      expect(store.get<{ n: number }>('meta', 'a')!.n).toBe(1);
      expect([...store.values('meta')]).toHaveLength(1);
      expect(store.delete('meta', 'a')).toBe(true);
      expect(store.get('meta', 'a')).toBeUndefined();
      await store.close();
    }
    const reopened = new FileStore(join(dir, 'bytes.json'));
    reopened.set('files', 'f', { bytes: Buffer.from([0, 1, 2, 255]) });
    await reopened.close();
    expect(
      new FileStore(join(dir, 'bytes.json'))
        .get<{ bytes: Buffer }>('files', 'f')!
        .bytes.equals(Buffer.from([0, 1, 2, 255])),
    ).toBe(true);
  });
});
