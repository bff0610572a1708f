// zest/json-camel-case — every property name of a JSON body is lowerCamelCase.
//
// Why: the Zest wire convention is camelCase JSON (docs/design-decisions.md#camel-case-json), and the generated
// TypeScript types and the SDK expose these names verbatim, so one snake_case property leaks into every partner's code
// base for the life of v1. Only JSON media types are checked: the token exchange is `application/x-www-form-urlencoded`
// with the OAuth 2.0 names `grant_type` / `assertion` (RFC 7523 fixes those), and multipart form fields are not JSON
// properties. A schema is checked when it is reachable from a JSON media type (request, response, webhook payload,
// parameter content), so a component used only by the form body stays exempt without a list of exceptions.
import { CAMEL_CASE, createReporter, isJsonMediaType, isObject, walkSchema } from '../lib/openapi.js';

export default function JsonCamelCase() {
  const report = createReporter();
  const visited = new Set();
  return {
    MediaType: {
      enter(media, ctx) {
        if (!isJsonMediaType(ctx.key) || media.schema === undefined) return;
        walkSchema(
          ctx,
          media.schema,
          ctx.location.child('schema'),
          (schema, at) => {
            if (!isObject(schema.properties)) return;
            for (const name of Object.keys(schema.properties)) {
              if (CAMEL_CASE.test(name)) continue;
              report(
                ctx,
                `JSON property \`${name}\` is not camelCase: JSON bodies use lowerCamelCase names (docs/design-decisions.md#camel-case-json).`,
                at.child(['properties', name]).key(),
              );
            }
          },
          visited,
        );
      },
    },
  };
}
