// Turns OpenAPI 3.1 schemas, split over many files, into JSON Schema 2020-12 that ajv can compile.
//
// Every $ref target is registered with ajv once, under an id derived from where it lives, and refs are rewritten to
// those ids. That keeps recursive schemas working (no inlining) and means a component shared by many operations is
// compiled once per lint run.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  follow,
  isObject,
  isRef,
  SUBSCHEMA_KEYWORDS,
  SUBSCHEMA_LIST_KEYWORDS,
  SUBSCHEMA_MAP_KEYWORDS,
} from './openapi.js';

// OpenAPI's own annotation keywords and `x-` extensions mean nothing to JSON Schema; ajv's strict mode (kept on, so
// a typo such as `minLenght` is an error rather than silently ignored) would reject them.
const OPENAPI_ONLY = new Set(['example', 'discriminator', 'xml', 'externalDocs', '$schema']);

export function createExampleValidator(ctx) {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false, // OpenAPI schemas routinely say `type: object` beside `allOf` of refs
    strictRequired: false,
    strictTuples: false,
    logger: false,
  });
  addFormats(ajv);
  const ids = new Map(); // absolute pointer of a schema → ajv id
  const compiled = new Map(); // absolute pointer of a schema → validate function or compile error

  function register(refNode, location) {
    const target = follow(ctx, refNode, location);
    if (target.node === undefined) throw new Error(`unresolved $ref ${refNode.$ref}`);
    const key = target.location.absolutePointer;
    if (ids.has(key)) return ids.get(key);
    const id = `urn:zest:schema:${ids.size}`;
    ids.set(key, id);
    const converted = convert(target.node, target.location);
    ajv.addSchema(
      typeof converted === 'boolean' ? converted : { ...converted, $id: id },
      typeof converted === 'boolean' ? id : undefined,
    );
    return id;
  }

  function convert(schema, location) {
    if (!isObject(schema)) return schema;
    const out = {};
    for (const [keyword, value] of Object.entries(schema)) {
      if (keyword === '$ref' || keyword.startsWith('x-') || OPENAPI_ONLY.has(keyword)) continue;
      if (SUBSCHEMA_KEYWORDS.has(keyword)) {
        out[keyword] = convert(value, location.child(keyword));
      } else if (SUBSCHEMA_LIST_KEYWORDS.has(keyword) && Array.isArray(value)) {
        out[keyword] = value.map((sub, index) => convert(sub, location.child([keyword, index])));
      } else if (SUBSCHEMA_MAP_KEYWORDS.has(keyword) && isObject(value)) {
        out[keyword] = Object.fromEntries(
          Object.entries(value).map(([name, sub]) => [name, convert(sub, location.child([keyword, name]))]),
        );
      } else {
        out[keyword] = value;
      }
    }
    if (isRef(schema)) out.$ref = register(schema, location);
    return out;
  }

  // Returns a validate function for the schema at `location`, or throws with the reason it cannot be compiled.
  function validatorFor(schema, location) {
    const key = location.absolutePointer;
    if (!compiled.has(key)) {
      try {
        compiled.set(key, ajv.compile(convert(schema, location)));
      } catch (error) {
        compiled.set(key, error instanceof Error ? error : new Error(String(error)));
      }
    }
    const result = compiled.get(key);
    if (result instanceof Error) throw result;
    return result;
  }

  return { validatorFor };
}

// "/a/0/b" → ['a', 0, 'b'] so a report can point at the offending node inside the example.
export function instanceSegments(instancePath) {
  if (!instancePath) return [];
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function describeErrors(errors, limit = 3) {
  const parts = errors.slice(0, limit).map((e) => {
    const where = e.instancePath || '(root)';
    const extra = e.keyword === 'additionalProperties' ? ` \`${e.params.additionalProperty}\`` : '';
    return `${where} ${e.message}${extra}`;
  });
  if (errors.length > limit) parts.push(`and ${errors.length - limit} more`);
  return parts.join('; ');
}
