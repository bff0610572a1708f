// What a webhook endpoint does with one delivery, independent of the HTTP framework: verify, dedup on eventId,
// acknowledge, process. The Web `Request` handler and the Node/Express handlers are thin adapters over this.
//
// Zest counts any status >= 300, or no answer within 10 s, as a failed delivery and retries it
// (docs/design-decisions.md#webhook-retries), so the answer must be quick: 2xx as soon as the event is verified and
// claimed, 4xx when the signature is wrong (a retry of the same bytes cannot succeed, but Zest retries anyway, which
// also covers a secret fixed later).

import type { WebhookEvent } from '@zestequity/partner-api-types';
import { WebhookVerificationError } from '../errors.js';
import { requireOptions } from '../options.js';
import { createMemoryDedupStore, DEFAULT_DEDUP_TTL_SECONDS, type DedupStore } from './dedup.js';
import { secretList, toleranceWindow, verifyWebhook } from './verify.js';

export type WebhookHandlerErrorStage = 'verification' | 'dedup' | 'processing';

export interface WebhookHandlerOptions {
  /** The whole whsec_… secret; several during a rotation. */
  secret: string | readonly string[];
  /** Called once per new, verified event. */
  onEvent: (event: WebhookEvent) => void | Promise<void>;
  /**
   * `'immediately'` (default): answer 200 once the event is verified and claimed, then run `onEvent` (Zest's
   * advice: slow handlers hit the 10 s timeout). On serverless runtimes pass `waitUntil` so the work survives the
   * response. Zest has its 200 by the time `onEvent` fails, so it does not send the event again.
   * `'after-processing'`: answer only when `onEvent` settles, 500 if it throws (Zest will retry); a repeat that
   * arrives while this process still runs the first is answered 409 `in_progress`, so Zest tries it again later.
   */
  respond?: 'immediately' | 'after-processing';
  /** Keeps background processing alive after the response (Workers' `ctx.waitUntil`, Next.js `after`). */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Where seen event ids live; default an in-memory store (24 h). `false` turns deduplication off. */
  dedup?: DedupStore | false;
  /** How long an eventId is remembered; default 86400 s. */
  dedupTtlSeconds?: number;
  /** Signature window, seconds; default 300. */
  toleranceSeconds?: number;
  /** Larger bodies get 413 without being read; default 1 MiB. */
  maxBodyBytes?: number;
  /** Told about every rejected delivery and failed processing; default logs to the console. */
  onError?: (error: unknown, info: { stage: WebhookHandlerErrorStage; event?: WebhookEvent }) => void;
  /** Clock in epoch milliseconds, for the signature window; default `Date.now`. */
  now?: () => number;
}

export interface DeliveryInput {
  method: string | undefined;
  signatureHeader: string | null | undefined;
  body: unknown;
}

export interface DeliveryResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function json(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): DeliveryResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function bodyTooLarge(maxBodyBytes: number): DeliveryResponse {
  return json(413, { error: 'payload_too_large', maxBodyBytes }, { connection: 'close' });
}

export function bodyUnreadable(): DeliveryResponse {
  return json(400, { error: 'body_unreadable' }, { connection: 'close' });
}

function defaultOnError(error: unknown, info: { stage: WebhookHandlerErrorStage; event?: WebhookEvent }): void {
  const id = info.event ? ` ${info.event.eventType} ${info.event.eventId}` : '';
  console.error(`[zest-webhook] ${info.stage} failed${id}:`, error instanceof Error ? error.message : error);
}

export interface DeliveryProcessor {
  readonly maxBodyBytes: number;
  process(input: DeliveryInput, waitUntil?: (promise: Promise<unknown>) => void): Promise<DeliveryResponse>;
}

/**
 * The options that would otherwise fail every delivery (an unset secret), or silently switch a protection off (a
 * NaN body limit reads any body; a zero or NaN TTL forgets each id at once), refused when the handler is made.
 */
