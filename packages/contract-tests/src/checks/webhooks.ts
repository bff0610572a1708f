import { verifyWebhook } from '@zestequity/partner-auth';
import type { Check, CheckContext } from './check.js';
import { deref, escapePointer } from '../spec/load-spec.js';
import type { ReceivedWebhook } from '../webhooks/source.js';

const POLL_MS = 250;

/** Event types the run should have caused: `x-zest-emits` of every operation that answered 2xx, plus admin actions. */
function expectedEventTypes(ctx: CheckContext): Set<string> {
  const expected = new Set<string>(ctx.fixtures.adminEmitted);
  for (const exchange of ctx.exchanges) {
    if (!exchange.operationId || exchange.status === undefined || exchange.status >= 300) continue;
    const emits = ctx.operations.get(exchange.operationId)?.operation['x-zest-emits'];
    if (!Array.isArray(emits)) continue;
    // A bulk investor answer is 200 even when no row was created; only created rows emit.
    if (exchange.operationId === 'bulkCreateInvestors' && !createdAnInvestor(exchange.body)) continue;
    for (const type of emits) expected.add(String(type));
  }
  return expected;
}

function createdAnInvestor(body: Uint8Array | undefined): boolean {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body ?? new Uint8Array()));
    return (parsed?.results ?? []).some((row: any) => row?.status === 'created');
  } catch {
    return false;
  }
}

function eventSchemaPointer(ctx: CheckContext, eventType: string): string | undefined {
  const raw = ctx.spec.webhooks?.[eventType];
  if (!raw) return undefined;
  const base = typeof raw.$ref === 'string' ? raw.$ref : `#/webhooks/${escapePointer(eventType)}`;
  const item = deref<any>(ctx.spec, raw);
  return item?.post?.requestBody ? `${base}/post/requestBody/content/application~1json/schema` : undefined;
}

export const webhookDeliveriesCheck: Check = {
  id: 'webhooks.signatures',
  title: 'Every webhook the run caused arrives, verifies with the signing secret and matches its event schema',
  tags: ['webhooks'],
  operations: [],
  applies({ target, options }) {
    if (!options.webhookSecret) return 'pass --webhook-secret to verify deliveries';
    if (!target.stateful) return `needs a stateful target that sends webhooks (${target.statefulReason})`;
    if (target.webhookSource === 'none') return target.webhookSourceReason;
    return undefined;
  },
  async run(ctx) {
    const source = ctx.webhooks!;
    const expected = expectedEventTypes(ctx);
    if (expected.size === 0) ctx.notApplicable('no check that ran caused an event');
    const since = ctx.runStartedAt;
    const deadline = Date.now() + (ctx.options.webhookWaitMs ?? 10_000);
    let deliveries: ReceivedWebhook[] = [];
    const typeOf = (d: ReceivedWebhook) => {
      try {
        return String(JSON.parse(new TextDecoder().decode(d.body))?.eventType);
      } catch {
        return '';
      }
    };
    for (;;) {
      deliveries = await source.collect(since);
      const seen = new Set(deliveries.map(typeOf));
      if ([...expected].every((type) => seen.has(type)) || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }

    const seen = new Set<string>();
    for (const delivery of deliveries) {
      const header = delivery.headers['zest-signature'];
      if (!ctx.expect(header, `${delivery.via}: no Zest-Signature header`)) continue;
      let event: any;
      try {
        event = await verifyWebhook({ payload: delivery.body, signatureHeader: header!, secret: ctx.options.webhookSecret! });
      } catch (error) {
        const reason = (error as { reason?: string }).reason;
        ctx.expect(false, `${delivery.via}: the signature does not verify (${reason ?? (error as Error).message})`);
        continue;
      }
      const type = String(event?.eventType);
      seen.add(type);
      const pointer = eventSchemaPointer(ctx, type);
      if (!ctx.expect(pointer, `${delivery.via}: eventType "${type}" is not one of the spec's webhooks`)) continue;
      const validate = ctx.validator.schemaAt(pointer!);
      if (!validate(event)) {
        for (const error of validate.errors ?? []) {
          ctx.expect(false, `${delivery.via} (${type}): ${error.instancePath || '(root)'} ${error.message}`);
        }
      }
      const eventIdHeader = delivery.headers['zest-event-id'];
      if (eventIdHeader !== undefined) ctx.expect(eventIdHeader === event.eventId, `${delivery.via}: Zest-Event-Id ${eventIdHeader} differs from the body's ${event.eventId}`);
      const typeHeader = delivery.headers['zest-event-type'];
      if (typeHeader !== undefined) ctx.expect(typeHeader === type, `${delivery.via}: Zest-Event-Type ${typeHeader} differs from the body's ${type}`);
      const contentType = delivery.headers['content-type'];
      if (contentType !== undefined) ctx.expect(contentType.startsWith('application/json'), `${delivery.via}: content type ${contentType}`);
    }
    const missing = [...expected].filter((type) => !seen.has(type)).sort();
    ctx.expect(
      missing.length === 0,
      `no verified delivery within ${ctx.options.webhookWaitMs ?? 10_000} ms for: ${missing.join(', ')} (received ${deliveries.length} deliveries)`,
    );
  },
};
