import type { Breakages } from '../breakages.js';
import type { Deps } from '../domain/deps.js';
import type { Handler } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import { Router } from '../http/router.js';
import type { OperationSpec } from '../spec/openapi.js';
import type { CompiledSpec, OperationValidators } from '../spec/validators.js';

/** One operation of the spec, ready to serve: its spec, its compiled validators and its (possibly broken) handler. */
export interface Route {
  operation: OperationSpec;
  validators: OperationValidators;
  handler: Handler;
}

/** A route for every operation of the spec; starting fails when the sandbox has no handler for one. */
export function buildRouter(
  operations: readonly OperationSpec[],
  compiled: CompiledSpec,
  handlers: Record<string, Handler>,
  breakages: Breakages,
  deps: Deps,
): Router<Route> {
  const missing = operations
    .filter((op) => !handlers[op.operationId])
    .map((op) => `${op.method} ${op.path} (${op.operationId})`);
  if (missing.length > 0) throw new Error(`the sandbox has no handler for: ${missing.join(', ')}`);
  const router = new Router<Route>();
  for (const operation of operations) {
    router.add(operation.method, operation.path, {
      operation,
      validators: compiled.operations.get(operation.operationId)!,
      handler: breakages.handler(operation.operationId, handlers[operation.operationId]!, deps),
    });
  }
  return router;
}

export type Routed =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'refused'; error: ApiError; headers?: Record<string, string> };

/** The "route" stage: method and path to an operation, or a 405 (with `Allow`) or 404 in the partner envelope. */
export function route(router: Router<Route>, method: string | undefined, pathname: string): Routed {
  const match = router.match(method ?? 'GET', pathname);
  if (match.kind === 'found') return { kind: 'found', route: match.value, params: match.params };
  if (match.kind === 'method-not-allowed') {
    const allow = match.allow.join(', ');
    const detail = `${method} is not allowed on ${pathname}; use ${allow}.`;
    return { kind: 'refused', error: new ApiError(405, 'invalid_request', detail), headers: { Allow: allow } };
  }
  return { kind: 'refused', error: new ApiError(404, 'not_found', `No operation at ${method} ${pathname}.`) };
}
