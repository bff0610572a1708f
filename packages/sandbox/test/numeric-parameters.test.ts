import { locate } from '@zestequity/spec-model';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { listOperations, loadBundledSpec } from '../src/spec/openapi.js';
import { type Client, expectFramework422, useSandbox } from './helpers.js';

/**
 * Numeric query parameters are read as decimal numerals. ajv coerces parameter text the way JavaScript reads numbers,
 * so `page=0x10` used to be page 16, `page=1e3` page 1000, `perPage=0b11` three per page and `page=%20` page 0.
 * Every numeric query parameter of every operation the spec declares is tried, not only the ones known today.
 */
let sandbox: Sandbox;
let api: Client;
useSandbox((started) => ({ sandbox, api } = started));

const doc = loadBundledSpec();
const numericQueryParameters = listOperations(doc).flatMap((operation) =>
  operation.parameters
    .filter((p) => p.in === 'query')
    .map((p) => ({ operation, name: p.name, schema: locate<Record<string, unknown>>(doc, p.schema, []).node }))
    .filter(({ schema }) => schema.type === 'integer' || schema.type === 'number'),
);

/** Forms JavaScript's `Number()` reads as numbers and no decimal parser does. */
const NOT_DECIMAL = ['0x10', '1e3', '0b11', '0o7', 'Infinity', '%20', '%201', '2%20', '1_0', '%2B%2B1'];

describe('numeric query parameters', () => {
  it('the spec declares some (else this file tests nothing)', () => {
    expect(numericQueryParameters.map((p) => p.name)).toEqual(expect.arrayContaining(['page', 'perPage']));
  });

  for (const { operation, name, schema } of numericQueryParameters) {
    if (operation.method !== 'GET' || operation.path.includes('{')) continue;
    it(`${operation.operationId} refuses ${name} written other than as a decimal numeral`, async () => {
      for (const text of NOT_DECIMAL) {
        const answer = await api.call('GET', `${operation.path}?${name}=${text}`);
        const detail = expectFramework422(answer);
        expect(detail, `${name}=${text}`).toEqual([
          { loc: ['query', name], msg: `${name} must be ${schema.type}`, type: 'type_error' },
        ]);
      }
    });

    it(`${operation.operationId} still reads ${name} written as a decimal numeral, leading zeros or .0 included`, async () => {
      const minimum = typeof schema.minimum === 'number' ? schema.minimum : 1;
      for (const text of [`${minimum}`, `00${minimum}`, `${minimum}.0`]) {
        const answer = await api.call('GET', `${operation.path}?${name}=${text}`);
        expect(answer.status, `${name}=${text}: ${answer.text}`).toBe(200);
      }
      expect(sandbox.responseProblems).toEqual([]);
    });
  }
});

describe('a repeated query parameter', () => {
  it('is read as its last value, as the live service reads it, so a valid value earlier never hides a bad one after', async () => {
    const lastValid = await api.call('GET', '/v1/spv-requests?perPage=1000&perPage=7');
    expect(lastValid.status, lastValid.text).toBe(200);
    expect(lastValid.body.limit).toBe(7);
    expect(expectFramework422(await api.call('GET', '/v1/spv-requests?perPage=7&perPage=1000'))).toEqual([
      expect.objectContaining({ loc: ['query', 'perPage'] }),
    ]);
    expect(expectFramework422(await api.call('GET', '/v1/spv-requests?status=approved&status=bogus'))).toEqual([
      expect.objectContaining({ loc: ['query', 'status'] }),
    ]);
    const lastStatus = await api.call('GET', '/v1/spv-requests?status=bogus&status=approved');
    expect(lastStatus.status, lastStatus.text).toBe(200);
  });
});
