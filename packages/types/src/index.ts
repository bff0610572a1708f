/**
 * Types for the Zest Partner API v1, generated from the canonical OpenAPI document.
 *
 * Everything in `./generated/openapi.ts` comes from openapi-typescript. This file only gives friendly names to
 * generated types; it never restates a schema.
 */
import type { components, webhooks } from './generated/openapi.js';

export type * from './generated/openapi.js';

/** An SPV request as the API returns it. */
export type SpvRequest = components['schemas']['SpvRequestResponse'];

/** The body of every non-2xx response except the framework's 422: `{ code, detail, errorId, validationErrors? }`. */
export type PartnerError = components['schemas']['PartnerErrorResponse'];

/** One of the nine webhook event types (`spv_request.created`, ...). */
export type WebhookEventType = keyof webhooks;

/** The event Zest POSTs for one event type. */
export type WebhookEventOf<T extends WebhookEventType> = NonNullable<
  webhooks[T]['post']['requestBody']
>['content']['application/json'];

/** Any webhook event, discriminated by `eventType`. */
export type WebhookEvent = { [T in WebhookEventType]: WebhookEventOf<T> }[WebhookEventType];
