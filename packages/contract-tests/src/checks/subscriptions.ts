import { needsSpv } from './applicability.js';
import type { Check } from './check.js';

export const subscriptionsCheck: Check = {
  id: 'subscriptions.create',
  title: 'Subscribing an investor to an approved SPV answers 201 pending and echoes the row; an unknown SPV is 404',
  tags: ['subscriptions'],
  operations: ['createSubscriptions', 'bulkCreateInvestors', 'createSpvRequest', 'getSpvRequest'],
  applies: needsSpv,
  async run(ctx) {
    const spv = await ctx.fixtures.approvedSpv(ctx);
    const personId = ctx.options.personId ?? (await ctx.fixtures.freshPerson(ctx));
    const row = ctx.fixtures.subscriptionRow(personId, spv.shareClassSlug);
    const response = await ctx.call('createSubscriptions', {
      params: { spvSlug: spv.spvSlug },
      json: { subscriptions: [row] },
    });
    if (!ctx.expectStatus(response, 201, `subscribing ${personId} to ${spv.spvSlug}`)) return;
    const results: any[] = response.json?.results ?? [];
    ctx.expect(results.length === 1, `one row answered ${results.length} results`);
    const result = results[0] ?? {};
    ctx.expect(result.status === 'pending', `a new subscription has status "${result.status}", expected pending`);
    ctx.expect(result.spvSlug === spv.spvSlug, `spvSlug "${result.spvSlug}" is not ${spv.spvSlug}`);
    ctx.expect(result.personId === personId, `personId "${result.personId}" is not ${personId}`);
    ctx.expect(
      result.shareClassSlug === row.shareClassSlug,
      `shareClassSlug "${result.shareClassSlug}" is not ${row.shareClassSlug}`,
    );
    ctx.expect(result.partnerSubscriptionId === row.partnerSubscriptionId, 'partnerSubscriptionId is not echoed');
    ctx.expect(
      result.lumpSum?.currency === row.lumpSum?.currency &&
        Number(result.lumpSum?.value) === Number(row.lumpSum?.value),
      `lumpSum ${JSON.stringify(result.lumpSum)} differs from the one sent ${JSON.stringify(row.lumpSum)}`,
    );

    const unknown = ctx.fixtures.unique('veh_contract_tests_missing');
    const missing = await ctx.call('createSubscriptions', {
      params: { spvSlug: unknown },
      json: { subscriptions: [ctx.fixtures.subscriptionRow(personId, spv.shareClassSlug)] },
    });
    ctx.expectError(missing, 404, 'not_found', `subscribing to unknown SPV ${unknown}`);
  },
};
