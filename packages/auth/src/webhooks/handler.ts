// Webhook endpoint for runtimes built on the Web `Request`/`Response` types: Hono, Next.js route handlers, Bun,
// Deno, Cloudflare Workers and other workers.

import {
  bodyTooLarge,
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

class BodyTooLarge extends Error {}

/** Reads the body as bytes, stopping as soon as it exceeds the limit instead of buffering whatever is sent. */
async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

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
    let body: Uint8Array;
    try {
      body = await readBody(request, processor.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) return toResponse(bodyTooLarge(processor.maxBodyBytes));
      throw error;
    }
    const waitUntil = typeof context?.waitUntil === 'function' ? context.waitUntil.bind(context) : undefined;
    const result = await processor.process(
      { method: request.method, signatureHeader: request.headers.get(SIGNATURE_HEADER), body },
      waitUntil,
    );
    return toResponse(result);
  };
}
