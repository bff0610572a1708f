import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { needsState } from './applicability.js';
import type { Check } from './check.js';

function byId(results: unknown): Map<string, any> {
  const map = new Map<string, any>();
  for (const row of Array.isArray(results) ? results : []) map.set(row?.partnerInvestorId, row);
  return map;
}

export const investorsBulkCheck: Check = {
  id: 'investors.partial-success',
  title:
    'Bulk investor creation answers 200 per row: created, failed for a bad row, already_exists with the same person',
  tags: ['investors'],
  operations: ['bulkCreateInvestors'],
  applies: needsState,
  async run(ctx) {
    const alice = ctx.fixtures.investorRow();
    const bob = ctx.fixtures.investorRow();
    const broken = ctx.fixtures.investorRow();
    // Schema-valid as a string, but not a calendar date: a row-level problem that must not fail the batch.
    broken.dateOfBirth = '1985-02-30';
    const first = await ctx.call('bulkCreateInvestors', { json: { investors: [alice, bob, broken] } });
    if (!ctx.expectStatus(first, 200, 'a batch with two good rows and one bad row')) return;
    const results = byId(first.json?.results);
    ctx.expect(results.size === 3, `the batch of 3 rows answered ${results.size} results`);
    for (const row of [alice, bob]) {
      const result = results.get(row.partnerInvestorId);
      ctx.expect(
        result?.status === 'created',
        `row ${row.partnerInvestorId} has status "${result?.status}", expected created`,
      );
      ctx.expect(typeof result?.zestPersonId === 'string', `created row ${row.partnerInvestorId} has no zestPersonId`);
    }
    const failed = results.get(broken.partnerInvestorId);
    ctx.expect(
      failed?.status === 'failed',
      `the row with dateOfBirth 1985-02-30 has status "${failed?.status}", expected failed`,
    );
    ctx.expect(failed?.error && typeof failed.error.code === 'string', 'the failed row carries no error.code');
    ctx.expect(failed?.zestPersonId === undefined, 'the failed row carries a zestPersonId');

    const carol = ctx.fixtures.investorRow();
    const second = await ctx.call('bulkCreateInvestors', { json: { investors: [alice, carol] } });
    if (!ctx.expectStatus(second, 200, 'a batch repeating a known partnerInvestorId')) return;
    const again = byId(second.json?.results);
    const known = again.get(alice.partnerInvestorId);
    ctx.expect(
      known?.status === 'already_exists',
      `the repeated row has status "${known?.status}", expected already_exists`,
    );
    ctx.expect(
      known?.zestPersonId === results.get(alice.partnerInvestorId)?.zestPersonId,
      `the repeated row returned person ${known?.zestPersonId}, first created as ${results.get(alice.partnerInvestorId)?.zestPersonId}`,
    );
    ctx.expect(
      again.get(carol.partnerInvestorId)?.status === 'created',
      'the new row next to the repeated one was not created',
    );
  },
};

export const investorsIdempotencyCheck: Check = {
  id: 'idempotency.optional-key',
  title: 'An optional Idempotency-Key on bulk investors replays the original answer and refuses a different body',
  tags: ['idempotency', 'investors'],
  operations: ['bulkCreateInvestors'],
  applies: needsState,
  async run(ctx) {
    const key = randomUUID();
    const body = { investors: [ctx.fixtures.investorRow()] };
    const original = await ctx.call('bulkCreateInvestors', { json: body, headers: { 'idempotency-key': key } });
    if (!ctx.expectStatus(original, 200, 'the original batch')) return;
    const replay = await ctx.call('bulkCreateInvestors', { json: body, headers: { 'idempotency-key': key } });
    ctx.expect(
      replay.status === original.status && isDeepStrictEqual(replay.json, original.json),
      `the replay answered ${replay.status} with ${replay.text.slice(0, 200)}, the original ${original.status} with ${original.text.slice(0, 200)}`,
    );
    const other = await ctx.call('bulkCreateInvestors', {
      json: { investors: [ctx.fixtures.investorRow()] },
      headers: { 'idempotency-key': key },
    });
    ctx.expectError(other, 409, 'conflict', 'the same Idempotency-Key with a different batch');
  },
};
