import { UUID } from './applicability.js';
import type { Check } from './check.js';

export const errorEnvelopeCheck: Check = {
  id: 'errors.envelope',
  title: 'Every error answer of the run is the partner envelope with a code and a UUID errorId (422 aside)',
  tags: ['errors'],
  operations: [],
  async run(ctx) {
    const errors = ctx.exchanges.filter((e) => e.operationId && e.status !== undefined && e.status >= 400);
    if (errors.length === 0) ctx.notApplicable('no check that ran provoked an error answer');
    let judged = 0;
    for (const exchange of errors) {
      // 422 is the framework's HTTPValidationError by declaration
      // (docs/design-decisions.md#validation-422); the response validator judges its shape.
      if (exchange.status === 422) continue;
      judged += 1;
      const where = `${exchange.method} ${new URL(exchange.url).pathname} → ${exchange.status} (from ${exchange.checkId})`;
      let body: any;
      try {
        body = JSON.parse(new TextDecoder().decode(exchange.body ?? new Uint8Array()));
      } catch {
        ctx.expect(false, `${where}: the error body is not JSON`);
        continue;
      }
      ctx.expect(typeof body?.code === 'string', `${where}: no \`code\` in the error body`);
      ctx.expect(
        typeof body?.errorId === 'string' && UUID.test(body.errorId),
        `${where}: errorId ${JSON.stringify(body?.errorId)} is not a UUID`,
      );
      ctx.expect(
        (exchange.contentType ?? '').startsWith('application/json'),
        `${where}: content type ${exchange.contentType}, expected application/json`,
      );
    }
    if (judged === 0) ctx.notApplicable('the only error answers seen were framework 422s');
  },
};
