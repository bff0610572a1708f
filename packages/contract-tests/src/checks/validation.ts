import { randomUUID } from 'node:crypto';
import { resolveRef } from '@zestequity/spec-model';
import { needsState } from './applicability.js';
import type { Check } from './check.js';

export const validationErrorCheck: Check = {
  id: 'errors.validation-error',
  title:
    'Attributes that break their template are 400 validation_error with validationErrors items (field, code, message)',
  tags: ['errors', 'spv-requests'],
  operations: ['createSpvRequest'],
  applies: needsState,
  async run(ctx) {
    // Every template requires attributes; an empty set breaks whichever template the body names.
    const body = { ...ctx.fixtures.spvRequestBody(), attributes: {} };
    const response = await ctx.call('createSpvRequest', { json: body, headers: { 'idempotency-key': randomUUID() } });
    if (!ctx.expectError(response, 400, 'validation_error', 'an SPV request with no attributes')) return;
    const items = response.json?.validationErrors;
    if (
      !ctx.expect(
        Array.isArray(items) && items.length > 0,
        `the validation_error answer has validationErrors ${JSON.stringify(items)}, expected one item per problem`,
      )
    )
      return;
    // The item's required fields come from the spec's envelope schema.
    const envelope = resolveRef<any>(ctx.spec, ctx.spec.components?.schemas?.PartnerErrorResponse);
    const itemSchema = resolveRef<any>(
      ctx.spec,
      resolveRef<any>(ctx.spec, envelope?.properties?.validationErrors)?.items ??
        envelope?.properties?.validationErrors?.anyOf?.find((s: any) => s?.type === 'array')?.items,
    );
    const required: string[] = itemSchema?.required ?? ['field', 'message'];
    for (const [index, item] of (items as any[]).entries()) {
      for (const name of required) ctx.expect(item?.[name] !== undefined, `validationErrors[${index}] has no ${name}`);
    }
  },
};
