// ZEST_WEBHOOK_SECRET=whsec_… PORT=3000 node dist/main.js — then point the sandbox at it:
// pnpm --filter @zestequity/partner-sandbox start -- --webhook-url http://localhost:3000/webhooks/zest
import { createWebhookApp } from './app.js';

const secret = process.env.ZEST_WEBHOOK_SECRET;
if (!secret) {
  console.error('ZEST_WEBHOOK_SECRET is not set (the sandbox writes it to .sandbox/env)');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 3000);
const { app } = createWebhookApp({
  secret,
  onEvent: (event) => console.log(`${event.occurredAt} ${event.eventType} ${event.eventId}`),
});
app.listen(port, () => console.log(`Zest webhooks on http://localhost:${port}/webhooks/zest`));
