import type { FaultDecision, Faults } from '../faults.js';
import { ApiError } from '../http/errors.js';

const NONE: FaultDecision = { latencyMs: 0, unavailable: false, drop: false };

/**
 * The fault-injection stage (off unless configured, /v1 only): it may delay the request, answer it with a 503
 * straight away (`refusal`), or let it run and drop the connection instead of answering (`decision.drop`).
 */
export async function injectFault(
  faults: Faults,
  pathname: string,
): Promise<{ decision: FaultDecision; refusal?: ApiError }> {
  const isV1 = pathname.startsWith('/v1/') || pathname === '/v1';
  const decision = isV1 ? faults.decide() : NONE;
  if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
  if (!decision.unavailable) return { decision };
  return {
    decision,
    refusal: new ApiError(503, 'service_unavailable', 'Injected fault: the service is temporarily unavailable.'),
  };
}
