// zest/idempotency-key — every POST under /v1 states its idempotency contract with `x-zest-idempotency`, and the
// `Idempotency-Key` header parameter agrees with it:
//   required  → the header is declared with `required: true`   (POST /v1/spv-requests)
//   optional  → the header is declared, not required            (bulk investors, subscriptions)
//   none      → no header, and `x-zest-idempotency-reason` says why, e.g. the token exchange (it creates nothing a
//               replay could duplicate) or the multipart uploads (content-addressed,
//               docs/design-decisions.md#idempotency).
//
// Why: a POST that creates resources is exactly the call a partner retries after a timeout
// (docs/design-decisions.md#idempotency).
// Without the header in the contract, the SDK cannot send it and a retry may create a second SPV request or
// subscription. Making the exemption an explicit, reasoned value keeps "we forgot" distinguishable from "not needed".
import { createReporter, follow, isObject } from '../lib/openapi.js';

const MODES = new Set(['required', 'optional', 'none']);
const HEADER = 'idempotency-key';

function isV1(path) {
  return path === '/v1' || String(path).startsWith('/v1/');
}

// The effective Idempotency-Key parameter: an operation-level parameter overrides a path-level one with the same
// name and location (OpenAPI 3.1, Parameter Object: https://spec.openapis.org/oas/v3.1.0#parameter-object).
function findHeader(ctx, operation, operationAt, pathItem, pathItemAt) {
  const lists = [
    [operation?.parameters, operationAt],
    [pathItem?.parameters, pathItemAt],
  ];
  for (const [parameters, at] of lists) {
    if (!Array.isArray(parameters) || !at) continue;
    for (let i = 0; i < parameters.length; i += 1) {
      const { node, location } = follow(ctx, parameters[i], at.child(['parameters', i]));
      if (isObject(node) && node.in === 'header' && String(node.name).toLowerCase() === HEADER) {
        return { node, location };
      }
    }
  }
  return undefined;
}

export default function IdempotencyKey() {
  const report = createReporter();
  let current = { path: '', item: undefined, location: undefined };
  return {
    Paths: {
      PathItem: {
        enter(pathItem, ctx) {
          current = { path: String(ctx.key), item: pathItem, location: ctx.location };
        },
        Operation: {
          enter(operation, ctx) {
            if (ctx.key !== 'post' || !isV1(current.path)) return;
            const at = ctx.location;
            const mode = operation['x-zest-idempotency'];
            const header = findHeader(ctx, operation, at, current.item, current.location);
            if (mode === undefined) {
              report(
                ctx,
                `POST ${current.path} must declare \`x-zest-idempotency: required | optional | none\`.`,
                at.key(),
              );
              return;
            }
            if (!MODES.has(mode)) {
              report(
                ctx,
                `\`x-zest-idempotency\` must be one of required, optional, none (got ${JSON.stringify(mode)}).`,
                at.child('x-zest-idempotency'),
              );
              return;
            }
            if (mode === 'none') {
              const reason = operation['x-zest-idempotency-reason'];
              if (typeof reason !== 'string' || reason.trim() === '') {
                report(
                  ctx,
                  `POST ${current.path} is exempt from Idempotency-Key (\`x-zest-idempotency: none\`) but gives no \`x-zest-idempotency-reason\`.`,
                  at.child('x-zest-idempotency').key(),
                );
              }
              if (header) {
                report(
                  ctx,
                  `POST ${current.path} declares an Idempotency-Key header but says \`x-zest-idempotency: none\`.`,
                  header.location,
                );
              }
              return;
            }
            if (!header) {
              report(
                ctx,
                `POST ${current.path} (\`x-zest-idempotency: ${mode}\`) must declare an \`Idempotency-Key\` header parameter.`,
                at.key(),
              );
              return;
            }
            const required = header.node.required === true;
            if (mode === 'required' && !required) {
              report(
                ctx,
                `POST ${current.path} requires idempotency, so its \`Idempotency-Key\` header must be \`required: true\`.`,
                header.location,
              );
            }
            if (mode === 'optional' && required) {
              report(
                ctx,
                `POST ${current.path} has optional idempotency, so its \`Idempotency-Key\` header must not be required.`,
                header.location,
              );
            }
          },
        },
      },
    },
  };
}
