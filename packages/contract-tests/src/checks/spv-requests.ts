import { isDeepStrictEqual } from 'node:util';
import { needsSandboxAdmin, needsState } from './applicability.js';
import type { Check } from './check.js';

export const createAndReadCheck: Check = {
  id: 'spv-requests.create-and-read',
  title: 'A created SPV request is pending-review, echoes what was sent and reads back the same',
  tags: ['spv-requests'],
  operations: ['createSpvRequest', 'getSpvRequest'],
  applies: needsState,
  async run(ctx) {
    const created = await ctx.fixtures.createdSpvRequest(ctx, 'creating an SPV request');
    if (!created) return;
    const request = created.response.json;
    const sent = created.body as Record<string, unknown>;
    ctx.expect(
      request.status === 'pending-review',
      `a new SPV request has status "${request.status}", expected pending-review`,
    );
    ctx.expect(
      request.templateId === sent.templateId,
      `templateId "${request.templateId}" differs from the one sent ("${String(sent.templateId)}")`,
    );
    ctx.expect(
      request.templateVersion === sent.templateVersion,
      `templateVersion "${request.templateVersion}" differs from the one sent ("${String(sent.templateVersion)}")`,
    );
    ctx.expect(
      isDeepStrictEqual(request.attributes, sent.attributes),
      'attributes of the created request differ from the ones sent',
    );
    ctx.expect(
      request.clientId === ctx.options.clientId,
      `clientId "${request.clientId}" is not the caller's ("${ctx.options.clientId}")`,
    );

    const read = await ctx.call('getSpvRequest', { params: { slug: created.slug } });
    if (!ctx.expectStatus(read, 200, `reading ${created.slug}`)) return;
    ctx.expect(isDeepStrictEqual(read.json, request), `GET ${created.slug} differs from the 201 body of its creation`);
  },
};

export const cancelCheck: Check = {
  id: 'spv-requests.cancel',
  title: 'Cancelling a pending request answers 200 cancelled; cancelling it again is 409 conflict',
  tags: ['spv-requests'],
  operations: ['createSpvRequest', 'cancelSpvRequest', 'getSpvRequest'],
  applies: needsState,
  async run(ctx) {
    const created = await ctx.fixtures.createdSpvRequest(ctx, 'creating an SPV request to cancel');
    if (!created) return;
    const cancelled = await ctx.call('cancelSpvRequest', { params: { slug: created.slug } });
    if (ctx.expectStatus(cancelled, 200, `cancelling ${created.slug}`)) {
      ctx.expect(
        cancelled.json?.status === 'cancelled',
        `the cancel answer has status "${cancelled.json?.status}", expected cancelled`,
      );
      ctx.expect(typeof cancelled.json?.cancelledAt === 'string', 'the cancel answer has no cancelledAt');
    }
    const read = await ctx.call('getSpvRequest', { params: { slug: created.slug } });
    if (ctx.expectStatus(read, 200, `reading ${created.slug} after cancelling it`)) {
      ctx.expect(read.json?.status === 'cancelled', `after cancelling, GET says status "${read.json?.status}"`);
    }
    ctx.expectError(
      await ctx.call('cancelSpvRequest', { params: { slug: created.slug } }),
      409,
      'conflict',
      'cancelling it a second time',
    );
  },
};

export const notFoundCheck: Check = {
  id: 'spv-requests.not-found',
  title: 'Reading or cancelling an unknown SPV request is 404 not_found',
  tags: ['spv-requests', 'errors'],
  operations: ['getSpvRequest', 'cancelSpvRequest'],
  applies: needsState,
  async run(ctx) {
    const slug = ctx.fixtures.unique('svr_contract_tests_missing');
    ctx.expectError(await ctx.call('getSpvRequest', { params: { slug } }), 404, 'not_found', `reading unknown ${slug}`);
    ctx.expectError(
      await ctx.call('cancelSpvRequest', { params: { slug } }),
      404,
      'not_found',
      `cancelling unknown ${slug}`,
    );
  },
};

export const rejectedIsTerminalCheck: Check = {
  id: 'spv-requests.rejected-is-terminal',
  title: 'A rejected SPV request reads back rejected with its reason, and cancelling it is 409 conflict',
  tags: ['spv-requests'],
  operations: ['createSpvRequest', 'getSpvRequest', 'cancelSpvRequest'],
  applies: needsSandboxAdmin,
  async run(ctx) {
    const created = await ctx.fixtures.createdSpvRequest(ctx, 'creating an SPV request to reject');
    if (!created) return;
    const reason = `rejected by the contract tests (${ctx.fixtures.runId})`;
    await ctx.admin!.rejectSpvRequest(created.slug, reason);
    ctx.fixtures.adminEmitted.add('spv_request.rejected');
    const read = await ctx.call('getSpvRequest', { params: { slug: created.slug } });
    if (ctx.expectStatus(read, 200, `reading ${created.slug} after rejecting it`)) {
      ctx.expect(read.json?.status === 'rejected', `after rejection, GET says status "${read.json?.status}"`);
      ctx.expect(
        read.json?.rejectionReason === reason,
        `rejectionReason is ${JSON.stringify(read.json?.rejectionReason)}, expected the reviewer's text`,
      );
    }
    ctx.expectError(
      await ctx.call('cancelSpvRequest', { params: { slug: created.slug } }),
      409,
      'conflict',
      'cancelling a rejected request',
    );
  },
};
