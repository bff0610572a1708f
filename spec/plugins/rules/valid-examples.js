// zest/valid-examples — every example validates against the schema it illustrates: media-type `example` /
// `examples` (request bodies, responses and webhook payloads alike), parameter and header examples, and a schema's
// own `examples` / `example`. Validation is JSON Schema 2020-12 (ajv) with formats, so a `date-time` without a
// zone, a misspelt enum value or a missing required field is caught; the report points at the failing node inside
// the example and names its instance path.
//
// Why: examples are what the mock (Prism) serves, what the docs show and what contract tests replay. An example
// that contradicts its schema teaches partners a wire shape the service rejects. Redocly's built-in
// no-invalid-media-type-examples covers request/response bodies only; webhooks and parameters need this rule.

import { createExampleValidator, describeErrors, instanceSegments } from '../lib/example-validator.js';
import { createReporter, follow, isObject } from '../lib/openapi.js';

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export default function ValidExamples() {
  const validate = createExampleCheck();
  return {
    MediaType: {
      enter(media, ctx) {
        checkHolder(validate, media, ctx, `\`${ctx.key}\``);
      },
    },
    Parameter: {
      enter(parameter, ctx) {
        checkHolder(validate, parameter, ctx, `parameter \`${parameter.name}\``);
      },
    },
    Header: {
      enter(header, ctx) {
        checkHolder(validate, header, ctx, `header \`${ctx.key}\``);
      },
    },
    Schema: {
      enter(schema, ctx) {
        checkSchemaExamples(validate, schema, ctx);
      },
    },
  };
}

// Validates one example against its schema and reports a mismatch. The ajv validator is built on the first example
// met (a spec without examples never compiles one) and kept for the rest of this rule's run.
function createExampleCheck() {
  const report = createReporter();
  let validator;

  return function validate(ctx, { schema, schemaAt, value, valueAt, label }) {
    validator ??= createExampleValidator(ctx);
    let validateFn;
    try {
      validateFn = validator.validatorFor(schema, schemaAt);
    } catch (error) {
      report(ctx, `Cannot check ${label}: its schema does not compile (${error.message}).`, schemaAt);
      return;
    }
    if (validateFn(value)) return;
    const errors = validateFn.errors ?? [];
    const first = errors[0];
    const segments = first ? instanceSegments(first.instancePath) : [];
    const pointAt = segments.length > 0 ? valueAt.child(segments) : valueAt;
    report(ctx, `${capitalise(label)} does not match its schema: ${describeErrors(errors)}.`, pointAt);
  };
}

// `example` and `examples` on a media type, a parameter or a header share one shape; `examples` entries are Example
// objects, possibly $refs to components/examples, whose `value` is what gets validated.
function checkHolder(validate, holder, ctx, what) {
  if (!isObject(holder) || holder.schema === undefined) return;
  const at = ctx.location;
  const schemaAt = at.child('schema');
  if (holder.example !== undefined) {
    validate(ctx, {
      schema: holder.schema,
      schemaAt,
      value: holder.example,
      valueAt: at.child('example'),
      label: `the example of ${what}`,
    });
  }
  if (isObject(holder.examples)) {
    for (const [name, entry] of Object.entries(holder.examples)) {
      const example = follow(ctx, entry, at.child(['examples', name]));
      if (!isObject(example.node) || example.node.value === undefined) continue; // externalValue: nothing inline to check
      validate(ctx, {
        schema: holder.schema,
        schemaAt,
        value: example.node.value,
        valueAt: example.location.child('value'),
        label: `example \`${name}\` of ${what}`,
      });
    }
  }
}

// A schema's own `examples` (2020-12, a list) and the older single `example`.
function checkSchemaExamples(validate, schema, ctx) {
  if (!isObject(schema)) return;
  const at = ctx.location;
  if (Array.isArray(schema.examples)) {
    schema.examples.forEach((value, index) => {
      validate(ctx, {
        schema,
        schemaAt: at,
        value,
        valueAt: at.child(['examples', index]),
        label: `schema example #${index}`,
      });
    });
  }
  if (schema.example !== undefined) {
    validate(ctx, {
      schema,
      schemaAt: at,
      value: schema.example,
      valueAt: at.child('example'),
      label: 'the schema example',
    });
  }
}
