import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalise, canonicalMediaType } from '../src/canonical.js';
import { stableStringify } from '../src/document.js';
import { check } from '../src/index.js';
import { CATALOGUE } from './helpers.js';

// Canonicalisation must never hide a change. It cannot if every rewrite keeps the meaning: when canonical(A) equals
// canonical(B), A ≡ canonical(A) = canonical(B) ≡ B. So the property checked here is the meaning itself: for
// generated schemas (unions with null, one-member unions, allOf compositions that may or may not merge exactly,
// $refs, enums and consts) and generated values, a JSON Schema 2020-12 validator accepts exactly the same values
// before and after canonicalisation.

type Schema = Record<string, unknown>;

const scalarValue = fc.constantFrom<unknown>(null, 'a', 'b', '', 'abcdef', 0, 1, 2, 3, 2.5, 0.5, -1, -3, true, false);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: scalarValue },
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom('a', 'b', 'c'), scalarValue, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.array(scalarValue, { maxLength: 3 }) },
);

const typeName = fc.constantFrom('string', 'integer', 'number', 'boolean', 'object', 'array');

// Numeric bounds, inclusive and exclusive, alone or together, on integers and numbers.
const bounded: fc.Arbitrary<Schema> = fc
  .record(
    {
      type: fc.constantFrom<unknown>('integer', 'number', ['integer', 'null'], ['integer', 'string']),
      minimum: fc.constantFrom(-1, 0, 0.5, 1, 2),
      exclusiveMinimum: fc.constantFrom(-1, 0, 0.5, 1, 2),
      maximum: fc.constantFrom(0, 1, 2, 2.5, 3),
      exclusiveMaximum: fc.constantFrom(0, 1, 2, 2.5, 3),
    },
    { requiredKeys: [] },
  )
  .map((bounds) => bounds as Schema);

const leaf: fc.Arbitrary<Schema> = fc.oneof(
  typeName.map((type) => ({ type })),
  typeName.map((type) => ({ type: [type, 'null'] })),
  typeName.map((type) => ({ type: ['null', type, type] })),
  scalarValue.map((v) => ({ const: v })),
  fc.tuple(typeName, scalarValue).map(([type, v]) => ({ type, const: v })),
  fc.uniqueArray(scalarValue, { minLength: 1, maxLength: 3 }).map((values) => ({ enum: values })),
  fc.uniqueArray(scalarValue, { minLength: 1, maxLength: 3 }).map((values) => ({ type: 'string', enum: values })),
  fc.integer({ min: 0, max: 4 }).map((n) => ({ type: 'string', maxLength: n, description: 'short' })),
  fc.integer({ min: -1, max: 2 }).map((n) => ({ type: ['integer', 'null'], minimum: n })),
  fc.constant(null).chain(() => bounded),
  fc.constant({ $ref: '#/components/schemas/Ref' }),
  // Boolean schemas, keywords at their default value.
  fc.constantFrom<unknown>(true, false).map((b) => b as unknown as Schema),
  fc.constantFrom<Schema>(
    { type: 'string', minLength: 0, readOnly: false },
    { type: 'array', minItems: 0, uniqueItems: false, deprecated: false },
    { type: 'object', minProperties: 0, required: [], writeOnly: false },
  ),
  // Keywords that hold for every value, and values listed twice.
  fc.constantFrom<Schema>(
    { type: 'object', dependentRequired: { a: [], b: ['c'] }, propertyNames: true },
    { type: 'object', dependentRequired: { a: [] }, propertyNames: {}, if: { required: ['a'] } },
    { type: 'array', contains: { const: 'a' }, minContains: 0 },
    { type: 'array', contains: { const: 'a' }, minContains: 0, maxContains: 1 },
    { type: 'integer', multipleOf: 1 },
    { type: 'number', multipleOf: 1 },
    { enum: ['a', 'b', 'a', 1, 1] },
    { anyOf: [{ type: 'string', maxLength: 2 }, { type: 'integer' }, { type: 'string', maxLength: 2 }] },
    { oneOf: [{ type: 'string' }, { type: 'string' }] },
  ),
  // The fourth probe round's rewrites: number steps of one, unions of bare types, `prefixItems` that repeat `items`,
  // `unevaluatedProperties` with nothing else evaluating, a `default` on a required property.
  fc.constantFrom<Schema>(
    { type: ['number', 'null'], multipleOf: 1 },
    { type: ['number', 'string', 'integer'], multipleOf: 1 },
    { anyOf: [{ type: 'string' }, { type: 'integer' }] },
    { anyOf: [{ type: 'number' }, { type: ['integer', 'null'] }] },
    { oneOf: [{ type: 'string' }, { type: 'boolean', description: 'flag' }] },
    { oneOf: [{ type: 'number' }, { type: 'integer' }] },
    { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string' }], items: { type: 'string' } },
    { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'integer' } },
    { type: 'array', prefixItems: [{}, true] },
    { type: 'object', properties: { a: { type: 'string' } }, unevaluatedProperties: false },
    { type: 'object', properties: { a: {} }, additionalProperties: true, unevaluatedProperties: false },
    { type: 'object', unevaluatedProperties: { type: 'integer' } },
    { allOf: [{ properties: { a: {} } }], unevaluatedProperties: false },
    { type: 'object', required: ['a'], properties: { a: { type: 'string', default: 'x' }, b: { default: 1 } } },
  ),
  // A $ref with sibling keywords (OpenAPI 3.1: both apply).
  fc
    .tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom<unknown>('string', ['string', 'null'], 'integer'))
    .map(([n, type]) => ({ $ref: '#/components/schemas/Short', maxLength: n, type })),
  // Bounds and types two allOf members both state.
  fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), typeName, typeName).map(([a, b, t, u]) => ({
    allOf: [
      { type: [t, 'string'], maxLength: a },
      { type: [u, 'string', 'null'], maxLength: b },
    ],
  })),
  // Unions of objects told apart (or not) by a constant.
  fc.tuple(scalarValue, scalarValue, fc.constantFrom('anyOf', 'oneOf')).map(([x, y, keyword]) => ({
    [keyword]: [x, y].map((v) => ({ type: 'object', required: ['a'], properties: { a: { const: v } } })),
  })),
);

