import type { CheckContext } from '../checks/check.js';

export interface StatefulnessVerdict {
  stateful: boolean;
  reason: string;
}

/**
 * Tells a stateful target from a stateless one by what it does, not by its address: two creates with different
 * Idempotency-Keys must yield two different SPV requests, and reading the first one back must return it. A mock
 * that serves the spec's examples answers both creates with the example slug. Inconclusive answers fail the probe
 * (the caller records that) rather than quietly downgrading every behaviour to "not applicable".
 */
export async function probeStatefulness(ctx: CheckContext): Promise<StatefulnessVerdict> {
  const first = await ctx.fixtures.createSpvRequest(ctx);
  const second = await ctx.fixtures.createSpvRequest(ctx);
  for (const [name, created] of [
    ['first', first],
    ['second', second],
  ] as const) {
    if (created.response.status !== 201 || !created.slug) {
      ctx.fail(
        `could not tell whether the target keeps state: the ${name} POST /v1/spv-requests answered ${created.response.status}` +
          (created.slug ? '' : ' without an spvRequestSlug'),
      );
    }
  }
  if (first.slug === second.slug) {
    return {
      stateful: false,
      reason: `stateless: two creates with different Idempotency-Keys both returned ${first.slug}, so it serves fixed examples, like a mock`,
    };
  }
  const read = await ctx.call('getSpvRequest', { params: { slug: first.slug! } });
  if (read.status === 200 && read.json?.spvRequestSlug === first.slug) {
    return {
      stateful: true,
      reason: `stateful: created ${first.slug} and ${second.slug}, and read ${first.slug} back`,
    };
  }
  if (read.status === 200 && typeof read.json?.spvRequestSlug !== 'string') {
    // A 200 that names no request at all (not JSON, or no slug) shows neither state nor its absence.
    ctx.fail(`created ${first.slug} but reading it back answered 200 without an spvRequestSlug`);
  }
  if (read.status === 200) {
    return {
      stateful: false,
      reason: `stateless: GET /v1/spv-requests/${first.slug} returned ${read.json?.spvRequestSlug} instead of the created request`,
    };
  }
  ctx.fail(`created ${first.slug} but reading it back answered ${read.status}`);
}
