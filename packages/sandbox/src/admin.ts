import type { IncomingMessage, ServerResponse } from 'node:http';
import { signWebhook } from '@zestequity/partner-auth';
import { SpecModelError } from '@zestequity/spec-model';
import { trigger } from './admin/trigger.js';
import type { Clock } from './clock.js';
import type { Deps } from './domain/deps.js';
import type { SpvRequestRecord, SubscriptionRecord } from './domain/records.js';
import { approveSpvRequest, rejectSpvRequest } from './domain/spv-requests.js';
import { completeSubscription, subscriptionView } from './domain/subscriptions.js';
import type { Faults, FaultsConfig } from './faults.js';
import { parseJson, readBody } from './http/body.js';
import { ApiError, badRequest, echo, notFound } from './http/errors.js';
import { Router } from './http/router.js';
import { parseUrlEncoded } from './http/text.js';
import type { Idempotency, SerializedReply } from './idempotency.js';
import { ownGet } from './own.js';
import type { OpenApiDocument } from './spec/openapi.js';
import { durable, inTransaction } from './store/store.js';
import { DELIVERY_STATUSES, type DeliveryRecord } from './webhooks/outbox.js';

interface AdminRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body(): Promise<Record<string, unknown>>;
}

type AdminReply =
  | { status: number; body: unknown }
  | { status: number; raw: Buffer; contentType: string; headers?: Record<string, string> };
type AdminHandler = (request: AdminRequest) => AdminReply | Promise<AdminReply>;

/** The values of an enum schema of the served partner spec (where SPV request statuses are defined). */
function specEnum(spec: OpenApiDocument, name: string): string[] {
  const schemas = (spec as { components?: { schemas?: Record<string, { enum?: unknown }> } }).components?.schemas;
  const values = schemas?.[name]?.enum;
  if (!Array.isArray(values))
    throw new SpecModelError('the spec has no enum schema of that name', `#/components/schemas/${name}`);
  return values.map(String);
}

/** A query parameter a list route reads: absent or given once (of two values, the first would silently win). */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1)
    throw badRequest(`Query parameter ${name} is given ${values.length} times; give it at most once.`);
  return values[0];
}

/** A query parameter that, when given, must be a positive integer. */
function positiveInteger(query: URLSearchParams, name: string): number | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(n))
    throw badRequest(`Query parameter ${name} must be a positive integer; got ${echo(value)}.`);
  return n;
}

/** A query parameter that, when given, must be one of its documented values (else it would match nothing). */
function oneOf(query: URLSearchParams, name: string, allowed: readonly string[]): string | undefined {
  const value = single(query, name);
  if (value !== undefined && !allowed.includes(value))
    throw badRequest(`Query parameter ${name} must be one of ${allowed.join(', ')}; got ${echo(value)}.`);
  return value;
}

export interface AdminOptions {
  deps: Deps;
  faults: Faults;
  idempotency: Idempotency;
  clock: Clock;
  write: (res: ServerResponse, reply: SerializedReply, extraHeaders?: Record<string, string>) => void;
  errorReply: (error: unknown) => SerializedReply;
  /** The partner spec served (webhook event types and request examples for triggers). */
  spec: OpenApiDocument;
  /** The sandbox's own loopback base URL. */
  selfUrl: () => string;
  /**
   * The secret a signature is actually made with, given the partner's (the `webhook-signature-wrong-secret`
   * breakage changes it): the log's signatures must be the ones the dispatcher would send. Default: unchanged.
   */
  signingSecret?: (secret: string) => string;
}

/**
 * A delivery as the admin API shows it: the event parsed, times as ISO strings, and for every attempt the exact
 * body and `Zest-Signature` that were sent (so a test can verify them). A `skipped` row (the partner has no
 * webhookUrl) has no `attempts`; its `body` and `signature` show what would have been sent when it was created.
 */
export async function deliveryView(
  row: DeliveryRecord,
  secret: string | undefined,
  signingSecret: (secret: string) => string = (s) => s,
): Promise<Record<string, unknown>> {
  const { payload, nextAttemptAt, attempts, ...rest } = row;
  const view: Record<string, unknown> = {
    ...rest,
    id: row.deliveryId,
    nextAttemptAt: nextAttemptAt === null ? null : new Date(nextAttemptAt).toISOString(),
    event: JSON.parse(payload),
    body: payload,
  };
  if (row.status === 'skipped') {
    if (secret)
      view.signature = await signWebhook({
        payload,
        secret: signingSecret(secret),
        timestamp: Math.floor(Date.parse(row.createdAt) / 1000),
      });
  } else {
    view.attempts = attempts.map((attempt) => ({ ...attempt, sentAt: attempt.startedAt, body: payload }));
  }
  return view;
}

/**
 * The driving seat, outside /v1 and outside the spec: what Zest's operators (and the reconciler) would do, plus
 * knobs for tests. Everything is JSON in and out; errors use the partner envelope too. No authentication: the
 * sandbox is a local development tool (bind it to loopback, the default).
 */
