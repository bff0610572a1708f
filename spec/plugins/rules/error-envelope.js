// zest/error-envelope — every 4xx / 5xx / 4XX / 5XX / default response of an API operation carries the partner error
// envelope `PartnerErrorResponse` as a JSON body; a 422 may instead carry FastAPI's `HTTPValidationError`.
//
// Why: partners parse one shape for every failure (`code` first, then `detail`, `errorId`, `validationErrors`), and
// the SDK turns it into one typed error; a response that documents some other body — or none — makes generated
// clients and the mock disagree with the service. The 422 exception exists because the live service still sends
// FastAPI's framework validation body there (docs/design-decisions.md#validation-422).
// Webhook operations are skipped: their responses are what the partner's receiver answers, not what Zest sends.
import { createReporter, follow, isErrorStatus, isJsonMediaType, isObject, isRef } from '../lib/openapi.js';

const ENVELOPE = 'PartnerErrorResponse';
const FRAMEWORK_422 = 'HTTPValidationError';

function allowedSchemas(code) {
  return String(code) === '422' ? [ENVELOPE, FRAMEWORK_422] : [ENVELOPE];
}

// The last segment of a $ref, without a file extension: `#/components/schemas/PartnerErrorResponse` and
// `../components/schemas/PartnerErrorResponse.yaml` both name `PartnerErrorResponse`.
function refName(ref) {
  const [file, pointer = ''] = ref.split('#');
  const segments = (pointer.split('/').filter(Boolean).length ? pointer : file).split('/').filter(Boolean);
  return (segments.pop() ?? '').replace(/\.(ya?ml|json)$/i, '');
}

export default function ErrorEnvelope() {
  const report = createReporter();
  // components.schemas.<name> resolved to where it lives, so a ref straight to the component file also matches.
  const componentHomes = new Map();

  // Which of the allowed component names a media-type schema is. When the root declares the component, the ref must
  // land on that very definition; otherwise (a fixture, a partial spec) the ref's own name decides.
  function matches(ctx, schema, location, name) {
    if (!isRef(schema)) return false;
    const { node, location: at } = follow(ctx, schema, location);
    if (node === undefined) return false;
    if (componentHomes.has(name)) return componentHomes.get(name) === at.absolutePointer;
    return refName(schema.$ref) === name;
  }

  function checkResponse(ctx, code, response, location) {
    const { node, location: at } = follow(ctx, response, location);
    if (!isObject(node)) return;
    const allowed = allowedSchemas(code);
    const expected = allowed.map((n) => `\`${n}\``).join(' or ');
    if (!isObject(node.content) || Object.keys(node.content).length === 0) {
      report(
        ctx,
        `Error response \`${code}\` has no body: it must carry ${expected} as application/json.`,
        location.key(),
      );
      return;
    }
    for (const [mediaType, media] of Object.entries(node.content)) {
      const mediaAt = at.child(['content', mediaType]);
      if (!isJsonMediaType(mediaType)) {
        report(
          ctx,
          `Error response \`${code}\` offers \`${mediaType}\`: error bodies are application/json ${expected}.`,
          mediaAt.key(),
        );
        continue;
      }
      const schema = isObject(media) ? media.schema : undefined;
      if (!allowed.some((name) => matches(ctx, schema, mediaAt.child('schema'), name))) {
        report(
          ctx,
          `Error response \`${code}\` must use ${expected} (a $ref to the component), not ${isRef(schema) ? `\`${schema.$ref}\`` : 'an inline schema'}.`,
          schema === undefined ? mediaAt.key() : mediaAt.child('schema'),
        );
      }
    }
  }

  return {
    Root: {
      enter(root, ctx) {
        const schemas = isObject(root.components) && isObject(root.components.schemas) ? root.components.schemas : {};
        for (const name of [ENVELOPE, FRAMEWORK_422]) {
          if (schemas[name] === undefined) continue;
          const home = follow(ctx, schemas[name], ctx.location.child(['components', 'schemas', name]));
          if (home.node !== undefined) componentHomes.set(name, home.location.absolutePointer);
        }
      },
    },
    Paths: {
      Operation: {
        enter(operation, ctx) {
          if (!isObject(operation.responses)) return;
          for (const [code, response] of Object.entries(operation.responses)) {
            if (!isErrorStatus(code)) continue;
            checkResponse(ctx, code, response, ctx.location.child(['responses', code]));
          }
        },
      },
    },
  };
}
