import type { UploadLimits } from '@zestequity/spec-model';
import { requestExample } from '../spec/examples.js';
import { needsSpv } from './applicability.js';
import type { Check, CheckContext } from './check.js';
import { filePart, pdfOfSize, tinyPdf } from './files.js';

/** The suite builds its valid files as PDFs; a type outside every upload's list stands in for "another type". */
const VALID_TYPE = 'application/pdf';
const OTHER_TYPES = ['text/plain', 'application/zip', 'application/octet-stream'];

/** The text parts of a funding upload, taken from the spec's multipart example. */
function fundingParts(ctx: CheckContext, limits: UploadLimits): Record<string, string> {
  const operation = ctx.operations.get('uploadFundingReceipt')!;
  const example = (requestExample(operation, 'multipart/form-data') ?? {}) as Record<string, unknown>;
  const parts: Record<string, string> = {};
  for (const [name, value] of Object.entries(example)) if (name !== limits.fileField) parts[name] = String(value);
  return parts;
}

function form(limits: UploadLimits, parts: Record<string, string>, file: File): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(parts)) body.append(name, value);
  body.append(limits.fileField, file);
  return body;
}

/** Both uploads' limits from the spec, checked for what this check needs before it sends anything. */
function limitsOf(ctx: CheckContext): { formLimits: UploadLimits; fundingLimits: UploadLimits; otherType: string } {
  const formLimits = ctx.operations.get('uploadSubscriptionForm')!.upload!;
  const fundingLimits = ctx.operations.get('uploadFundingReceipt')!.upload!;
  for (const [operationId, limits] of [
    ['uploadSubscriptionForm', formLimits],
    ['uploadFundingReceipt', fundingLimits],
  ] as const) {
    if (!limits.contentTypes.includes(VALID_TYPE))
      throw new Error(`${operationId} does not accept ${VALID_TYPE}, the only kind of file this check can build`);
  }
  const otherType = OTHER_TYPES.find((type) => !formLimits.contentTypes.includes(type));
  if (!otherType)
    throw new Error(
      `uploadSubscriptionForm accepts every type this check would send as a wrong one (${OTHER_TYPES.join(', ')})`,
    );
  return { formLimits, fundingLimits, otherType };
}

export const uploadsCheck: Check = {
  id: 'uploads.order-and-limits',
  title:
    "Funding before the form is 409; a file one byte over the spec's x-zest-max-bytes is 413, another type 415; form then funding are 201",
  tags: ['uploads', 'subscriptions'],
  operations: ['uploadSubscriptionForm', 'uploadFundingReceipt', 'createSubscriptions', 'bulkCreateInvestors'],
  applies: needsSpv,
  async run(ctx) {
    const { formLimits, fundingLimits, otherType } = limitsOf(ctx);
    const { spvSlug, personId, subscriptionSlug } = await ctx.fixtures.freshSubscription(ctx);
    const params = { spvSlug, personId };
    const parts = fundingParts(ctx, fundingLimits);

    const early = await ctx.call('uploadFundingReceipt', {
      params,
      multipart: form(fundingLimits, parts, filePart(tinyPdf(), VALID_TYPE, 'receipt.pdf')),
    });
    ctx.expectError(early, 409, 'conflict', 'a funding receipt before the signed form');

    const oversize = formLimits.maxBytes + 1;
    const tooLarge = await ctx.call('uploadSubscriptionForm', {
      params,
      multipart: form(formLimits, {}, filePart(pdfOfSize(oversize), VALID_TYPE, 'too-large.pdf')),
    });
    ctx.expectError(
      tooLarge,
      413,
      'payload_too_large',
      `a ${oversize}-byte form (x-zest-max-bytes ${formLimits.maxBytes})`,
    );

    const wrongType = await ctx.call('uploadSubscriptionForm', {
      params,
      multipart: form(formLimits, {}, filePart(new TextEncoder().encode('signed by hand'), otherType, 'form.txt')),
    });
    ctx.expectError(wrongType, 415, 'unsupported_media_type', `a ${otherType} form`);

    const stored = await ctx.call('uploadSubscriptionForm', {
      params,
      multipart: form(formLimits, {}, filePart(tinyPdf(), VALID_TYPE, 'form.pdf')),
    });
    if (ctx.expectStatus(stored, 201, 'the signed form as a PDF')) {
      ctx.expect(
        stored.json?.spvSlug === spvSlug && stored.json?.personId === personId,
        'the form answer names another SPV or person',
      );
      if (subscriptionSlug)
        ctx.expect(
          stored.json?.subscriptionSlug === subscriptionSlug,
          `the form answer names subscription ${stored.json?.subscriptionSlug}, not ${subscriptionSlug}`,
        );
    }

    const funded = await ctx.call('uploadFundingReceipt', {
      params,
      multipart: form(fundingLimits, parts, filePart(tinyPdf(), VALID_TYPE, 'receipt.pdf')),
    });
    if (ctx.expectStatus(funded, 201, 'the funding receipt after the form')) {
      for (const [name, value] of Object.entries(parts)) {
        ctx.expect(
          String(funded.json?.[name]) === value,
          `the funding answer has ${name} "${funded.json?.[name]}", sent "${value}"`,
        );
      }
      // On the sandbox, play Zest's wire reconciliation so subscription.completed is emitted for the webhook check.
      if (ctx.admin && subscriptionSlug && !ctx.options.spvSlug) {
        await ctx.admin.completeSubscription(subscriptionSlug);
        ctx.fixtures.adminEmitted.add('subscription.completed');
      }
    }
  },
};

export const uploadContentCheck: Check = {
  id: 'uploads.content-matches-type',
  title:
    'A file whose bytes are not of its declared type (text declared application/pdf) is refused with 415, and nothing is stored',
  tags: ['uploads', 'subscriptions'],
  operations: ['uploadSubscriptionForm', 'uploadFundingReceipt', 'createSubscriptions', 'bulkCreateInvestors'],
  applies: needsSpv,
  async run(ctx) {
    const { formLimits, fundingLimits } = limitsOf(ctx);
    const { spvSlug, personId } = await ctx.fixtures.freshSubscription(ctx);
    const params = { spvSlug, personId };
    const notAPdf = new TextEncoder().encode('This is plain text, whatever the part says.\n');
    const refused = await ctx.call('uploadSubscriptionForm', {
      params,
      multipart: form(formLimits, {}, filePart(notAPdf, VALID_TYPE, 'form.pdf')),
    });
    ctx.expectError(refused, 415, 'unsupported_media_type', `a text file declared ${VALID_TYPE}`);
    // Had the fake form been stored, the funding receipt (which needs the form on record) would now be accepted.
    const funding = await ctx.call('uploadFundingReceipt', {
      params,
      multipart: form(fundingLimits, fundingParts(ctx, fundingLimits), filePart(tinyPdf(), VALID_TYPE, 'receipt.pdf')),
    });
    ctx.expectError(
      funding,
      409,
      'conflict',
      'a funding receipt after the refused form (the form must not be on record)',
    );
  },
};
