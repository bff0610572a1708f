import type { Check } from './check.js';
import { healthCheck } from './system.js';
import { infoIdentifiesClientCheck, rejectsBadAssertionCheck, requiresBearerCheck, tokenExchangeCheck } from './auth.js';
import { contractRegistryCheck } from './contracts.js';
import { cancelCheck, createAndReadCheck, notFoundCheck, rejectedIsTerminalCheck } from './spv-requests.js';
import { conflictCheck, missingKeyCheck, replayCheck } from './idempotency.js';
import { paginationBoundsCheck, paginationCheck } from './pagination.js';
import { investorsBulkCheck, investorsIdempotencyCheck } from './investors.js';
import { subscriptionsCheck } from './subscriptions.js';
import { uploadsCheck } from './uploads.js';
import { everyOperationCheck } from './conformance.js';
import { errorEnvelopeCheck } from './errors.js';
import { webhookDeliveriesCheck } from './webhooks.js';

/**
 * The suite, in running order. Checks that judge the run as a whole come last: the example sweep fills coverage
 * gaps, the envelope check reads every error answer, and the webhook check waits for every event the run caused.
 */
export const CHECKS: readonly Check[] = [
  healthCheck,
  tokenExchangeCheck,
  infoIdentifiesClientCheck,
  requiresBearerCheck,
  rejectsBadAssertionCheck,
  contractRegistryCheck,
  createAndReadCheck,
  replayCheck,
  conflictCheck,
  missingKeyCheck,
  paginationCheck,
  paginationBoundsCheck,
  cancelCheck,
  rejectedIsTerminalCheck,
  notFoundCheck,
  investorsBulkCheck,
  investorsIdempotencyCheck,
  subscriptionsCheck,
  uploadsCheck,
  everyOperationCheck,
  errorEnvelopeCheck,
  webhookDeliveriesCheck,
];

export type { Check, CheckContext, ApplyContext } from './check.js';
