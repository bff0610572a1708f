import type { FaultDecision, Faults } from '../faults.js';
import { ApiError } from '../http/errors.js';

const NONE: FaultDecision = { latencyMs: 0, unavailable: false, drop: false };

/** What `injectFault` answers when no fault applies. */
export const NO_FAULT: ReturnType<typeof injectFault> = { decision: NONE };

/**
 * The fault-injection stage (off unless configured, /v1 only): it may delay the request (`delay`, awaited by the
 * caller only when there is one, so the common path costs no extra tick), answer it with a 503 straight away
 * (`refusal`), or let it run and drop the connection instead of answering (`decision.drop`).
 */
export function injectFault(
  faults: Faults,
  pathname: string,
): { decision: FaultDecision; delay?: Promise<unknown>; refusal?: ApiError } {
  const isV1 = pathname.startsWith('/v1/') || pathname === '/v1';
  const decision = isV1 ? faults.decide() : NONE;
  const delay = decision.latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, decision.latencyMs)) : undefined;
  if (!decision.unavailable) return { decision, delay };
  return {
    decision,
    delay,
    refusal: new ApiError(503, 'service_unavailable', 'Injected fault: the service is temporarily unavailable.'),
  };
}