function checkOptions(options: WebhookHandlerOptions): { ttl: number; maxBodyBytes: number } {
  if (typeof requireOptions(options, 'createWebhookHandler').onEvent !== 'function')
    throw new TypeError('`onEvent` must be a function.');
  // Each of these is called on every delivery: a wrong one answered every delivery 500 instead of failing here.
  if (options.now !== undefined && typeof options.now !== 'function')
    throw new TypeError('`now` must be a function returning epoch milliseconds.');
  const { dedup } = options;
  if (dedup !== undefined && dedup !== false && typeof (dedup as Partial<DedupStore> | null)?.claim !== 'function')
    throw new TypeError('`dedup` must be a DedupStore (an object with a `claim` function) or `false`.');
  secretList(options.secret);
  toleranceWindow(options.toleranceSeconds);
  const ttl = options.dedupTtlSeconds ?? DEFAULT_DEDUP_TTL_SECONDS;
  if (!(Number.isFinite(ttl) && ttl > 0)) throw new TypeError('`dedupTtlSeconds` must be a positive number.');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0))
    throw new TypeError('`maxBodyBytes` must be a positive whole number of bytes.');
  return { ttl, maxBodyBytes };
}

type Report = (error: unknown, stage: WebhookHandlerErrorStage, event?: WebhookEvent) => void;

/** The verified event, or the answer to a delivery that is not one (400 with the reason; 500 for anything else). */
async function verifyDelivery(
  input: DeliveryInput,
  options: WebhookHandlerOptions,
  report: Report,
): Promise<WebhookEvent | DeliveryResponse> {
  try {
    return await verifyWebhook({
      payload: input.body as Uint8Array,
      signatureHeader: input.signatureHeader,
      secret: options.secret,
      ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options.now ? { now: options.now() } : {}),
    });
  } catch (error) {
    report(error, 'verification');
    if (error instanceof WebhookVerificationError) return json(400, { error: error.reason });
    return json(500, { error: 'internal_error' });
  }
}

export function createDeliveryProcessor(options: WebhookHandlerOptions): DeliveryProcessor {
  const { ttl, maxBodyBytes } = checkOptions(options);
  const store = options.dedup === false ? undefined : (options.dedup ?? createMemoryDedupStore());
  const respondAfter = options.respond === 'after-processing';
  const onError = options.onError ?? defaultOnError;
  /**
   * Events this processor is running now. With `respond: 'after-processing'` a repeat that arrives meanwhile (Zest
   * retries after 10 s without an answer) must not be acknowledged as a duplicate: if the first run then fails, its
   * id is released, but Zest, holding a 2xx, would never send it again.
   */
  const running = new Set<string>();
  const report: Report = (error, stage, event) => {
    try {
      onError(error, event ? { stage, event } : { stage });
    } catch {
      // A throwing logger must not turn an answered delivery into a crash.
    }
  };

  async function run(event: WebhookEvent): Promise<void> {
    running.add(event.eventId);
    try {
      await options.onEvent(event);
    } catch (error) {
      report(error, 'processing', event);
      // Forget the id so that a redelivery is processed instead of being skipped as a duplicate.
      try {
        await store?.release?.(event.eventId);
      } catch (releaseError) {
        report(releaseError, 'dedup', event);
      }
      throw error;
    } finally {
      running.delete(event.eventId);
    }
  }

  return {
    maxBodyBytes,
    async process(input, waitUntil) {
      if (input.method !== undefined && input.method.toUpperCase() !== 'POST') {
        return json(405, { error: 'method_not_allowed' }, { allow: 'POST' });
      }
      const verified = await verifyDelivery(input, options, report);
      if (!('eventId' in verified)) return verified;
      const event = verified;
      if (store) {
        let fresh: boolean;
        try {
          fresh = await store.claim(event.eventId, ttl);
        } catch (error) {
          // Unknown whether it is a repeat: answer 500 so Zest retries rather than risk losing the event.
          report(error, 'dedup', event);
          return json(500, { error: 'dedup_unavailable' });
        }
        if (!fresh) {
          if (respondAfter && running.has(event.eventId))
            return json(409, { error: 'in_progress' }, { 'retry-after': '30' });
          return json(200, { received: true, duplicate: true });
        }
      }
      if (respondAfter) {
        try {
          await run(event);
        } catch {
          return json(500, { error: 'processing_failed' });
        }
        return json(200, { received: true });
      }
      const background = run(event).catch(() => {
        // Already reported through onError; the delivery has been acknowledged.
      });
      (waitUntil ?? options.waitUntil)?.(background);
      return json(200, { received: true });
    },
  };
}
