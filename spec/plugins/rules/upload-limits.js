// zest/upload-limits — every file part of a multipart request body states its limits in the spec itself:
//   - the part's schema property (`type: string`, `format: binary`) carries `x-zest-max-bytes`, a positive integer;
//   - the media type's `encoding.<part>.contentType` lists the accepted content types (comma-separated).
//
// Why: the SDK, the sandbox, the contract tests and the reliability suite read these two facts from the bundled spec
// instead of restating them (10,485,760 bytes; PDF, JPEG, PNG, WEBP: docs/design-decisions.md#upload-limits), and each
// of them refuses to start without them. Prose in a description cannot be read reliably by a program; this rule makes a
// forgotten limit a lint error here rather than a start-up failure in every consumer.
import { createReporter, follow, isObject, mediaTypeBase } from '../lib/openapi.js';

const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i;

export default function UploadLimits() {
  const report = createReporter();
  return {
    MediaType: {
      enter(media, ctx) {
        if (!mediaTypeBase(ctx.key).startsWith('multipart/') || media.schema === undefined) return;
        const { node: schema, location: schemaAt } = follow(ctx, media.schema, ctx.location.child('schema'));
        if (!isObject(schema) || !isObject(schema.properties)) return;
        for (const [name, raw] of Object.entries(schema.properties)) {
          const { node: property, location: at } = follow(ctx, raw, schemaAt.child(['properties', name]));
          if (!isObject(property) || property.format !== 'binary') continue;
          const max = property['x-zest-max-bytes'];
          if (max === undefined) {
            report(
              ctx,
              `File part \`${name}\` must state its size limit with \`x-zest-max-bytes\` (a positive integer, in bytes).`,
              at.key(),
            );
          } else if (!Number.isSafeInteger(max) || max <= 0) {
            report(
              ctx,
              `\`x-zest-max-bytes\` of file part \`${name}\` must be a positive integer number of bytes (got ${JSON.stringify(max)}).`,
              at.child('x-zest-max-bytes'),
            );
          }
          const encoding = isObject(media.encoding) ? media.encoding[name] : undefined;
          const types = isObject(encoding) ? encoding.contentType : undefined;
          const listed = typeof types === 'string' ? types.split(',').map((t) => t.trim()) : [];
          if (typeof types !== 'string') {
            report(
              ctx,
              `File part \`${name}\` must list the content types it accepts in \`encoding.${name}.contentType\`.`,
              ctx.location.key(),
            );
          } else if (listed.length === 0 || !listed.every((t) => MEDIA_TYPE.test(t))) {
            report(
              ctx,
              `\`encoding.${name}.contentType\` must be a comma-separated list of concrete media types such as \`application/pdf, image/png\` (got ${JSON.stringify(types)}).`,
              ctx.location.child(['encoding', name, 'contentType']),
            );
          }
        }
      },
    },
  };
}
