import { randomUUID } from 'node:crypto';
import type { ApiResponse } from '../http/api.js';
import { needsSpv, needsState } from './applicability.js';
import type { ApplyContext, Check, CheckContext } from './check.js';
import { filePart, tinyPdf } from './files.js';

function needsSecondPartner(context: ApplyContext): string | undefined {
  if (!context.options.secondPartner) {
    return 'needs a second partner of the same environment (--second-client-id, --second-issuer, --second-private-key-file) to show that tenants are isolated';
  }
  return undefined;
}

/**
 * A refusal of another tenant's object: 404 `not_found` (the object does not exist for this partner), or 403
 * `forbidden` where the operation declares it. Anything else (above all a 2xx) is a leak.
 */
function expectRefused(ctx: CheckContext, operationId: string, response: ApiResponse, what: string): void {
  const declared = Object.keys(ctx.operations.get(operationId)?.responses ?? {});
  const ok =
    (response.status === 404 && response.json?.code === 'not_found') ||
    (response.status === 403 && declared.includes('403') && response.json?.code === 'forbidden');
  ctx.expect(
    ok,
    `${what}: expected 404 not_found${declared.includes('403') ? ' or 403 forbidden' : ''}, got ${response.status} ${response.json?.code ?? ''}`.trim(),
  );
}

async function listedSlugs(
  caller: NonNullable<CheckContext['second']>,
  ctx: CheckContext,
): Promise<Set<string> | undefined> {
  const slugs = new Set<string>();
  for (let page = 1; page <= 40; page++) {
    const response = await caller.call('listSpvRequests', { query: { perPage: 100, page } });
    if (!ctx.expectStatus(response, 200, `the second partner listing its SPV requests (page ${page})`))
      return undefined;
    const documents: any[] = response.json?.documents ?? [];
    for (const d of documents) slugs.add(d?.spvRequestSlug);
    if (documents.length < 100) return slugs;
  }
  return slugs;
}

export const tenancyIsolationCheck: Check = {
  id: 'tenancy.isolation',
  title: "Neither partner can read, list or cancel the other's SPV requests",
  tags: ['tenancy', 'spv-requests'],
  operations: ['createSpvRequest', 'getSpvRequest', 'listSpvRequests', 'cancelSpvRequest'],
  applies: (context) => needsSecondPartner(context) ?? needsState(context),
  async run(ctx) {
    const second = ctx.second!;
    const mine = await ctx.fixtures.createSpvRequest(ctx);
    const theirs = await second.call('createSpvRequest', {
      json: ctx.fixtures.spvRequestBody(),
      headers: { 'idempotency-key': randomUUID() },
    });
    if (!ctx.expectStatus(mine.response, 201, 'the first partner creating an SPV request') || !mine.slug) return;
    if (
      !ctx.expectStatus(theirs, 201, 'the second partner creating an SPV request') ||
      typeof theirs.json?.spvRequestSlug !== 'string'
    )
      return;
    const theirSlug: string = theirs.json.spvRequestSlug;

    // Each direction: the other partner's slug must not exist for me.
    for (const [who, caller, slug] of [
      ['the second partner', second, mine.slug],
      ['the first partner', ctx, theirSlug],
    ] as const) {
      expectRefused(
        ctx,
        'getSpvRequest',
        await caller.call('getSpvRequest', { params: { slug } }),
        `${who} reading the other's ${slug}`,
      );
    }
    const seenBySecond = await listedSlugs(second, ctx);
    if (seenBySecond)
      ctx.expect(!seenBySecond.has(mine.slug), `the second partner's list includes the first partner's ${mine.slug}`);
    const seenByFirst = await listedSlugs(ctx, ctx);
    if (seenByFirst)
      ctx.expect(!seenByFirst.has(theirSlug), `the first partner's list includes the second partner's ${theirSlug}`);

    expectRefused(
      ctx,
      'cancelSpvRequest',
      await second.call('cancelSpvRequest', { params: { slug: mine.slug } }),
      `the second partner cancelling ${mine.slug}`,
    );
    expectRefused(
      ctx,
      'cancelSpvRequest',
      await ctx.call('cancelSpvRequest', { params: { slug: theirSlug } }),
      `the first partner cancelling ${theirSlug}`,
    );
    const still = await ctx.call('getSpvRequest', { params: { slug: mine.slug } });
    if (ctx.expectStatus(still, 200, `reading ${mine.slug} after the other partner tried to cancel it`)) {
      // Blame the other partner only for what its cancel would do; any other change of status is not its doing
      // (and a status the spec does not allow is reported by the response checks, not here).
      ctx.expect(
        still.json?.status !== 'cancelled' || mine.response.json?.status === 'cancelled',
        `${mine.slug} is now cancelled: the other partner's cancel went through`,
      );
    }
  },
};

