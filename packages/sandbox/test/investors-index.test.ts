import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore, type Sandbox } from '../src/index.js';
import { authedClient, makePartner, startTestSandbox } from './helpers.js';

const stops: (() => Promise<void>)[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function started(...args: Parameters<typeof startTestSandbox>): Promise<Sandbox> {
  const sandbox = await startTestSandbox(...args);
  stops.push(async () => {
    expect(sandbox.responseProblems).toEqual([]);
    await sandbox.stop();
  });
  return sandbox;
}

const row = (partnerInvestorId: string) => ({
  partnerInvestorId,
  email: 'a@example.com',
  firstName: 'A',
  lastName: 'B',
  dateOfBirth: '1990-01-01',
});

describe('investor lookup by partnerInvestorId', () => {
  it('keeps partners apart: the same partnerInvestorId from two partners is two people, each repeat finds its own', async () => {
    // Client ids that are also Object.prototype member names must not be mistaken for (or break) an entry.
    const partners = [makePartner(), makePartner({ clientId: 'constructor' }), makePartner({ clientId: '__proto__' })];
    const sandbox = await started(partners);
    const shared = `shared-${randomUUID()}`;
    const ids: string[] = [];
    for (const partner of partners) {
      const api = await authedClient(sandbox, partner);
      const first = await api.call('POST', '/v1/investors', { json: { investors: [row(shared)] } });
      expect(first.body.results[0]).toMatchObject({ partnerInvestorId: shared, status: 'created' });
      ids.push(first.body.results[0].zestPersonId);
    }
    expect(new Set(ids).size).toBe(3);
    for (const [i, partner] of partners.entries()) {
      const api = await authedClient(sandbox, partner);
      const again = await api.call('POST', '/v1/investors', { json: { investors: [row(shared), row(shared)] } });
      expect(again.body.results).toEqual([
        { partnerInvestorId: shared, status: 'already_exists', zestPersonId: ids[i] },
        { partnerInvestorId: shared, status: 'already_exists', zestPersonId: ids[i] },
      ]);
    }
    expect(
      sandbox.admin
        .deliveries({ eventType: 'investor.created' })
        .filter((d) => JSON.parse(d.payload).data.partnerInvestorId === shared),
    ).toHaveLength(3);
  });

  it('reads store files written with the former "<clientId>\\n<partnerInvestorId>" index and answers already_exists from them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zest-legacy-index-'));
    dirs.push(dir);
    const storeFile = join(dir, 'state.json');
    const partner = makePartner();
    const clientId = partner.config.clientId;
    const legacy = new FileStore(storeFile);
    legacy.set('people', 'psn_legacy000001', {
      zestPersonId: 'psn_legacy000001',
      clientId,
      partnerInvestorId: 'acme-inv-old',
      email: 'a@example.com',
      firstName: 'A',
      lastName: 'B',
      dateOfBirth: '1990-01-01',
      kycManagedBy: 'partner',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    legacy.set('personByPartnerId', `${clientId}\nacme-inv-old`, 'psn_legacy000001');
    await legacy.close();

    const sandbox = await started([partner], { storeFile });
    const api = await authedClient(sandbox, partner);
    const result = await api.call('POST', '/v1/investors', { json: { investors: [row('acme-inv-old')] } });
    expect(result.body.results).toEqual([
      { partnerInvestorId: 'acme-inv-old', status: 'already_exists', zestPersonId: 'psn_legacy000001' },
    ]);
    expect([...sandbox.store.values('personByPartnerId')]).toEqual([[clientId, 'psn_legacy000001']]);
  });
});
