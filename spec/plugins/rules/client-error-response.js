// zest/client-error-response — every API operation documents at least one 4xx response, unless a client cannot call
// it wrongly: no parameters, no request body and no required credentials (security empty, or listing `{}`).
//
// Why: this replaces Redocly's operation-4xx-response, which demands a 4xx everywhere. The live service declares no
// client error for GET /public/hc or GET /v1/contracts (no input, token optional), and inventing one would state
// behaviour nobody documented (docs/design-decisions.md#v1-only-grows: state documented behaviour, never guess). Every
// operation that takes input or needs a token must still say how it answers bad input — that is the part of the
// built-in rule worth keeping, and it is kept as strictly as before.
import { createReporter, follow, isObject } from '../lib/openapi.js';

function has4xx(responses) {
  return isObject(responses) && Object.keys(responses).some((code) => /^4(\d\d|XX)$/i.test(code));
}

function requiresCredentials(security) {
  if (!Array.isArray(security) || security.length === 0) return false;
  return !security.some((requirement) => isObject(requirement) && Object.keys(requirement).length === 0);
}

export default function ClientErrorResponse() {
  const report = createReporter();
  let rootSecurity;
  let pathItem;
  return {
    Root: {
      enter(root) {
        rootSecurity = root.security;
      },
    },
    Paths: {
      PathItem: {
        enter(item) {
          pathItem = item;
        },
        Operation: {
          enter(operation, ctx) {
            if (has4xx(operation.responses)) return;
            const parameters = [...(pathItem?.parameters ?? []), ...(operation.parameters ?? [])];
            const requestBody =
              operation.requestBody === undefined
                ? undefined
                : follow(ctx, operation.requestBody, ctx.location.child('requestBody')).node;
            const security = operation.security ?? rootSecurity;
            const takesInput = parameters.length > 0 || requestBody !== undefined || requiresCredentials(security);
            if (!takesInput) return;
            report(
              ctx,
              'Operation takes input or credentials but documents no 4xx response: say how it answers a bad request.',
              ctx.location.child('responses').key(),
            );
          },
        },
      },
    },
  };
}
