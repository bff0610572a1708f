import { verifyWebhook } from '@zestequity/partner-auth';
import { listWebhooks } from '@zestequity/spec-model';
import type { ReceivedWebhook, WebhookSource } from '../webhooks/source.js';
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

/**
 * The "now" a delivery's signature is judged at. A receiver got the delivery just now, so real time (the default)
 * applies. A row of the sandbox's delivery log is a record of what was sent, signed when it was made: judged at the
 * time of its own signature, or every run longer than the 300 s tolerance would see its early rows "expire".
 */
function verifiedAt(source: WebhookSource, header: string): { now?: number } {
  if (source.kind !== 'sandbox-deliveries') return {};
  const t = /(?:^|,)\s*t=(\d+)\s*(?:,|$)/.exec(header)?.[1];
  // No readable `t`: leave "now" alone and let the verifier say what is wrong with the header.
  return t === undefined ? {} : { now: Number(t) * 1000 };
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
          ...verifiedAt(source, header!),
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

/** The fields that name the object an event (or an emitting operation's answer) is about, most specific first. */
const SUBJECT_FIELDS = ['subscriptionSlug', 'spvRequestSlug', 'zestPersonId'] as const;

function subjectOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  for (const field of SUBJECT_FIELDS) {
    const id = (value as Record<string, unknown>)[field];
    if (typeof id === 'string' && id !== '') return id;
  }
  return undefined;
}

/** What the run caused: per event type, the objects it created or changed (each should have one event). */
interface Caused {
  /** Event type → the ids of the objects the run created or changed that way. */
  byType: Map<string, Set<string>>;
  /** Every object the run created or changed: only events about these are the run's to count. */
  subjects: Set<string>;
}

interface EmittingAnswer {
  emits: readonly unknown[];
  rows: unknown[];
}

/** The 2xx answers of emitting operations, as rows: a bulk answer's created rows, or the answer itself. */
function emittingRows(ctx: CheckContext): EmittingAnswer[] {
  const out: EmittingAnswer[] = [];
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
    // A row `failed` or `already_exists` creates nothing, as the investor.created event says.
    const rows: unknown[] = Array.isArray(body?.results)
      ? body.results.filter((row: any) => row?.status !== 'failed' && row?.status !== 'already_exists')
      : [body];
    out.push({ emits, rows });
  }
  return out;
}

/**
 * What the run caused, as the spec documents it: one event per object an emitting operation created or changed. A
 * bulk answer's created rows each count; any other 2xx answer is one object. Every documented answer of an emitting
 * operation names its object (`spvRequestSlug`, `subscriptionSlug`, a row's `zestPersonId`): a second answer about
 * the same object (an idempotent replay) changed nothing new, so it counts once, and a 2xx answer that names no
 * object is off the contract (the response checks report it), not evidence of a change: e.g. a cancel of a request
 * that is no longer pending, which the contract makes a 409 that changes nothing, wrongly answered `200 {}`.
 */
function causedEvents(ctx: CheckContext): Caused {
  const byType = new Map<string, Set<string>>();
  const subjects = new Set<string>();
  for (const { emits, rows } of emittingRows(ctx)) {
    for (const row of rows) {
      const subject = subjectOf(row);
      if (subject === undefined) continue;
      subjects.add(subject);
      for (const type of emits) byType.set(String(type), (byType.get(String(type)) ?? new Set()).add(subject));
    }
  }
  return { byType, subjects };
}

/** How many events of each type the run caused: its objects, plus what the suite's admin actions made happen. */
function expectedCounts(ctx: CheckContext, caused: Caused): Map<string, number> {
  const counts = new Map<string, number>([...caused.byType].map(([type, set]) => [type, set.size]));
  for (const [type, n] of ctx.fixtures.adminEmitted) counts.set(type, (counts.get(type) ?? 0) + n);
  return counts;
}

function eventOf(delivery: ReceivedWebhook): { eventId?: string; eventType?: string; subject?: string } {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(delivery.body));
    return { eventId: parsed?.eventId, eventType: parsed?.eventType, subject: subjectOf(parsed?.data) };
  } catch {
    return {};
  }
}

/**
 * The distinct events (by eventId: redeliveries and retries repeat it) per type about the run's own objects. Events
 * about anything else are another client's of the same partner (a concurrent run, the partner's app), not the run's.
 */
async function eventsAboutRun(ctx: CheckContext, subjects: Set<string>): Promise<Map<string, Set<string>>> {
  const seen = new Map<string, Set<string>>();
  for (const delivery of await ctx.webhooks!.collect(ctx.runStartedAt)) {
    const { eventId, eventType, subject } = eventOf(delivery);
    if (typeof eventId !== 'string' || typeof eventType !== 'string') continue;
    if (subject === undefined || !subjects.has(subject)) continue;
    seen.set(eventType, (seen.get(eventType) ?? new Set()).add(eventId));
  }
  return seen;
}

export const webhookCardinalityCheck: Check = {
  id: 'webhooks.cardinality',
  title: 'Each event is sent as often as documented: once per created row, once per state change, never for a replay',
  tags: ['webhooks'],
  operations: [],
  applies: webhookDeliveriesCheck.applies,
  async run(ctx) {
    const caused = causedEvents(ctx);
    const expected = expectedCounts(ctx, caused);
    if (expected.size === 0) ctx.notApplicable('no check that ran caused an event');
    const deadline = Date.now() + (ctx.options.webhookWaitMs ?? 10_000);
    let seen = new Map<string, Set<string>>();
    for (;;) {
      seen = await eventsAboutRun(ctx, caused.subjects);
      if ([...expected].every(([type, n]) => (seen.get(type)?.size ?? 0) >= n) || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    for (const type of new Set([...expected.keys(), ...seen.keys()])) {
      const want = expected.get(type) ?? 0;
      const got = seen.get(type)?.size ?? 0;
      ctx.expect(
        got === want,
        `${type}: ${got} distinct event(s) about objects this run created or changed, the run caused ${want}`,
      );
    }
  },
};
