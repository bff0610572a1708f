import { isObject } from '@zestequity/spec-model';

// A schema keyword of the wrong shape (`properties: "oops"`, `required: "value"`, `minimum: "one"`) would otherwise
// reach oasdiff, which fails with a JSON decoding error about a temporary file and no place in the spec. Each schema
// of the document is checked here first, and the first problem is named by its JSON pointer.

type Want = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'schema';

// A Map: a plain object with a `then` key would be thenable.
const KEYWORDS = new Map<string, Want | Want[]>([
  ['properties', 'object'],
  ['patternProperties', 'object'],
  ['$defs', 'object'],
  ['dependentSchemas', 'object'],
  ['dependentRequired', 'object'],
  ['discriminator', 'object'],
  ['required', 'array'],
  ['enum', 'array'],
  ['allOf', 'array'],
  ['anyOf', 'array'],
  ['oneOf', 'array'],
  ['prefixItems', 'array'],
  ['type', ['string', 'array']],
  ['format', 'string'],
  ['pattern', 'string'],
  ['$ref', 'string'],
  ['minimum', 'number'],
  ['maximum', 'number'],
  // Numbers in OpenAPI 3.1, booleans in 3.0.
  ['exclusiveMinimum', ['number', 'boolean']],
  ['exclusiveMaximum', ['number', 'boolean']],
  ['multipleOf', 'number'],
  ['minLength', 'number'],
  ['maxLength', 'number'],
  ['minItems', 'number'],
  ['maxItems', 'number'],
  ['minProperties', 'number'],
  ['maxProperties', 'number'],
  ['minContains', 'number'],
  ['maxContains', 'number'],
  ['uniqueItems', 'boolean'],
  ['nullable', 'boolean'],
  ['readOnly', 'boolean'],
  ['writeOnly', 'boolean'],
  ['items', 'schema'],
  ['additionalProperties', 'schema'],
  ['unevaluatedProperties', 'schema'],
  ['unevaluatedItems', 'schema'],
  ['not', 'schema'],
  ['if', 'schema'],
  ['then', 'schema'],
  ['else', 'schema'],
  ['contains', 'schema'],
  ['propertyNames', 'schema'],
]);

/** Keywords whose value is a mapping of schemas, or a list of them. */
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_ONES = [...KEYWORDS].filter(([, want]) => want === 'schema').map(([key]) => key);

const NAMES: Record<Want, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  schema: 'a schema (an object or a boolean)',
};

function fits(value: unknown, want: Want): boolean {
  if (want === 'object') return isObject(value);
  if (want === 'array') return Array.isArray(value);
  if (want === 'schema') return isObject(value) || typeof value === 'boolean';
  return typeof value === want && (want !== 'number' || Number.isFinite(value));
}

/** A JSON pointer (`#/components/schemas/Money/properties`), each segment escaped. */
export function toPointer(at: string[]): string {
  return `#/${at.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** The first problem in one schema and the schemas it holds, or `undefined`. */
function schemaProblem(schema: unknown, at: string[]): string | undefined {
  if (!fits(schema, 'schema')) return `${toPointer(at)} must be ${NAMES.schema}`;
  if (!isObject(schema)) return undefined;
  for (const [key, want] of KEYWORDS) {
    if (!Object.hasOwn(schema, key)) continue;
    const wants = Array.isArray(want) ? want : [want];
    if (!wants.some((w) => fits(schema[key], w)))
      return `${toPointer([...at, key])} must be ${wants.map((w) => NAMES[w]).join(' or ')}`;
  }
  if (Array.isArray(schema.required) && !schema.required.every((name) => typeof name === 'string'))
    return `${toPointer([...at, 'required'])} must be an array of property names (strings)`;
  if (Array.isArray(schema.type) && !schema.type.every((name) => typeof name === 'string'))
    return `${toPointer([...at, 'type'])} must be a string or an array of strings`;
  for (const key of SCHEMA_MAPS) {
    for (const [name, child] of Object.entries(isObject(schema[key]) ? schema[key] : {})) {
      const problem = schemaProblem(child, [...at, key, name]);
      if (problem) return problem;
    }
  }
  for (const key of SCHEMA_LISTS) {
    const list = Array.isArray(schema[key]) ? schema[key] : [];
    for (const [i, child] of list.entries()) {
      const problem = schemaProblem(child, [...at, key, String(i)]);
      if (problem) return problem;
    }
  }
  for (const key of SCHEMA_ONES) {
    const problem = Object.hasOwn(schema, key) ? schemaProblem(schema[key], [...at, key]) : undefined;
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The first malformed schema keyword of the document, outside data (examples, extensions): every component schema
 * and every `schema` of a parameter, header or media type, in paths, webhooks, callbacks and components.
 */
export function schemaShapeProblem(node: unknown, at: string[] = []): string | undefined {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) {
      const problem = schemaShapeProblem(child, [...at, String(i)]);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  const inSchemas = at.length === 2 && at[0] === 'components' && at[1] === 'schemas';
  // A component named `schema` (`components.parameters.schema`) is no schema keyword.
  const inComponents = at.length === 2 && at[0] === 'components';
  for (const [key, child] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
    const here = [...at, key];
    const problem =
      inSchemas || (key === 'schema' && !inComponents) ? schemaProblem(child, here) : schemaShapeProblem(child, here);
    if (problem) return problem;
  }
  return undefined;
}
