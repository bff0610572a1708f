// The endpoint as a Cloudflare Worker module (also the shape `Deno.serve` and `Bun.serve` take as `fetch`).
// Deploy with ZEST_WEBHOOK_SECRET bound as a secret; replace the log with your queue or database.
import { createZestWebhookEndpoint, type Endpoint } from './endpoint.js';

let endpoint: Endpoint | undefined;

export default {
  fetch(
    request: Request,
    env: { ZEST_WEBHOOK_SECRET: string },
    ctx?: { waitUntil(promise: Promise<unknown>): void },
  ): Promise<Response> {
    endpoint ??= createZestWebhookEndpoint({
      secret: env.ZEST_WEBHOOK_SECRET,
      onEvent: (event) => console.log(`${event.occurredAt} ${event.eventType} ${event.eventId}`),
    });
    return endpoint(request, ctx);
  },
};
