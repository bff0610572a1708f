// zest/v1-paths — every path is under /v1, except the health check GET /public/hc.
//
// Why: the v1 promise (the wire under /v1 only grows: docs/design-decisions.md#v1-only-grows) is scoped by the path
// prefix; a resource published outside /v1 would escape both that promise and the spec-guard that enforces it. The
// framework pages `/`, `/openapi.json` and `/docs` are deliberately not part of the contract
// (docs/design-decisions.md#non-v1-endpoints); `/public/hc` is, unversioned, as the live service serves it.
import { createReporter } from '../lib/openapi.js';

const UNVERSIONED_ALLOWED = new Set(['/public/hc']);

export function isAllowedPath(path) {
  return path === '/v1' || path.startsWith('/v1/') || UNVERSIONED_ALLOWED.has(path);
}

export default function V1Paths() {
  const report = createReporter();
  return {
    Paths: {
      enter(paths, ctx) {
        for (const path of Object.keys(paths)) {
          if (isAllowedPath(path)) continue;
          report(
            ctx,
            `Path \`${path}\` is outside /v1: only /v1/… and ${[...UNVERSIONED_ALLOWED].join(', ')} belong to the contract (docs/design-decisions.md#non-v1-endpoints).`,
            ctx.location.child([path]).key(),
          );
        }
      },
    },
  };
}
