import { verifyWebhook } from '@zestequity/partner-auth';
import { listWebhooks } from '@zestequity/spec-model';
import type { ReceivedWebhook } from '../webhooks/source.js';
import type { Check, CheckContext } from './check.js';

const POLL_MS = 250;

/** Event types the run should have caused: `x-zest-emits` of every operation that answered 2xx, plus admin actions. */
function expectedEventTypes(ctx: CheckContext): Set<string> {
  const expected = new Set<string>(ctx.fixtures.adminEmitted.keys());
  for (const exchange of ctx.exchanges) {
    if (!exchange.operationId || exchange.status === undefined || exchange.status >= 300 || exchange.partner) continue;
    const emits = ctx.operations.get(exchange.operationId)?.emits;
    if (!emits) continue;
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

const webhooksBySpec = new WeakMap<object, Map<string, string | undefined>>();

/** Where the payload schema of an event type lives in the spec (`undefined` for an event the spec does not declare). */
function eventSchemaPointer(ctx: CheckContext, eventType: string): string | undefined {
  let pointers = webhooksBySpec.get(ctx.spec);
  if (!pointers) {
    pointers = new Map(
      listWebhooks(ctx.spec).map((hook) => [hook.path, hook.requestBody?.content['application/json']?.schemaPointer]),
    );
    webhooksBySpec.set(ctx.spec, pointers);
  }
  return pointers.get(eventType);
}

export const webhookDeliveriesCheck: Check = {
  id: 'webhooks.signatures',
  title: 'Every webhook the run caused arrives, verifies with the signing secret and matches its event schema',
  tags: ['webhooks'],
  operations: [],
  applies({ target, options }) {
    if (!options.webhookSecret) return 'pass --webhook-secret to verify deliveries';
    if (!target.stateful) return `needs a stateful target that sends webhooks — ${target.statefulReason}`;
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
        event = await verifyWebhook({
          payload: delivery.body,
          signatureHeader: header!,
          secret: ctx.options.webhookSecret!,
        });
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
      if (eventIdHeader !== undefined)
        ctx.expect(
          eventIdHeader === event.eventId,
          `${delivery.via}: Zest-Event-Id ${eventIdHeader} differs from the body's ${event.eventId}`,
        );
      const typeHeader = delivery.headers['zest-event-type'];
      if (typeHeader !== undefined)
        ctx.expect(
          typeHeader === type,
          `${delivery.via}: Zest-Event-Type ${typeHeader} differs from the body's ${type}`,
        );
      const contentType = delivery.headers['content-type'];
      if (contentType !== undefined)
        ctx.expect(contentType.startsWith('application/json'), `${delivery.via}: content type ${contentType}`);
    }
    const missing = [...expected].filter((type) => !seen.has(type)).sort();
    ctx.expect(
      missing.length === 0,
      `no verified delivery within ${ctx.options.webhookWaitMs ?? 10_000} ms for: ${missing.join(', ')} (received ${deliveries.length} deliveries)`,
    );
  },
};

/**
 * How many events of each type the run caused, as the spec documents it: one per object an emitting operation
 * created or changed. A bulk answer's `results` rows each count (a row `failed` or `already_exists` creates nothing,
 * as the investor.created event says); any other 2xx answer is one object. Identical answers (idempotent replays)
 * are the same object, so they count once.
 */
function expectedCounts(ctx: CheckContext): Map<string, number> {
  const subjects = new Map<string, Set<string>>();
  const note = (type: string, key: string) => {
    const set = subjects.get(type) ?? new Set<string>();
    set.add(key);
    subjects.set(type, set);
  };
  for (const exchange of ctx.exchanges) {
    if (!exchange.operationId || exchange.status === undefined || exchange.status >= 300 || exchange.partner) continue;
    const emits = ctx.operations.get(exchange.operationId)?.emits;
    if (!emits || emits.length === 0) continue;
    let body: any;
    try {
      body = JSON.parse(new TextDecoder().decode(exchange.body ?? new Uint8Array()));
    } catch {
      continue;
    }
    const rows: unknown[] = Array.isArray(body?.results)
      ? body.results.filter((row: any) => row?.status !== 'failed' && row?.status !== 'already_exists')
      : [body];
    for (const type of emits)
      for (const row of rows) note(String(type), `${exchange.operationId} ${JSON.stringify(row)}`);
  }
  const counts = new Map<string, number>([...subjects].map(([type, set]) => [type, set.size]));
  for (const [type, n] of ctx.fixtures.adminEmitted) counts.set(type, (counts.get(type) ?? 0) + n);
  return counts;
}

function eventOf(delivery: ReceivedWebhook): { eventId?: string; eventType?: string } {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(delivery.body));
    return { eventId: parsed?.eventId, eventType: parsed?.eventType };
  } catch {
    return {};
  }
}

export const webhookCardinalityCheck: Check = {
  id: 'webhooks.cardinality',
  title: 'Each event is sent as often as documented: once per created row, once per state change, never for a replay',
  tags: ['webhooks'],
  operations: [],
  applies: webhookDeliveriesCheck.applies,
  async run(ctx) {
    const expected = expectedCounts(ctx);
    if (expected.size === 0) ctx.notApplicable('no check that ran caused an event');
    const deadline = Date.now() + (ctx.options.webhookWaitMs ?? 10_000);
    let seen = new Map<string, Set<string>>();
    for (;;) {
      seen = new Map();
      for (const delivery of await ctx.webhooks!.collect(ctx.runStartedAt)) {
        const { eventId, eventType } = eventOf(delivery);
        if (typeof eventId !== 'string' || typeof eventType !== 'string') continue;
        // Redeliveries and retries repeat the eventId: one event, however many attempts.
        seen.set(eventType, (seen.get(eventType) ?? new Set()).add(eventId));
      }
      if ([...expected].every(([type, n]) => (seen.get(type)?.size ?? 0) >= n) || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    for (const type of new Set([...expected.keys(), ...seen.keys()])) {
      const want = expected.get(type) ?? 0;
      const got = seen.get(type)?.size ?? 0;
      ctx.expect(got === want, `${type}: ${got} distinct event(s), the run caused ${want}`);
    }
  },
};