export class AdminApi {
  private readonly router = new Router<AdminHandler>();
  /**
   * Routes that open their own transactions instead of running as one: a trigger walks the partner API over HTTP,
   * and each of those calls commits on its own, so the admin steps between them must commit on their own too. One
   * transaction around the walk would be rolled back on a failure after the partner calls (and their webhooks) had
   * already gone out, leaving delivered events about records that no longer exist.
   */
  private readonly stepwise = new Set<AdminHandler>();
  /** The access tokens of triggers running now: their partner calls are the trigger's steps, not a partner's. */
  private readonly stepTokens = new Set<string>();

  constructor(private readonly options: AdminOptions) {
    this.addReviewRoutes();
    this.addWebhookRoutes();
    this.addKnobRoutes();
  }

  /** What Zest's operators do: review SPV requests, complete subscriptions. */
  private addReviewRoutes(): void {
    const { deps } = this.options;
    const r = this.router;
    const spvRequestStatuses = specEnum(this.options.spec, 'SpvRequestStatus');
    r.add('GET', '/sandbox/spv-requests', ({ query }) => {
      const status = oneOf(query, 'status', spvRequestStatuses);
      const clientId = single(query, 'clientId');
      const documents = [...deps.store.values<SpvRequestRecord>('spvRequests')].filter(
        (s) => (!status || s.status === status) && (!clientId || s.clientId === clientId),
      );
      return { status: 200, body: { documents } };
    });
    r.add('POST', '/sandbox/spv-requests/{slug}/approve', ({ params }) => ({
      status: 200,
      body: approveSpvRequest(deps, params.slug!),
    }));
    r.add('POST', '/sandbox/spv-requests/{slug}/reject', async ({ params, body }) => ({
      status: 200,
      body: rejectSpvRequest(deps, params.slug!, ownGet(await body(), 'reason')),
    }));
    r.add('GET', '/sandbox/subscriptions', ({ query }) => {
      const spvSlug = single(query, 'spvSlug');
      const personId = single(query, 'personId');
      const subscriptions = [...deps.store.values<SubscriptionRecord>('subscriptions')]
        .filter((s) => (!spvSlug || s.spvSlug === spvSlug) && (!personId || s.personId === personId))
        .map(subscriptionView);
      return { status: 200, body: { subscriptions } };
    });
    r.add('POST', '/sandbox/subscriptions/{subscriptionSlug}/complete', ({ params }) => ({
      status: 200,
      body: subscriptionView(completeSubscription(deps, params.subscriptionSlug!)),
    }));
  }

  /** The outbox as a test sees it, redelivery, and triggers that make the sandbox emit an event. */
  private addWebhookRoutes(): void {
    const { deps, spec, selfUrl, signingSecret } = this.options;
    const r = this.router;
    const view = (row: DeliveryRecord) =>
      deliveryView(row, deps.partners.get(row.clientId)?.webhookSecret, signingSecret);
    r.add('GET', '/sandbox/webhook-deliveries', async ({ query }) => {
      const filter = {
        status: oneOf(query, 'status', DELIVERY_STATUSES),
        eventType: single(query, 'eventType'),
        clientId: single(query, 'clientId'),
        eventId: single(query, 'eventId'),
      };
      // Only the rows answered are built and turned into views (each skipped one is signed): a long-running sandbox
      // keeps a million of them, which in full took seconds and tens of megabytes.
      const { rows, total } = deps.outbox.select(filter, positiveInteger(query, 'newest'));
      return { status: 200, body: { deliveries: await Promise.all(rows.map(view)), total } };
    });
    r.add('GET', '/sandbox/webhook-deliveries/{deliveryId}', async ({ params }) => {
      const row = deps.outbox.get(params.deliveryId!);
      if (!row) throw notFound(`Delivery ${params.deliveryId} was not found.`);
      return { status: 200, body: await view(row) };
    });
    r.add('POST', '/sandbox/webhook-deliveries/{deliveryId}/redeliver', async ({ params }) => {
      const row = deps.outbox.get(params.deliveryId!);
      if (!row) throw notFound(`Delivery ${params.deliveryId} was not found.`);
      if (!deps.partners.get(row.clientId)?.webhookUrl)
        throw new ApiError(409, 'conflict', `Partner ${row.clientId} has no webhookUrl.`);
      return { status: 202, body: await view(deps.outbox.redeliver(row.deliveryId)!) };
    });
    const triggerRoute: AdminHandler = async ({ body }) => ({
      status: 201,
      body: await trigger({ deps, spec, selfUrl, stepTokens: this.stepTokens }, await body()),
    });
    r.add('POST', '/sandbox/triggers', triggerRoute);
    this.stepwise.add(triggerRoute);
  }

