import { describe, expect, it } from 'vitest';
import { Router } from '../src/http/router.js';

/** Every name on Object.prototype (`__proto__`, `constructor`, `toString`, …). */
const INHERITED = Object.getOwnPropertyNames(Object.prototype);

describe('Router', () => {
  it.each(INHERITED)(
    'refuses a template whose parameter is named "%s", which every object would seem to hold',
    (name) => {
      const router = new Router<number>();
      expect(() => router.add('GET', `/v1/things/{${name}}`, 1)).toThrow(/member every object inherits/);
    },
  );

  it('matches parameters as own, decoded values, and nothing else', () => {
    const router = new Router<string>();
    router.add('GET', '/v1/things/{slug}', 'thing');
    router.add('GET', '/v1/things/{slug}/parts/{partId}', 'part');
    const match = router.match('GET', '/v1/things/a%20b/parts/p_1');
    expect(match).toEqual({
      kind: 'found',
      value: 'part',
      params: { slug: 'a b', partId: 'p_1' },
      template: '/v1/things/{slug}/parts/{partId}',
    });
    if (match.kind !== 'found') throw new Error('no match');
    expect(Object.keys(match.params).sort()).toEqual(['partId', 'slug']);
    // An inherited name in the path is data, matched as a parameter's value like any other.
    const inherited = router.match('GET', '/v1/things/constructor');
    expect(inherited.kind === 'found' && inherited.params).toEqual({ slug: 'constructor' });
    expect(router.match('GET', '/v1/things/%E0%A4%A')).toEqual({ kind: 'not-found' });
  });
});
