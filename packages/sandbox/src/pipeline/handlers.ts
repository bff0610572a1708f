import type { Breakages } from '../breakages.js';
import { contractHandlers } from '../domain/contracts.js';
import type { Deps } from '../domain/deps.js';
import { investorHandlers } from '../domain/investors.js';
import { oauthHandlers } from '../domain/oauth.js';
import { spvRequestHandlers } from '../domain/spv-requests.js';
import { subscriptionHandlers } from '../domain/subscriptions.js';
import type { Handler } from '../http/context.js';

export interface HandlerOptions {
  tokenLifetimeSeconds: number;
  rejectReplayedAssertions: boolean;
  /** The accepted assertion audiences (known once the server listens). */
  audiences: () => string[];
}

/** The domain handlers, one per operationId of the spec. */
export function operationHandlers(deps: Deps, breakages: Breakages, options: HandlerOptions): Record<string, Handler> {
  return {
    getHealth: () => ({ status: 200, body: { status: 'ok' } }),
    ...oauthHandlers(deps, options.audiences, {
      lifetimeSeconds: options.tokenLifetimeSeconds,
      rejectReplays: options.rejectReplayedAssertions,
      leniency: breakages.assertionLeniency(),
    }),
    ...contractHandlers(deps),
    ...spvRequestHandlers(deps),
    ...investorHandlers(deps),
    ...subscriptionHandlers(deps),
  };
}