  /** Knobs for tests (faults, the clock) and the signed file URLs handed out in payloads. */
  private addKnobRoutes(): void {
    const { deps, faults, clock } = this.options;
    const r = this.router;
    r.add('GET', '/sandbox/faults', () => ({ status: 200, body: faults.get() }));
    r.add('PUT', '/sandbox/faults', async ({ body }) => {
      const config = (await body()) as FaultsConfig;
      try {
        faults.set(config);
      } catch (error) {
        throw badRequest((error as Error).message);
      }
      return { status: 200, body: faults.get() };
    });
    r.add('GET', '/sandbox/clock', () => ({
      status: 200,
      body: { now: clock.nowIso(), offsetSeconds: clock.offsetSeconds },
    }));
    r.add('POST', '/sandbox/clock', async ({ body }) => {
      const advance = ownGet(await body(), 'advanceSeconds');
      if (typeof advance !== 'number') throw badRequest('advanceSeconds must be a non-negative number.');
      try {
        clock.advance(advance);
      } catch (error) {
        throw badRequest((error as Error).message);
      }
      return { status: 200, body: { now: clock.nowIso(), offsetSeconds: clock.offsetSeconds } };
    });
    r.add('GET', '/sandbox/files/{fileId}', ({ params, query }) => {
      const file = deps.files.open(params.fileId!, query.get('expires'), query.get('sig'));
      if (file === 'expired') throw new ApiError(403, 'forbidden', 'This signed URL has expired.');
      if (file === 'invalid') throw new ApiError(403, 'forbidden', 'This signed URL is not valid.');
      return {
        status: 200,
        raw: file.bytes,
        contentType: file.contentType,
        headers: { 'Cache-Control': 'private, no-store' },
      };
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): Promise<void> {
    const { write, errorReply } = this.options;
    const match = this.router.match(req.method ?? 'GET', pathname);
    if (match.kind !== 'found') {
      req.resume();
      if (match.kind === 'method-not-allowed') {
        return write(
          res,
          errorReply(new ApiError(405, 'invalid_request', `${req.method} is not allowed on ${pathname}.`)),
          { Allow: match.allow.join(', ') },
        );
      }
      return write(res, errorReply(notFound(`No sandbox admin endpoint at ${req.method} ${pathname}.`)));
    }
    let bodyRead = false;
    let query: URLSearchParams;
    try {
      query = new URLSearchParams(parseUrlEncoded(search, 'The query string'));
    } catch (error) {
      req.resume();
      return write(res, errorReply(error));
    }
    const request: AdminRequest = {
      params: match.params,
      query,
      body: async () => {
        bodyRead = true;
        const bytes = await readBody(req, 64 * 1024);
        if (bytes.length === 0) return {};
        const parsed = parseJson(bytes);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
          throw badRequest('The body must be a JSON object.');
        return parsed as Record<string, unknown>;
      },
    };
    const handler = match.value;
    const respond = () => this.respond(req, res, handler, request, () => bodyRead);
    await (this.stepwise.has(handler) ? respond() : inTransaction(this.options.deps.store, respond));
  }

  /** Whether `req` is a step of a running trigger (it carries one of their tokens): faults do not apply to it. */
  isTriggerStep(req: IncomingMessage): boolean {
    const authorization = req.headers.authorization;
    return (
      this.stepTokens.size > 0 &&
      authorization?.startsWith('Bearer ') === true &&
      this.stepTokens.has(authorization.slice('Bearer '.length))
    );
  }

  /** Runs an admin handler and writes its reply; inside the action's transaction, which `write` ends. */
  private async respond(
    req: IncomingMessage,
    res: ServerResponse,
    handler: AdminHandler,
    request: AdminRequest,
    bodyRead: () => boolean,
  ): Promise<void> {
    const { write, errorReply } = this.options;
    try {
      const reply = await handler(request);
      if (!bodyRead()) req.resume();
      if ('raw' in reply) {
        write(res, {
          status: reply.status,
          headers: { 'Content-Type': reply.contentType, ...reply.headers },
          body: reply.raw,
        });
      } else {
        write(res, {
          status: reply.status,
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify(reply.body)),
        });
      }
    } catch (error) {
      if (!bodyRead()) req.resume();
      write(res, errorReply(error));
    }
  }

  /** The same operations for programmatic use (tests, other packages' fixtures). */
  helpers() {
    const { deps, clock } = this.options;
    /**
     * A helper that writes does what its admin route does: its writes and events are one transaction (all or,
     * when it throws, nothing) and it resolves only once they are durable (on disk with a store file).
     */
    const write = async <T>(fn: () => T): Promise<T> => {
      const result = await inTransaction(deps.store, fn);
      await durable(deps.store);
      return result;
    };
    return {
      approveSpvRequest: (slug: string) =>
        write(() => approveSpvRequest(deps, slug) as unknown as Record<string, unknown>),
      rejectSpvRequest: (slug: string, reason: string) =>
        write(() => rejectSpvRequest(deps, slug, reason) as unknown as Record<string, unknown>),
      completeSubscription: (slug: string) => write(() => subscriptionView(completeSubscription(deps, slug))),
      deliveries: (filter?: { status?: string; eventType?: string; clientId?: string }) => deps.outbox.list(filter),
      redeliver: (deliveryId: string) => write(() => deps.outbox.redeliver(deliveryId)),
      webhooksIdle: (timeoutMs?: number) => deps.outbox.idle(timeoutMs),
      advanceClock: (seconds: number) => clock.advance(seconds),
    };
  }
}
