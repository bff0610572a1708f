import type { Check, CheckContext } from './check.js';
import { needsSpv } from './applicability.js';
import { filePart, pdfOfSize, tinyPdf } from './files.js';
import { requestExample } from '../spec/examples.js';

/** D10: the upload cap is 10 MB = 10,485,760 bytes; one byte more must be refused. */
const MAX_UPLOAD_BYTES = 10_485_760;

/** The text parts of a funding upload, taken from the spec's multipart example. */
function fundingParts(ctx: CheckContext): Record<string, string> {
  const operation = ctx.operations.get('uploadFundingReceipt')!;
  const example = (requestExample(ctx.spec, operation, 'multipart/form-data') ?? {}) as Record<string, unknown>;
  const parts: Record<string, string> = {};
  for (const [name, value] of Object.entries(example)) if (name !== 'file') parts[name] = String(value);
  return parts;
}

function form(parts: Record<string, string>, file: File): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(parts)) body.append(name, value);
  body.append('file', file);
  return body;
}

export const uploadsCheck: Check = {
  id: 'uploads.order-and-limits',
  title: 'Funding before the form is 409; files over 10 MiB are 413, other types 415; form then funding are 201',
  tags: ['uploads', 'subscriptions'],
  operations: ['uploadSubscriptionForm', 'uploadFundingReceipt', 'createSubscriptions', 'bulkCreateInvestors'],
  applies: needsSpv,
  async run(ctx) {
    const { spvSlug, personId, subscriptionSlug } = await ctx.fixtures.freshSubscription(ctx);
    const params = { spvSlug, personId };
    const parts = fundingParts(ctx);

    const early = await ctx.call('uploadFundingReceipt', { params, multipart: form(parts, filePart(tinyPdf(), 'application/pdf', 'receipt.pdf')) });
    ctx.expectError(early, 409, 'conflict', 'a funding receipt before the signed form');

    const tooLarge = await ctx.call('uploadSubscriptionForm', {
      params,
      multipart: form({}, filePart(pdfOfSize(MAX_UPLOAD_BYTES + 1), 'application/pdf', 'too-large.pdf')),
    });
    ctx.expectError(tooLarge, 413, 'payload_too_large', `a ${MAX_UPLOAD_BYTES + 1}-byte form`);

    const wrongType = await ctx.call('uploadSubscriptionForm', {
      params,
      multipart: form({}, filePart(new TextEncoder().encode('signed by hand'), 'text/plain', 'form.txt')),
    });
    ctx.expectError(wrongType, 415, 'unsupported_media_type', 'a text/plain form');

    const stored = await ctx.call('uploadSubscriptionForm', { params, multipart: form({}, filePart(tinyPdf(), 'application/pdf', 'form.pdf')) });
    if (ctx.expectStatus(stored, 201, 'the signed form as a PDF')) {
      ctx.expect(stored.json?.spvSlug === spvSlug && stored.json?.personId === personId, 'the form answer names another SPV or person');
      if (subscriptionSlug) ctx.expect(stored.json?.subscriptionSlug === subscriptionSlug, `the form answer names subscription ${stored.json?.subscriptionSlug}, not ${subscriptionSlug}`);
    }

    const funded = await ctx.call('uploadFundingReceipt', { params, multipart: form(parts, filePart(tinyPdf(), 'application/pdf', 'receipt.pdf')) });
    if (ctx.expectStatus(funded, 201, 'the funding receipt after the form')) {
      for (const [name, value] of Object.entries(parts)) {
        ctx.expect(String(funded.json?.[name]) === value, `the funding answer has ${name} "${funded.json?.[name]}", sent "${value}"`);
      }
      // On the sandbox, play Zest's wire reconciliation so subscription.completed is emitted for the webhook check.
      if (ctx.admin && subscriptionSlug && !ctx.options.spvSlug) {
        await ctx.admin.completeSubscription(subscriptionSlug);
        ctx.fixtures.adminEmitted.add('subscription.completed');
      }
    }
  },
};
