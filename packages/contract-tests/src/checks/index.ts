import {
  infoIdentifiesClientCheck,
  rejectsBadAssertionCheck,
  rejectsUnknownTokenCheck,
  requiresBearerCheck,
  tokenExchangeCheck,
} from './auth.js';
import type { Check } from './check.js';
import { everyOperationCheck } from './conformance.js';
import { contractRegistryCheck } from './contracts.js';
import { errorEnvelopeCheck } from './errors.js';
import { filtersCheck } from './filters.js';
import { conflictCheck, missingKeyCheck, replayCheck } from './idempotency.js';
import { investorsBulkCheck, investorsIdempotencyCheck } from './investors.js';
import { paginationBoundsCheck, paginationCheck } from './pagination.js';
import { cancelCheck, createAndReadCheck, notFoundCheck, rejectedIsTerminalCheck } from './spv-requests.js';
import { subscriptionsCheck } from './subscriptions.js';
import { healthCheck } from './system.js';
import { tenancyIdempotencyCheck, tenancyIsolationCheck, tenancySubscriptionsCheck } from './tenancy.js';
import { uploadContentCheck, uploadsCheck } from './uploads.js';
import { validationErrorCheck } from './validation.js';
import { webhookCardinalityCheck, webhookDeliveriesCheck } from './webhooks.js';

/**
 * The suite, in running order. Checks that judge the run as a whole come last: the example sweep fills coverage
 * gaps, the envelope check reads every error answer, and the webhook check waits for every event the run caused.
 */
export const CHECKS: readonly Check[] = [
  healthCheck,
  tokenExchangeCheck,
  infoIdentifiesClientCheck,
  requiresBearerCheck,
  rejectsUnknownTokenCheck,
  rejectsBadAssertionCheck,
  contractRegistryCheck,
  createAndReadCheck,
  replayCheck,
  conflictCheck,
  missingKeyCheck,
  validationErrorCheck,
  paginationCheck,
  filtersCheck,
  paginationBoundsCheck,
  cancelCheck,
  rejectedIsTerminalCheck,
  notFoundCheck,
  investorsBulkCheck,
  investorsIdempotencyCheck,
  subscriptionsCheck,
  uploadsCheck,
  uploadContentCheck,
  tenancyIsolationCheck,
  tenancySubscriptionsCheck,
  tenancyIdempotencyCheck,
  everyOperationCheck,
  errorEnvelopeCheck,
  webhookDeliveriesCheck,
  webhookCardinalityCheck,
];

export type { ApplyContext, Check, CheckContext } from './check.js';
