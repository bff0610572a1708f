import { describe, expect, it } from 'vitest';
import {
  escapePointer,
  formatPointer,
  getAt,
  locate,
  parsePointer,
  resolveRef,
  SpecModelError,
  unescapePointer,
} from '../src/index.js';
import { fixture } from './fixtures.js';

describe('JSON pointers', () => {
  it('escape ~ before / so the two round-trip', () => {
    for (const segment of ['/v1/spvs/{spvSlug}', 'a~1b', '~/', 'plain'])
      expect(unescapePointer(escapePointer(segment))).toBe(segment);
    expect(formatPointer(['paths', '/v1/x~y', 'get'])).toBe('#/paths/~1v1~1x~0y/get');
    expect(parsePointer('#/paths/~1v1~1x~0y/get')).toEqual(['paths', '/v1/x~y', 'get']);
    expect(parsePointer('#')).toEqual([]);
  });

  it('percent-decode the URI fragment form (RFC 6901 section 6), as $refs written by other tools use it', () => {
    expect(parsePointer('#/paths/~1v1~1spvs~1%7BspvSlug%7D/get')).toEqual(['paths', '/v1/spvs/{spvSlug}', 'get']);
    expect(
      resolveRef({ paths: { '/v1/{id}': { get: { ok: true } } } }, { $ref: '#/paths/~1v1~1%7Bid%7D/get' }),
    ).toEqual({ ok: true });
    // A `%` that starts no escape is kept as written rather than failing the whole document.
    expect(parsePointer('#/paths/100%')).toEqual(['paths', '100%']);
  });

  it('reads arrays by index and never reads inherited properties', () => {
    expect(getAt({ a: [{ b: 1 }] }, ['a', '0', 'b'])).toBe(1);
    expect(getAt({}, ['constructor'])).toBeUndefined();
  });
});

describe('$ref resolution', () => {
  const doc = fixture();

  it('follows a chain and says where the target lives', () => {
    const withChain = {
      ...doc,
      components: {
        ...doc.components,
        parameters: { ...doc.components!.parameters, Alias: { $ref: '#/components/parameters/Id' } },
      },
    };
    expect(locate(withChain, { $ref: '#/components/parameters/Alias' }, ['x'])).toEqual({
      node: { name: 'id', in: 'path', schema: { type: 'string', format: 'house-id' } },
      segments: ['components', 'parameters', 'Id'],
    });
  });

  it('lays the siblings of a $ref over its target (OpenAPI 3.1), without changing the target', () => {
    expect(resolveRef(doc, { $ref: '#/components/responses/Problem', description: 'mine' })).toMatchObject({
      description: 'mine',
    });
    expect((doc.components!.responses!.Problem as { description: string }).description).toBe('shared');
  });

  it('returns anything that is not a reference as it is', () => {
    const node = { type: 'string' };
    expect(resolveRef(doc, node)).toBe(node);
    expect(resolveRef(doc, undefined)).toBeUndefined();
  });

  it('throws a SpecModelError for a missing, circular or non-local target; lenient mode hands the $ref back', () => {
    expect(() => resolveRef(doc, { $ref: '#/components/schemas/Nope' })).toThrow(SpecModelError);
    expect(() => resolveRef({ a: { $ref: '#/b' }, b: { $ref: '#/a' } }, { $ref: '#/a' })).toThrow(/circular/);
    expect(() => resolveRef(doc, { $ref: 'other.yaml#/x' })).toThrow(/non-local/);
    expect(locate(doc, { $ref: 'other.yaml#/x' }, ['here'], false)).toEqual({
      node: { $ref: 'other.yaml#/x' },
      segments: ['here'],
    });
  });
});
