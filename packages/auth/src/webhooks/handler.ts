// Webhook endpoint for runtimes built on the Web `Request`/`Response` types: Hono, Next.js route handlers, Bun,
// Deno, Cloudflare Workers and other workers.

import { readAtMost } from '../bytes.js';
import {
  bodyTooLarge,
  bodyUnreadable,
  createDeliveryProcessor,
  type DeliveryResponse,
  type WebhookHandlerOptions,
} from './delivery.js';
import { SIGNATURE_HEADER } from './signature-header.js';

/** Per-request context some runtimes pass as the second argument (Workers' `ctx`). */
export interface WebhookRequestContext {
  waitUntil?: (promise: Promise<unknown>) => void;
}

export type WebhookRequestHandler = (request: Request, context?: WebhookRequestContext) => Promise<Response>;

function toResponse(result: DeliveryResponse): Response {
  return new Response(result.body, { status: result.status, headers: result.headers });
}

/**
 * Creates `(request, context?) => Promise<Response>` that verifies the Zest-Signature over the raw body, drops
 * repeats by eventId, answers 200 quickly and calls `onEvent` with the typed event. Bad signatures get 400.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookRequestHandler {
  const processor = createDeliveryProcessor(options);
  return async (request, context) => {
    if (request.method.toUpperCase() !== 'POST') {
      return toResponse(
        await processor.process({ method: request.method, signatureHeader: undefined, body: undefined }),
      );
    }
    const declared = Number(request.headers.get('content-length'));
    if (declared > processor.maxBodyBytes) return toResponse(bodyTooLarge(processor.maxBodyBytes));
    let body: Uint8Array | undefined;
    try {
      body = await readAtMost(request.body, processor.maxBodyBytes);
    } catch {
      // The body stream failed (the sender went away): an answer, not a throw the runtime turns into its own 500.
      return toResponse(bodyUnreadable());
    }
    if (body === undefined) return toResponse(bodyTooLarge(processor.maxBodyBytes));
    const waitUntil = typeof context?.waitUntil === 'function' ? context.waitUntil.bind(context) : undefined;
    const result = await processor.process(
      { method: request.method, signatureHeader: request.headers.get(SIGNATURE_HEADER), body },
      waitUntil,
    );
    return toResponse(result);
  };
}
