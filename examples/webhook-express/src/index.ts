export { createWebhookApp, type WebhookApp, type WebhookAppOptions } from './app.js';
export { applyEvent, createProjection, type Projection, type SubscriptionStage } from './projection.js';
