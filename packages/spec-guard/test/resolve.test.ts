import { describe, expect, it } from 'vitest';
import { resolve } from '../src/document.js';

// Every engine follows `$ref`s through `resolve`, which builds on `@zestequity/spec-model`'s lenient `locate`. The
// loader and oasdiff refuse documents with dangling references before the engines run, so this is the one place that
// pins what a dangling reference means to an engine: nothing, never the `$ref` object itself.
describe('resolve', () => {
  const doc = {
    components: {
      schemas: {
        Real: { type: 'string' },
        Alias: { $ref: '#/components/schemas/Real', description: 'alias' },
        Broken: { $ref: '#/components/schemas/Gone' },
      },
    },
  };

  it('follows a chain, lays siblings over the target and says where it lives', () => {
    expect(resolve(doc, { $ref: '#/components/schemas/Alias' }, ['x'])).toEqual({
      node: { type: 'string', description: 'alias' },
      segments: ['components', 'schemas', 'Real'],
    });
  });

  it('resolves a dangling reference, directly or at the end of a chain, to nothing at its target', () => {
    expect(resolve(doc, { $ref: '#/components/schemas/Gone' }, ['x'])).toEqual({
      node: undefined,
      segments: ['components', 'schemas', 'Gone'],
    });
    expect(resolve(doc, { $ref: '#/components/schemas/Broken' }, ['x'])).toEqual({
      node: undefined,
      segments: ['components', 'schemas', 'Gone'],
    });
  });

  it('hands back a reference it cannot follow (another file) as it is', () => {
    const external = { $ref: 'other.yaml#/X' };
    expect(resolve(doc, external, ['x'])).toEqual({ node: external, segments: ['x'] });
  });
});