const { schema } = fc.letrec<{ schema: Schema; object: Schema }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('object') as fc.Arbitrary<Schema>,
    // S or null, written as a union
    fc
      .tuple(tie('schema') as fc.Arbitrary<Schema>, fc.constantFrom('anyOf', 'oneOf'), fc.boolean())
      .map(([s, keyword, first]) => ({
        [keyword]: first ? [{ type: 'null' }, s] : [s, { type: 'null' }],
      })),
    // a union of one, with or without siblings
    fc
      .tuple(
        tie('schema') as fc.Arbitrary<Schema>,
        fc.constantFrom('anyOf', 'oneOf'),
        fc.option(leaf, { nil: undefined }),
      )
      .map(([s, keyword, extra]) => ({
        ...(extra ?? {}),
        [keyword]: [s],
      })),
    // allOf compositions, mostly of objects (the recomposition spec authors write)
    fc
      .tuple(
        fc.array(
          fc.oneof(
            { weight: 3, arbitrary: tie('object') as fc.Arbitrary<Schema> },
            { weight: 1, arbitrary: tie('schema') as fc.Arbitrary<Schema> },
          ),
          { minLength: 1, maxLength: 3 },
        ),
        fc.option(fc.constantFrom<Schema>({ type: 'object' }, { description: 'composed' }, { required: ['a'] }), {
          nil: undefined,
        }),
      )
      .map(([members, own]) => ({ ...(own ?? {}), allOf: members })),
    fc.constant({ $ref: '#/components/schemas/Ref' }),
  ),
  // objects, optionally closed
  object: fc
    .record({
      props: fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(leaf, tie('schema') as fc.Arbitrary<Schema>), {
        maxKeys: 2,
      }),
      required: fc.subarray(['a', 'b', 'c']),
      closed: fc.boolean(),
    })
    .map(({ props, required, closed }) => ({
      type: 'object',
      properties: props,
      required,
      ...(closed ? { additionalProperties: false } : {}),
    })),
}));

