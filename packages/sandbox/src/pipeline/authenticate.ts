import type { IncomingMessage } from 'node:http';
import type { Breakages } from '../breakages.js';
import type { Deps } from '../domain/deps.js';
import { authenticate } from '../domain/oauth.js';
import type { Partner } from '../partners.js';
import type { OperationSpec } from '../spec/openapi.js';

/**
 * The "authenticate" stage: the partner the bearer token belongs to. A bad or missing token is a 401 where the
 * operation requires one; where auth is optional (contracts) it simply means anonymous.
 */
export function authenticateRequest(
  operation: OperationSpec,
  req: IncomingMessage,
  deps: Deps,
  breakages: Breakages,
): Partner | undefined {
  if (operation.auth === 'none') return undefined;
  try {
    return authenticate(deps, req.headers.authorization);
  } catch (error) {
    const partner = breakages.unauthenticatedPartner(operation.operationId, deps.partners);
    if (operation.auth === 'required' && !partner) throw error;
    return partner;
  }
}
