// ZEST_WEBHOOK_SECRET=whsec_… PORT=3001 node dist/main.js — the Web handler served by node:http.
import { createZestWebhookEndpoint } from './endpoint.js';
import { serve } from './serve-node.js';

const secret = process.env.ZEST_WEBHOOK_SECRET;
if (!secret) {
  console.error('ZEST_WEBHOOK_SECRET is not set (the sandbox writes it to .sandbox/env)');
  process.exit(1);
}
const endpoint = createZestWebhookEndpoint({
  secret,
  onEvent: (event) => console.log(`${event.occurredAt} ${event.eventType} ${event.eventId}`),
});
const { url } = await serve(endpoint, Number(process.env.PORT ?? 3001), '0.0.0.0');
console.log(`Zest webhooks on ${url.replace('0.0.0.0', 'localhost')}/webhooks/zest`);