const SHORT: Schema = { type: 'string', maxLength: 3 };

const REF: Schema = {
  allOf: [
    { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
    { properties: { b: { type: ['integer', 'null'] } } },
  ],
};

// One validator instance for the whole run (building one compiles the meta-schemas); each document gets its own id.
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
let documents = 0;

function validators(doc: Record<string, unknown>, name: string) {
  const id = `https://spec-guard.test/${name}/${++documents}`;
  ajv.addSchema({ ...doc, $id: id });
  return ajv.compile({ $ref: `${id}#/components/schemas/Target` });
}

describe('canonical spelling', () => {
  it('accepts exactly the values the written schema accepts (generated schemas and values)', () => {
    fc.assert(
      fc.property(schema, fc.array(value, { minLength: 80, maxLength: 120 }), (target, values) => {
        const doc = { openapi: '3.1.0', components: { schemas: { Target: target, Ref: REF, Short: SHORT } } };
        const canonical = canonicalise(doc).doc;
        const before = validators(doc, 'written');
        const after = validators(canonical, 'canonical');
        for (const v of values) {
          expect(
            after(v),
            `${JSON.stringify(v)} against ${JSON.stringify(target)} -> ${JSON.stringify((canonical.components as Schema).schemas)}`,
          ).toBe(before(v));
        }
      }),
      { numRuns: 200, seed: 16 },
    );
  });

  it('keeps the meaning of numeric bounds it respells (every bound at every value nearby)', () => {
    const near = fc.constantFrom<unknown>(-1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, null, 'a');
    fc.assert(
      fc.property(bounded, fc.array(near, { minLength: 13, maxLength: 20 }), (target, values) => {
        const doc = { openapi: '3.1.0', components: { schemas: { Target: target } } };
        const before = validators(doc, 'written');
        const after = validators(canonicalise(doc).doc, 'canonical');
        for (const v of values)
          expect(after(v), `${JSON.stringify(v)} against ${JSON.stringify(target)}`).toBe(before(v));
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('spells equivalent schemas the same way, so the engines see no change', () => {
    const schemas = (target: Schema) => {
      const doc = { openapi: '3.1.0', components: { schemas: { Target: target, Ref: REF, Short: SHORT } } };
      return stableStringify((canonicalise(doc).doc.components as Schema).schemas);
    };
    const spellings: Schema[][] = [
      [{ type: 'string', enum: ['x'] }, { type: 'string', const: 'x' }, { const: 'x' }, { enum: ['x'] }],
      [
        { type: ['string', 'null'] },
        { type: 'string', nullable: true },
        { anyOf: [{ type: 'string' }, { type: 'null' }] },
        { oneOf: [{ type: 'null' }, { type: 'string' }] },
        { type: ['null', 'string'] },
      ],
      [
        { type: 'integer', minimum: 1 },
        { type: 'integer', exclusiveMinimum: 0 },
        { type: 'integer', exclusiveMinimum: 0.5 },
        { type: 'integer', minimum: 0.2 },
        { type: 'integer', minimum: 0, exclusiveMinimum: 0 },
      ],
      [
        { type: ['integer', 'null'], maximum: 9 },
        { type: ['integer', 'null'], exclusiveMaximum: 10 },
        { type: ['integer', 'null'], maximum: 9.5, exclusiveMaximum: 11 },
      ],
      [
        { type: 'number', exclusiveMinimum: 5 },
        { type: 'number', minimum: 0, exclusiveMinimum: 5 },
      ],
      [
        { $ref: '#/components/schemas/Ref' },
        { oneOf: [{ $ref: '#/components/schemas/Ref' }] },
        { allOf: [{ $ref: '#/components/schemas/Ref' }] },
      ],
      [
        { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['a', 'b'] },
        {
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
            { type: 'object', properties: { b: { type: 'integer' } }, required: ['b'] },
          ],
        },
        {
          type: 'object',
          allOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { type: 'integer' } } }],
          required: ['a', 'b'],
        },
      ],
      // A $ref with sibling keywords is the target and the keywords; two bounds together are the tighter one.
      [
        { type: 'string', maxLength: 3 },
        { $ref: '#/components/schemas/Short', maxLength: 5 },
        { $ref: '#/components/schemas/Short', type: ['string', 'null'] },
        {
          allOf: [
            { type: ['integer', 'string'], maxLength: 4 },
            { type: 'string', maxLength: 3 },
          ],
        },
      ],
      [{}, true as unknown as Schema],
      [{ not: {} }, false as unknown as Schema],
      [
        { type: 'array', items: { type: 'string' } },
        { type: 'array', items: { type: 'string' }, minItems: 0, uniqueItems: false, readOnly: false },
      ],
      // Members no value can match both of: anyOf and oneOf accept the same.
      [
        { oneOf: ['x', 'y'].map((v) => ({ type: 'object', required: ['k'], properties: { k: { const: v } } })) },
        { anyOf: ['x', 'y'].map((v) => ({ type: 'object', required: ['k'], properties: { k: { const: v } } })) },
      ],
    ];
    for (const group of spellings) {
      const [first, ...rest] = group.map(schemas);
      for (const other of rest) expect(other).toBe(first);
    }
  });

  it('leaves an allOf alone when merging it would change what it accepts', () => {
    const closed = {
      allOf: [
        { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
        { properties: { b: { type: 'string' } } },
      ],
    };
    const clash = { allOf: [{ properties: { a: { type: 'string' } } }, { properties: { a: { type: 'integer' } } }] };
    for (const target of [closed, clash]) {
      const doc = { components: { schemas: { Target: target } } };
      expect((canonicalise(doc).doc.components as { schemas: Schema }).schemas.Target).toEqual(target);
    }
  });

  it('spells header names as the base does, and media types by their meaning', () => {
    const base = {
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'Idempotency-Key', in: 'header' }],
            responses: { '200': { headers: { 'X-Request-Id': {} } } },
          },
        },
      },
    };
    const head = {
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'idempotency-key', in: 'header' }],
            responses: { '200': { headers: { 'x-request-id': {} } } },
          },
        },
      },
    };
    const spellings = new Map([
      ['idempotency-key', 'Idempotency-Key'],
      ['x-request-id', 'X-Request-Id'],
    ]);
    expect(canonicalise(head, spellings).doc).toEqual(base);
    // A query parameter is not a header: its name stays as written.
    const query = { paths: { '/x': { get: { parameters: [{ name: 'idempotency-key', in: 'query' }] } } } };
    expect(canonicalise(query, spellings).doc).toEqual(query);
    // HTTP authentication scheme names are case-insensitive too (RFC 7235); an API key's query name is not.
    const schemes = (scheme: string, name: string) => ({
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme },
          key: { type: 'apiKey', in: 'query', name },
        },
      },
    });
    expect(canonicalise(schemes('Bearer', 'API_KEY')).doc).toEqual(schemes('bearer', 'API_KEY'));
    expect(canonicalMediaType('Application/JSON; charset=UTF-8')).toBe('application/json');
    expect(canonicalMediaType('application/vnd.zest.v1+json')).toBe('application/vnd.zest.v1+json');
    expect(canonicalMediaType('text/plain; charset=utf-8')).toBe('text/plain; charset=utf-8');
  });

  it('reports a real change inside a merged allOf member where the author wrote it', async () => {
    // Catalogue pair 65 recomposes Thing as allOf [ThingCore, ThingExtra]; now ThingCore.name gets longer.
    const composed = join(CATALOGUE, '65-response-recomposed-as-allof', 'revision.yaml');
    const dir = await mkdtemp(join(tmpdir(), 'spec-guard-canonical-'));
    try {
      const text = await readFile(composed, 'utf8');
      const core = text.indexOf('    ThingCore:');
      const head = join(dir, 'head.yaml');
      await writeFile(head, text.slice(0, core) + text.slice(core).replace('maxLength: 100', 'maxLength: 200'));
      const report = await check({ base: composed, head, exceptions: false });
      const loosened = report.findings.filter((f) => f.rule === 'SG013');
      expect(loosened.length).toBeGreaterThan(0);
      for (const f of loosened) expect(f.location.path).toBe('components.schemas.ThingCore.properties.name.maxLength');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
