import type { WebhookEvent } from '@zestequity/partner-auth';

/** Where each subscription is in its lifecycle; events only ever move it forward. */
const SUBSCRIPTION_STAGES = ['pending', 'form_uploaded', 'funded', 'completed'] as const;
export type SubscriptionStage = (typeof SUBSCRIPTION_STAGES)[number];

export interface Projection {
  spvRequests: Map<string, { status: string; vehicleSlug?: string; occurredAt: string }>;
  /** partnerInvestorId -> zestPersonId */
  investors: Map<string, string>;
  subscriptions: Map<string, { stage: SubscriptionStage; occurredAt: string }>;
  /** Events applied (after dedup), and those that arrived after a newer event for the same resource. */
  applied: number;
  stale: number;
}

export function createProjection(): Projection {
  return { spvRequests: new Map(), investors: new Map(), subscriptions: new Map(), applied: 0, stale: 0 };
}

/**
 * Applies one verified, deduplicated event. Zest does not promise delivery order, so an event older than what is
 * already recorded for its resource (by `occurredAt`) is counted and otherwise ignored: a late `subscription.created`
 * never moves a completed subscription back to pending.
 */
export function applyEvent(state: Projection, event: WebhookEvent): void {
  state.applied += 1;
  switch (event.eventType) {
    case 'spv_request.created':
    case 'spv_request.completed':
    case 'spv_request.rejected':
    case 'spv_request.cancelled': {
      const slug = event.data.spvRequestSlug;
      const known = state.spvRequests.get(slug);
      if (known && known.occurredAt > event.occurredAt) {
        state.stale += 1;
        return;
      }
      const vehicleSlug =
        event.eventType === 'spv_request.completed' ? event.data.materialisedRefs.vehicleSlug : known?.vehicleSlug;
      state.spvRequests.set(slug, {
        status: event.data.status,
        occurredAt: event.occurredAt,
        ...(vehicleSlug ? { vehicleSlug } : {}),
      });
      return;
    }
    case 'investor.created':
      state.investors.set(event.data.partnerInvestorId, event.data.zestPersonId);
      return;
    case 'subscription.created':
    case 'signed_subscription_form.uploaded':
    case 'funding_receipt.uploaded':
    case 'subscription.completed': {
      const stage: SubscriptionStage = {
        'subscription.created': 'pending' as const,
        'signed_subscription_form.uploaded': 'form_uploaded' as const,
        'funding_receipt.uploaded': 'funded' as const,
        'subscription.completed': 'completed' as const,
      }[event.eventType];
      const slug = event.data.subscriptionSlug;
      const known = state.subscriptions.get(slug);
      if (
        known &&
        (known.occurredAt > event.occurredAt ||
          SUBSCRIPTION_STAGES.indexOf(known.stage) > SUBSCRIPTION_STAGES.indexOf(stage))
      ) {
        state.stale += 1;
        return;
      }
      state.subscriptions.set(slug, { stage, occurredAt: event.occurredAt });
      return;
    }
  }
}
