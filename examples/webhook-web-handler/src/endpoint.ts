// A Zest webhook endpoint as a Web-standard `(Request) => Promise<Response>` function: the shape of Cloudflare
// Workers, Deno.serve, Bun.serve, Next.js route handlers and Hono. Only Web APIs are used (the auth package's main
// entry imports no Node module), so the same function runs on any of them.
import {
  createMemoryDedupStore,
  createWebhookHandler,
  type DedupStore,
  type WebhookEvent,
} from '@zestequity/partner-auth';

export interface EndpointOptions {
  /** The whsec_… secret (several during a rotation). */
  secret: string | string[];
  /** Receives each verified, new event once. Throwing makes the endpoint answer 500, so Zest retries. */
  onEvent: (event: WebhookEvent) => void | Promise<void>;
  /** Where seen eventIds live; default in memory (one isolate). Use a shared store (KV, Redis) in production. */
  dedup?: DedupStore;
  /** Path served; default /webhooks/zest. */
  path?: string;
}

export type Endpoint = (
  request: Request,
  context?: { waitUntil?: (promise: Promise<unknown>) => void },
) => Promise<Response>;

export function createZestWebhookEndpoint(options: EndpointOptions): Endpoint {
  const path = options.path ?? '/webhooks/zest';
  const handle = createWebhookHandler({
    secret: options.secret,
    dedup: options.dedup ?? createMemoryDedupStore(),
    // Answer after processing: on runtimes that freeze after the response this is the simple, safe choice. With a
    // `waitUntil` (Workers' ctx, Next.js `after`) 'immediately' answers faster and keeps processing alive.
    respond: 'after-processing',
    onEvent: options.onEvent,
  });
  return async (request, context) => {
    if (new URL(request.url).pathname !== path) {
      return new Response(JSON.stringify({ error: 'not_found' }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    }
    return handle(request, context);
  };
}