/** Registers one new investor with `caller` and returns its zestPersonId (a failure is recorded when it cannot). */
async function registerInvestor(
  ctx: CheckContext,
  caller: Pick<CheckContext, 'call'>,
  who: string,
): Promise<string | undefined> {
  const registered = await caller.call('bulkCreateInvestors', { json: { investors: [ctx.fixtures.investorRow()] } });
  const person = registered.json?.results?.[0]?.zestPersonId;
  const ok = registered.status === 200 && typeof person === 'string';
  ctx.expect(ok, `${who} registering an investor answered ${registered.status}`);
  return ok ? person : undefined;
}

export const tenancySubscriptionsCheck: Check = {
  id: 'tenancy.subscriptions',
  title: "A partner can neither subscribe investors to, nor upload to, the other partner's SPV and subscriptions",
  tags: ['tenancy', 'subscriptions', 'uploads'],
  operations: ['createSubscriptions', 'uploadSubscriptionForm', 'bulkCreateInvestors'],
  applies: (context) => needsSecondPartner(context) ?? needsSpv(context),
  async run(ctx) {
    const second = ctx.second!;
    const { spvSlug, personId } = await ctx.fixtures.freshSubscription(ctx);
    const spv = await ctx.fixtures.approvedSpv(ctx);
    // The second partner's own investor, so only the SPV is foreign; and an investor of the SPV's owner, so that a
    // target acting for the SPV's owner cannot pass by refusing the second partner's investor as unknown to the owner.
    const theirPerson = await registerInvestor(ctx, second, 'the second partner');
    const ownerPerson = await registerInvestor(ctx, ctx, 'the first partner');
    if (!theirPerson || !ownerPerson) return;
    for (const [whose, person] of [
      ['its own investor', theirPerson],
      ["the first partner's investor", ownerPerson],
    ] as const) {
      const subscribe = await second.call('createSubscriptions', {
        params: { spvSlug },
        json: { subscriptions: [ctx.fixtures.subscriptionRow(person, spv.shareClassSlug)] },
      });
      expectRefused(
        ctx,
        'createSubscriptions',
        subscribe,
        `the second partner subscribing ${whose} (${person}) to the first partner's SPV ${spvSlug}`,
      );
    }

    const limits = ctx.operations.get('uploadSubscriptionForm')!.upload!;
    const body = new FormData();
    body.append(limits.fileField, filePart(tinyPdf(), 'application/pdf', 'form.pdf'));
    const upload = await second.call('uploadSubscriptionForm', { params: { spvSlug, personId }, multipart: body });
    expectRefused(
      ctx,
      'uploadSubscriptionForm',
      upload,
      `the second partner uploading a form to the first partner's subscription (${spvSlug}, ${personId})`,
    );
  },
};

export const tenancyIdempotencyCheck: Check = {
  id: 'tenancy.idempotency-keys',
  title:
    "An Idempotency-Key used by one partner is a new key for the other: the same key and body create the other partner's own request",
  tags: ['tenancy', 'idempotency'],
  operations: ['createSpvRequest', 'getSpvRequest'],
  applies: (context) => needsSecondPartner(context) ?? needsState(context),
  async run(ctx) {
    const second = ctx.second!;
    const first = await ctx.fixtures.createSpvRequest(ctx);
    if (!ctx.expectStatus(first.response, 201, 'the first partner creating an SPV request') || !first.slug) return;
    const same = await second.call('createSpvRequest', { json: first.body, headers: { 'idempotency-key': first.key } });
    if (!ctx.expectStatus(same, 201, "the second partner reusing the first partner's key and body")) return;
    ctx.expect(
      same.json?.spvRequestSlug !== first.slug,
      `the second partner got the first partner's ${first.slug} back: the key was replayed across partners`,
    );
    ctx.expect(
      same.headers.get('idempotent-replayed') === null,
      'the answer to the second partner is marked Idempotent-Replayed',
    );
    if (typeof same.json?.spvRequestSlug === 'string') {
      ctx.expectStatus(
        await second.call('getSpvRequest', { params: { slug: same.json.spvRequestSlug } }),
        200,
        'the second partner reading what it created',
      );
    }
    // The same key with a different body is a conflict only within one partner.
    const again = await ctx.fixtures.createSpvRequest(ctx);
    if (!ctx.expectStatus(again.response, 201, 'the first partner creating another SPV request')) return;
    const different = await second.call('createSpvRequest', {
      json: ctx.fixtures.differentSpvRequestBody(),
      headers: { 'idempotency-key': again.key },
    });
    ctx.expectStatus(different, 201, "the second partner reusing the first partner's key with another body");
  },
};
