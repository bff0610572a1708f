import { isDeepStrictEqual } from 'node:util';
import { needsState } from './applicability.js';
import type { Check } from './check.js';

/** The same object with its keys in reverse order at every level: same canonical body, different bytes. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  }
  return value;
}

export const replayCheck: Check = {
  id: 'idempotency.replay',
  title: 'Replaying a create with the same Idempotency-Key and body returns the original status and body',
  tags: ['idempotency', 'spv-requests'],
  operations: ['createSpvRequest'],
  applies: needsState,
  async run(ctx) {
    const original = await ctx.fixtures.createdSpvRequest(ctx, 'the original create');
    if (!original) return;

    const replay = await ctx.fixtures.createSpvRequest(ctx, { key: original.key, body: original.body });
    ctx.expect(
      replay.response.status === original.response.status,
      `the replay answered ${replay.response.status}, the original ${original.response.status}`,
    );
    if (!isDeepStrictEqual(replay.response.json, original.response.json)) {
      ctx.expect(
        false,
        replay.slug !== original.slug
          ? `the replay created a second SPV request (${replay.slug}) instead of returning ${original.slug}`
          : 'the replay body differs from the original body',
      );
    }

    // Zest compares bodies after sorting JSON keys, so reordered keys are the same request.
    const reordered = await ctx.fixtures.createSpvRequest(ctx, { key: original.key, body: reverseKeys(original.body) });
    ctx.expect(
      reordered.response.status === original.response.status &&
        isDeepStrictEqual(reordered.response.json, original.response.json),
      `a replay with the same body in another key order answered ${reordered.response.status}` +
        (reordered.slug && reordered.slug !== original.slug
          ? ` and created ${reordered.slug}`
          : ' with a different body'),
    );
  },
};

export const conflictCheck: Check = {
  id: 'idempotency.conflict',
  title: 'Reusing an Idempotency-Key with a different body is 409 conflict',
  tags: ['idempotency', 'spv-requests'],
  operations: ['createSpvRequest'],
  applies: needsState,
  async run(ctx) {
    const original = await ctx.fixtures.createSpvRequest(ctx);
    if (!ctx.expectStatus(original.response, 201, 'the original create')) return;
    const conflicting = await ctx.fixtures.createSpvRequest(ctx, {
      key: original.key,
      body: ctx.fixtures.differentSpvRequestBody(),
    });
    ctx.expectError(conflicting.response, 409, 'conflict', 'the same Idempotency-Key with a different body');
  },
};

export const missingKeyCheck: Check = {
  id: 'idempotency.missing-key',
  title: 'Creating an SPV request without Idempotency-Key is 400 invalid_request',
  tags: ['idempotency', 'spv-requests', 'errors'],
  operations: ['createSpvRequest'],
  async run(ctx) {
    const response = await ctx.call('createSpvRequest', { json: ctx.fixtures.spvRequestBody() });
    ctx.expectError(response, 400, 'invalid_request', 'a create without Idempotency-Key');
  },
};
