// zest/operation-docs — every operation, in `paths` and in `webhooks`, is documented well enough to generate an SDK
// method, a docs page and a mock response from it:
//   - a lowerCamelCase `operationId` (it becomes the SDK method and the generated type's name);
//   - a `summary`, a `description` and at least one tag (the docs site groups and titles pages by them);
//   - an example on every request-body media type and on every 2xx media type, and for API operations at least one
//     success response that has a body (the mock serves these examples; the docs show them).
// Webhook operations describe what Zest sends: their request body is the event payload (examples required) and
// their 2xx is the partner receiver's acknowledgement, which has no body to illustrate.
import { CAMEL_CASE, createReporter, follow, hasExample, isObject, isSuccessStatus } from '../lib/openapi.js';

function nonEmptyString(value) {
  return typeof value === 'string' && value.trim() !== '';
}

function check(operation, ctx, report, kind) {
  const at = ctx.location;
  const name = operation.operationId ?? `${kind === 'webhook' ? 'webhook' : 'operation'} at ${at.pointer}`;

  if (operation.operationId === undefined) {
    report(ctx, 'Operation has no `operationId`.', at.child('operationId').key());
  } else if (typeof operation.operationId !== 'string' || !CAMEL_CASE.test(operation.operationId)) {
    report(ctx, `operationId \`${operation.operationId}\` is not lowerCamelCase.`, at.child('operationId'));
  }
  if (!nonEmptyString(operation.summary)) report(ctx, `\`${name}\` has no summary.`, at.child('summary').key());
  if (!nonEmptyString(operation.description))
    report(ctx, `\`${name}\` has no description.`, at.child('description').key());
  if (!Array.isArray(operation.tags) || !operation.tags.some(nonEmptyString)) {
    report(ctx, `\`${name}\` has no tag.`, at.child('tags').key());
  }

  if (operation.requestBody !== undefined) {
    const body = follow(ctx, operation.requestBody, at.child('requestBody'));
    if (isObject(body.node) && isObject(body.node.content)) {
      for (const [mediaType, media] of Object.entries(body.node.content)) {
        if (!hasExample(media)) {
          report(
            ctx,
            `\`${name}\` request body \`${mediaType}\` has no example.`,
            body.location.child(['content', mediaType]).key(),
          );
        }
      }
    }
  }

  let successBodies = 0;
  const responses = isObject(operation.responses) ? operation.responses : {};
  for (const [code, response] of Object.entries(responses)) {
    if (!isSuccessStatus(code)) continue;
    const resolved = follow(ctx, response, at.child(['responses', code]));
    if (!isObject(resolved.node) || !isObject(resolved.node.content)) continue;
    for (const [mediaType, media] of Object.entries(resolved.node.content)) {
      successBodies += 1;
      if (!hasExample(media)) {
        report(
          ctx,
          `\`${name}\` response \`${code}\` \`${mediaType}\` has no example.`,
          resolved.location.child(['content', mediaType]).key(),
        );
      }
    }
  }
  if (kind === 'path' && successBodies === 0) {
    report(
      ctx,
      `\`${name}\` has no success response with a body, so it has no success example.`,
      at.child('responses').key(),
    );
  }
}

export default function OperationDocs() {
  const report = createReporter();
  return {
    Paths: { Operation: { enter: (operation, ctx) => check(operation, ctx, report, 'path') } },
    WebhooksMap: { Operation: { enter: (operation, ctx) => check(operation, ctx, report, 'webhook') } },
  };
}
