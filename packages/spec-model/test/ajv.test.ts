import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { createSpecAjv, isFullDate, listOperations, loadBundledSpec, SPEC_SCHEMA_ID } from '../src/index.js';
import { fixture } from './fixtures.js';

describe('createSpecAjv', () => {
  it('registers the document once under one id, so schemas compiled from it resolve its #/ references', () => {
    const spec = createSpecAjv(fixture());
    expect(spec.ajv.getSchema(SPEC_SCHEMA_ID)).toBeDefined();
    const thing = spec.schemaAt('#/components/schemas/Thing');
    expect(thing({ id: 'a', parent: { id: 'b' } })).toBe(true);
    expect(thing({ id: 'a', parent: {} })).toBe(false);
    expect(spec.schemaAt('#/components/schemas/Thing')).toBe(thing);
    // A schema copied out of the document (or a wrapper around it) keeps resolving into the registered copy.
    const wrapper = spec.compile({
      type: 'object',
      properties: { item: { $ref: '#/components/schemas/Thing' } },
      required: ['item'],
    });
    expect(wrapper({ item: { id: 'x' } })).toBe(true);
    expect(wrapper({ item: { id: 1 } })).toBe(false);
    expect(() => spec.schemaAt('#/components/schemas/Nope')).toThrow(/no schema there/);
  });

  it('checks formats ajv-formats knows (date included) and accepts the document’s own formats as annotations', () => {
    const spec = createSpecAjv(fixture());
    expect(spec.compile({ type: 'string', format: 'date' })('2024-02-30')).toBe(false);
    expect(spec.compile({ type: 'string', format: 'email' })('nope')).toBe(false);
    expect(spec.compile({ type: 'string', format: 'house-id' })('anything')).toBe(true);
    expect(spec.compile({ type: 'string', format: 'binary' })('bytes')).toBe(true);
  });

  it('coerces text and fills defaults only when asked (for parameters, which arrive as text)', () => {
    const schema = {
      type: 'object',
      properties: { limit: { type: 'integer', default: 10 }, page: { type: 'integer' } },
    };
    const params = createSpecAjv(fixture(), { coerceTypes: true }).compile(schema);
    const data: Record<string, unknown> = { page: '2' };
    expect(params(data)).toBe(true);
    expect(data).toEqual({ page: 2, limit: 10 });
    expect(createSpecAjv(fixture()).compile(schema)({ page: '2' })).toBe(false);
  });

  it('looks at own properties only when asked, so an inherited name is not a present property', () => {
    const schema = { type: 'object', required: ['constructor'] };
    expect(createSpecAjv(fixture()).compile(schema)({})).toBe(true);
    const own = createSpecAjv(fixture(), { ownProperties: true }).compile(schema);
    expect(own({})).toBe(false);
    expect(own({ constructor: 'x' })).toBe(true);
  });

  it('reports every error by default', () => {
    const validate = createSpecAjv(fixture()).compile({ type: 'object', required: ['a', 'b'] });
    validate({});
    expect(validate.errors).toHaveLength(2);
  });

  it('compiles every request and response schema of the bundled spec', () => {
    const doc = loadBundledSpec();
    const spec = createSpecAjv(doc);
    let compiled = 0;
    for (const op of listOperations(doc)) {
      const media = [
        ...Object.values(op.requestBody?.content ?? {}),
        ...Object.values(op.responses).flatMap((r) => Object.values(r.content)),
      ];
      for (const m of media) {
        if (m.schemaPointer === undefined) continue;
        expect(typeof spec.schemaAt(m.schemaPointer)).toBe('function');
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(20);
  });
});

describe('isFullDate', () => {
  it('accepts exactly what ajv-formats’ full date accepts, over every month/day and malformed strings', () => {
    type AjvClass = typeof Ajv2020Module.default;
    const Ajv = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
      a: InstanceType<AjvClass>,
    ) => unknown;
    const ajv = new Ajv();
    addFormats(ajv);
    const library = ajv.compile({ type: 'string', format: 'date' });
    const samples: string[] = [
      '',
      '2024-1-01',
      '2024-01-1',
      '20240101',
      '2024/01/01',
      '2024-01-01T',
      'abcd-01-01',
      '２０２４-01-01',
      '2024-00-10',
      '2024-13-01',
      '1985-04-120',
      '1985-04-12 ',
      ' 1985-04-12',
      '1985-04-12\n',
      '+1985-04-12',
      '-985-04-12',
      '1985--4-12',
    ];
    // Leap and common years at every rule's edge (divisible by 4, 100, 400), and the first and last four-digit years.
    for (const year of [
      '0000',
      '0001',
      '0004',
      '0100',
      '1900',
      '1996',
      '2000',
      '2023',
      '2024',
      '2100',
      '2400',
      '9999',
    ]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++)
          samples.push(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
      }
    }
    for (const text of samples) expect([text, isFullDate(text)]).toEqual([text, library(text)]);
  });
});
