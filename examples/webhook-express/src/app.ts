import {
  createExpressWebhookHandler,
  createMemoryDedupStore,
  type DedupStore,
  type WebhookEvent,
} from '@zestequity/partner-auth/node';
import express, { type Express } from 'express';
import { applyEvent, createProjection, type Projection } from './projection.js';

export interface WebhookAppOptions {
  /** The whsec_… secret Zest gave you (several during a rotation). */
  secret: string | string[];
  /** Where processed eventIds are remembered; default in memory. Use a shared store with several instances. */
  dedup?: DedupStore;
  /** Told about each new event after it is applied (logging, queues). */
  onEvent?: (event: WebhookEvent) => void;
}

export interface WebhookApp {
  app: Express;
  projection: Projection;
}

export function createWebhookApp(options: WebhookAppOptions): WebhookApp {
  const projection = createProjection();
  const app = express();
  // The webhook route comes before any JSON body parser: the signature covers the raw bytes, which express.json()
  // would consume (the handler would then refuse every delivery with `payload_not_raw`).
  app.post(
    '/webhooks/zest',
    createExpressWebhookHandler({
      secret: options.secret,
      dedup: options.dedup ?? createMemoryDedupStore(),
      // Answer only once the event is applied: if applying throws, Zest gets a 500 and delivers it again.
      respond: 'after-processing',
      onEvent: (event) => {
        applyEvent(projection, event);
        options.onEvent?.(event);
      },
    }),
  );
  app.use(express.json());
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, applied: projection.applied });
  });
  return { app, projection };
}
