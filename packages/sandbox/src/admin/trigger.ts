import { randomBytes } from 'node:crypto';
import type { WebhookEventType } from '@zestequity/partner-api-types';
import type { Deps } from '../domain/deps.js';
import { type TokenRecord, tokenKey } from '../domain/oauth.js';
import type { SpvRequestRecord } from '../domain/records.js';
import { approveSpvRequest, rejectSpvRequest } from '../domain/spv-requests.js';
import { completeSubscription } from '../domain/subscriptions.js';
import { ApiError, badRequest, echo } from '../http/errors.js';
import type { OpenApiDocument } from '../spec/openapi.js';
import { durable, inTransaction } from '../store/store.js';
import type { DeliveryRecord } from '../webhooks/outbox.js';

/**
 * `POST /sandbox/triggers`: makes the sandbox emit one webhook event of a given type to a partner's webhook URL,
 * like Stripe CLI's `trigger`. The event is not invented: the trigger walks the partner API itself (over HTTP, on
 * the sandbox's own loopback address, with a short-lived token it mints for the partner) and the admin operations,
 * creating every record the event needs. So the payload is exactly what the real flow sends, a later GET returns
 * the same state, and the request bodies come from the spec's own request examples (nothing restated here).
 * Prerequisite steps send their own events too (an upload's event is preceded by the subscription's), as they
 * would in the real flow.
 */

/** The event types a trigger can emit: the spec's `webhooks`, in the spec's order. */
export function webhookEventTypes(spec: OpenApiDocument): string[] {
  return Object.keys((spec as { webhooks?: Record<string, unknown> }).webhooks ?? {});
}

export interface TriggerOptions {
  deps: Deps;
  spec: OpenApiDocument;
  /** The sandbox's own loopback base URL (the trigger calls the partner API there). */
  selfUrl: () => string;
  /** Holds the trigger's token while it runs, so the pipeline can tell its steps from a partner's calls. */
  stepTokens: Set<string>;
}

export interface TriggerResult {
  eventType: string;
  clientId: string;
  webhookUrl: string;
  /** The delivery of the requested event (its eventId is the one the partner will see). */
  delivery: { deliveryId: string; eventId: string; status: string };
  /** Every record the trigger created or changed, by kind, so a test (or a person) can GET them. */
  created: Record<string, string>;
}

type Json = Record<string, unknown>;

/** The value of a request example of an operation in the bundled spec (examples are `$ref`s to components). */
function requestExample(spec: OpenApiDocument, operationId: string): Json {
  const doc = spec as unknown as {
    paths: Record<string, Record<string, Json>>;
    components: { examples: Record<string, { value: Json }> };
  };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (op?.operationId !== operationId) continue;
      const content = (op.requestBody as { content: Record<string, { examples?: Record<string, Json> }> }).content;
      const first = Object.values(Object.values(content)[0]?.examples ?? {})[0];
      if (!first) break;
      const ref = first.$ref as string | undefined;
      const value = ref ? doc.components.examples[ref.split('/').pop()!]?.value : (first.value as Json | undefined);
      if (value) return structuredClone(value);
    }
  }
  throw new Error(`the spec has no request example for ${operationId}`);
}

/** Which step of the onboarding flow first produces each event, in flow order. */
const STEPS: Record<WebhookEventType, number> = {
  'spv_request.created': 1,
  'spv_request.cancelled': 2,
  'spv_request.rejected': 2,
  'spv_request.completed': 2,
  'investor.created': 3,
  'subscription.created': 4,
  'signed_subscription_form.uploaded': 5,
  'funding_receipt.uploaded': 6,
  'subscription.completed': 7,
};

