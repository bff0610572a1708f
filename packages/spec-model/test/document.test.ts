import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  asOpenApiDocument,
  bundledSpecPath,
  listSchemas,
  loadSpec,
  propertyNames,
  SpecModelError,
} from '../src/index.js';
import { fixture } from './fixtures.js';

describe('loading a document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-model-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads any OpenAPI 3.1 JSON file, the bundled one included', () => {
    expect(loadSpec(write('ok.json', JSON.stringify(fixture()))).openapi).toBe('3.1.0');
    expect(loadSpec(bundledSpecPath()).openapi).toMatch(/^3\.1/);
  });

  it('refuses what is not an OpenAPI 3.1 document with a SpecModelError naming the file', () => {
    const old = write('old.json', JSON.stringify({ swagger: '2.0', paths: {} }));
    expect(() => loadSpec(old)).toThrow(SpecModelError);
    // A stable string to branch on, as on the client's and auth's errors.
    expect(() => loadSpec(old)).toThrow(expect.objectContaining({ code: 'invalid_spec' }));
    expect(() => loadSpec(old)).toThrow(`${old} is not an OpenAPI 3.1 document`);
    expect(() => loadSpec(write('bad.json', '{'))).toThrow(/cannot read .*bad\.json/);
    expect(() => loadSpec(join(dir, 'missing.json'))).toThrow(SpecModelError);
    expect(() => asOpenApiDocument({ openapi: '3.1.0', paths: [] }, 'revision')).toThrow(
      'revision has a paths that is not an object',
    );
  });
});

describe('schemas', () => {
  it('lists component schemas in document order', () => {
    expect(listSchemas(fixture())).toEqual(['Thing', 'Problem']);
  });

  it('collects property names at any depth, following $refs and ending on recursive schemas', () => {
    const doc = fixture();
    expect([...propertyNames(doc, { $ref: '#/components/schemas/Thing' })]).toEqual(['id', 'born', 'parent']);
    expect([
      ...propertyNames(doc, {
        type: 'array',
        items: { allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { extra: {} } }] },
      }),
    ]).toEqual(['code', 'extra']);
  });
});
