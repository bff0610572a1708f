import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedPeople } from '../src/index.js';
import { encodeRecord, encodeSnapshot, HEADER, replay } from '../src/store/journal.js';
import type { Op } from '../src/store/store.js';
import { UnreadableRecordError } from '../src/store/store.js';
import { authedClient, makePartner, spvRequestBody, startTestSandbox, useTempDir } from './helpers.js';

const dir = useTempDir('zest-sandbox-journal-forms-');
let counter = 0;
const fresh = () => join(dir, `store-${++counter}.db`);

/** Every value the journal holds for a collection, last write wins (read from the file, not from the sandbox). */
function journaled(file: string, collection: string): Map<string, unknown> {
  const values = new Map<string, unknown>();
  replay(readFileSync(file), (ops: Op[]) => {
    for (const [name, id, value] of ops) if (name === collection) values.set(id, value);
  });
  return values;
}

const investors = [
  {
    partnerInvestorId: 'form-1',
    email: 'zoe@example.com',
    firstName: 'Zoë',
    lastName: 'Ångström',
    dateOfBirth: '1985-04-12',
    countryOfResidence: 'AE',
  },
  {
    partnerInvestorId: 'form-2',
    email: 'bob@example.com',
    firstName: 'Bob',
    lastName: 'Smith',
    dateOfBirth: '1990-01-31',
  },
];

describe('the store file journal', () => {
  it('writes a bulk create as one batch of people and one batch of events, and reads them back exactly', async () => {
    const file = fresh();
    const partner = makePartner();
    const first = await startTestSandbox([partner], { storeFile: file });
    let people: string;
    let rows: unknown;
    try {
      const api = await authedClient(first, partner);
      expect((await api.call('POST', '/v1/investors', { json: { investors } })).status).toBe(200);
      people = JSON.stringify([...storedPeople(first.store)]);
      // What the journal holds, before anything reads the events' payloads.
      const text = readFileSync(file).toString('utf8');
      expect(text).toContain('Zoë');
      // The request's people as one op (its body), its two events as one op: nothing per person.
      expect(text.match(/\["personBatches","[0-9a-f]{8}",\["/g)).toHaveLength(1);
      expect(text.match(/\["deliveries","dlv_[0-9a-f]{12}",\[0,/g)).toHaveLength(1);
      expect(text).not.toContain('"people"');
      expect(text).not.toContain('"payload"');
      rows = first.admin.deliveries().map((row) => ({ ...row, payload: row.payload }));
    } finally {
      await first.stop();
    }
    const second = await startTestSandbox([partner], { storeFile: file });
    try {
      expect(JSON.stringify([...storedPeople(second.store)])).toBe(people);
      expect(second.admin.deliveries().map((row) => ({ ...row, payload: row.payload }))).toEqual(rows);
      expect((rows as unknown[]).length).toBe(2);
      // The people are found again after the restart: the same rows are already there, under the same ids.
      const api = await authedClient(second, partner);
      const again = await api.call('POST', '/v1/investors', { json: { investors } });
      expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['already_exists', 'already_exists']);
      expect(JSON.stringify(again.body.results.map((r: { zestPersonId: string }) => r.zestPersonId))).toBe(
        JSON.stringify(JSON.parse(people).map((p: { zestPersonId: string }) => p.zestPersonId)),
      );
    } finally {
      await second.stop();
    }
  });
});

describe('the programmatic admin helpers', () => {
  it('resolve only once their writes are in the store file, as one commit', async () => {
    const file = fresh();
    const partner = makePartner();
    const sandbox = await startTestSandbox([partner], { storeFile: file });
    try {
      const api = await authedClient(sandbox, partner);
      const created = await api.call('POST', '/v1/spv-requests', {
        json: spvRequestBody(),
        idempotencyKey: 'helper-durable',
      });
      expect(created.status).toBe(201);
      const slug = created.body.spvRequestSlug as string;
      const commits = () => replay(readFileSync(file), () => {}).records;
      const before = commits();
      const approved = await sandbox.admin.approveSpvRequest(slug);
      const stored = journaled(file, 'spvRequests').get(slug) as { status: string };
      expect(stored.status).not.toBe('pending-review');
      expect(stored.status).toBe(approved.status);
      // The request, its materialised records and its event: one record, all or nothing after a crash.
      expect(commits()).toBe(before + 1);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('journal records and their size', () => {
  const op = (i: number, size: number): Op => ['meta', `k${i}`, { text: 'é'.repeat(size) }];
  const ops = Array.from({ length: 40 }, (_, i) => op(i, 1000 + i * 100));

  it('cuts a snapshot into records by size, never by a count of ops, and reads every op back in order', () => {
    const records = [...encodeSnapshot(ops, 10_000)];
    expect(records.length).toBeGreaterThan(5);
    for (const record of records) {
      const units = record.subarray(8).toString('utf8').length;
      // Each record holds what fits, or a single op that does not fit on its own.
      expect(units <= 10_000 || JSON.parse(record.subarray(8).toString('utf8')).length === 1).toBe(true);
    }
    const back: Op[] = [];
    const file = Buffer.concat([HEADER, ...records]);
    expect(replay(file, (batch) => back.push(...batch))).toEqual({ records: records.length, validBytes: file.length });
    expect(back).toEqual(ops);
  });

  it('refuses a whole record longer than it reads instead of dropping it as a torn append', () => {
    const big = encodeRecord([op(0, 5000)]);
    const small = encodeRecord([op(1, 10)]);
    const file = Buffer.concat([HEADER, small, big]);
    expect(() => replay(file, () => {}, 1000)).toThrow(UnreadableRecordError);
    // Cut short or with a wrong checksum it is still what a crash leaves, and reading stops before it.
    const torn = Buffer.concat([HEADER, small, big.subarray(0, big.length - 1)]);
    expect(replay(torn, () => {}, 1000)).toMatchObject({ records: 1, validBytes: HEADER.length + small.length });
    const damaged = Buffer.from(file);
    damaged[damaged.length - 2]! ^= 1;
    expect(replay(damaged, () => {}, 1000)).toMatchObject({ records: 1, damage: expect.stringMatching(/checksum/) });
  });
});