export async function trigger(options: TriggerOptions, input: Json): Promise<TriggerResult> {
  const { deps, spec } = options;
  const known = webhookEventTypes(spec);
  const eventType = input.eventType;
  if (typeof eventType !== 'string' || !known.includes(eventType)) {
    const what = eventType === undefined ? 'eventType is required' : `Unknown eventType ${echo(eventType)}`;
    throw badRequest(`${what}; valid event types: ${known.join(', ')}.`);
  }
  const step = STEPS[eventType as WebhookEventType];
  if (step === undefined) throw new ApiError(500, 'internal_error', `The sandbox cannot trigger ${eventType} yet.`);
  const clientId = pickClient(deps, input.clientId);
  const partner = deps.partners.get(clientId)!;
  if (!partner.webhookUrl) {
    throw new ApiError(
      409,
      'conflict',
      `Partner ${clientId} has no webhookUrl; start the sandbox with --webhook-url (or set webhookUrl in --config).`,
    );
  }

  // A token for this partner only, valid one minute and forgotten afterwards: the trigger acts as the partner.
  const token = `zsbx_trigger_${randomBytes(24).toString('base64url')}`;
  const now = deps.clock.now();
  const record: TokenRecord = { key: tokenKey(token), clientId, issuedAt: now, expiresAt: now + 60_000 };
  deps.store.set('tokens', record.key, record);
  const api = partnerApi(options.selfUrl(), token);
  const created: Record<string, string> = {};
  options.stepTokens.add(token);
  try {
    await walk({ deps, spec, api, eventType, step, suffix: randomBytes(4).toString('hex') }, created);
  } catch (error) {
    throw walkFailed(error, created);
  } finally {
    options.stepTokens.delete(token);
    deps.store.delete('tokens', record.key);
  }

  const delivery = latestDelivery(deps, clientId, eventType, created);
  return {
    eventType,
    clientId,
    webhookUrl: partner.webhookUrl,
    delivery: { deliveryId: delivery.deliveryId, eventId: delivery.eventId, status: delivery.status },
    created,
  };
}

interface Walk {
  deps: Deps;
  spec: TriggerOptions['spec'];
  api: ReturnType<typeof partnerApi>;
  eventType: string;
  step: number;
  /** Makes the partner ids of what the walk creates unique. */
  suffix: string;
}

/** Walks the partner API (and the admin operations) as far as `step`, recording what it creates in `created`. */
async function walk(
  { deps, spec, api, eventType, step, suffix }: Walk,
  created: Record<string, string>,
): Promise<void> {
  const spvRequest = (await api(
    'POST',
    '/v1/spv-requests',
    requestExample(spec, 'createSpvRequest'),
  )) as SpvRequestRecord;
  created.spvRequestSlug = spvRequest.spvRequestSlug;
  if (eventType === 'spv_request.cancelled') {
    await api('DELETE', `/v1/spv-requests/${spvRequest.spvRequestSlug}`);
  } else if (eventType === 'spv_request.rejected') {
    await adminStep(deps, () => rejectSpvRequest(deps, spvRequest.spvRequestSlug, 'Rejected by zest-sandbox trigger.'));
  } else if (step >= 2) {
    const approved = await adminStep(deps, () => approveSpvRequest(deps, spvRequest.spvRequestSlug));
    created.spvSlug = approved.materialisedRefs!.vehicleSlug;
  }
  if (eventType === 'investor.created' || step >= 4) {
    const investors = requestExample(spec, 'bulkCreateInvestors') as { investors: Json[] };
    const row = { ...investors.investors[0]!, partnerInvestorId: `trigger-${suffix}` };
    const answer = (await api('POST', '/v1/investors', { investors: [row] })) as {
      results: { zestPersonId?: string }[];
    };
    created.zestPersonId = answer.results[0]!.zestPersonId!;
  }
  if (step >= 4) {
    const body = requestExample(spec, 'createSubscriptions') as { subscriptions: Json[] };
    const request = deps.store.get<SpvRequestRecord>('spvRequests', created.spvRequestSlug)!;
    const currency = request.attributes.currency;
    const row = {
      ...body.subscriptions[0]!,
      partnerSubscriptionId: `trigger-${suffix}`,
      zestPersonId: created.zestPersonId,
      shareClassSlug: request.feesAndCarry?.shareClasses?.[0]?.slug,
      lumpSum: { ...(body.subscriptions[0]!.lumpSum as Json), ...(typeof currency === 'string' ? { currency } : {}) },
    };
    const answer = (await api('POST', `/v1/spvs/${created.spvSlug}/subscriptions`, { subscriptions: [row] })) as {
      results: { subscriptionSlug: string }[];
    };
    created.subscriptionSlug = answer.results[0]!.subscriptionSlug;
  }
  const subscriptionPath = `/v1/spvs/${created.spvSlug}/subscription/${created.zestPersonId}`;
  if (step >= 5)
    await api(
      'POST',
      `${subscriptionPath}/forms`,
      form(requestExample(spec, 'uploadSubscriptionForm'), 'signed-form.pdf'),
    );
  if (step >= 6)
    await api(
      'POST',
      `${subscriptionPath}/fundings`,
      form(requestExample(spec, 'uploadFundingReceipt'), 'wire-receipt.pdf'),
    );
  if (step >= 7) await adminStep(deps, () => completeSubscription(deps, created.subscriptionSlug!));
}

/**
 * One admin step of the walk, committed on its own (and durable) before the next partner call, like the calls
 * around it: a later step that fails leaves this one in place, as it leaves the partner calls before it.
 */
async function adminStep<T>(deps: Deps, fn: () => T): Promise<T> {
  const result = await inTransaction(deps.store, fn);
  await durable(deps.store);
  return result;
}

/** A walk that stopped half-way: what failed, and what it had already made (that stays, like any committed call). */
function walkFailed(error: unknown, created: Record<string, string>): ApiError {
  const made = Object.entries(created).map(([kind, id]) => `${kind} ${id}`);
  const cause = error instanceof ApiError ? error.message : `the sandbox could not call itself (${String(error)})`;
  return new ApiError(
    500,
    'internal_error',
    `The trigger stopped: ${cause}. ${made.length > 0 ? `Already made, and kept: ${made.join(', ')}.` : 'Nothing was made.'}`,
  );
}

function pickClient(deps: Deps, requested: unknown): string {
  const clientIds = [...deps.partners.keys()];
  if (requested !== undefined) {
    if (typeof requested !== 'string' || !deps.partners.has(requested)) {
      throw badRequest(
        `Unknown clientId ${echo(requested)}; configured partners: ${clientIds.join(', ') || '(none)'}.`,
      );
    }
    return requested;
  }
  if (clientIds.length !== 1)
    throw badRequest(`Name the partner: "clientId" is one of ${clientIds.join(', ') || '(none configured)'}.`);
  return clientIds[0]!;
}

/** A multipart body from an upload example: its text parts as they are, its `file` placeholder as the file's bytes. */
function form(example: Json, filename: string): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(example)) {
    if (name === 'file') body.append('file', new Blob([String(value)], { type: 'application/pdf' }), filename);
    else body.append(name, String(value));
  }
  return body;
}

function partnerApi(base: string, token: string) {
  return async (method: string, path: string, body?: Json | FormData): Promise<unknown> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Idempotency-Key'] = `trigger-${randomBytes(12).toString('hex')}`;
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${base}${path}`, { method, headers, body: payload });
    const text = await res.text();
    if (!res.ok)
      throw new ApiError(500, 'internal_error', `trigger step ${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** The outbox row of the requested event that this trigger produced (the newest one about its records). */
function latestDelivery(
  deps: Deps,
  clientId: string,
  eventType: string,
  created: Record<string, string>,
): DeliveryRecord {
  const about = new Set(Object.values(created));
  const rows = deps.outbox.list({ clientId, eventType }).filter((row) => {
    const data = (JSON.parse(row.payload) as { data: Record<string, unknown> }).data;
    return Object.values(data).some((value) => typeof value === 'string' && about.has(value));
  });
  const row = rows[rows.length - 1];
  if (!row) throw new ApiError(500, 'internal_error', `The trigger ran but no ${eventType} event was recorded.`);
  return row;
}
