import { describe, expect, it } from 'vitest';
// The fault injector's seeded PRNG, so a failing fuzz case can be replayed from its seed.
import { mulberry32 as prng } from '../src/faults.js';
import { canonicalJson, referenceCanonicalJson, requestHash } from '../src/idempotency.js';

// Keys the engine enumerates out of insertion order ('2', '10'), or that an assignment would misread
// ('__proto__'), next to ordinary, non-ASCII and surrogate ones.
const KEYS = [
  'a',
  'B',
  'b',
  'zeta',
  'é',
  '\ud83d\ude00',
  '\ud800',
  '',
  '2',
  '10',
  '01',
  '__proto__',
  'toJSON',
  'partnerInvestorId',
  'email',
];
const STRINGS = [
  '',
  'plain',
  'quote " and \\ backslash',
  'line\nbreak\u0001',
  'é',
  '\ud83d\ude00',
  'lone \udc00 surrogate',
  '2',
];

function randomValue(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth > 3 || pick < 0.45) {
    const leaves = [null, true, false, 0, -0, 1.5, 1e21, -7, Number.NaN, undefined, ...STRINGS];
    return leaves[Math.floor(random() * leaves.length)];
  }
  if (pick < 0.7) {
    const array: unknown[] = [];
    const length = Math.floor(random() * 4);
    for (let i = 0; i < length; i++) array.push(randomValue(random, depth + 1));
    if (random() < 0.1) array[length + 1] = 'after a hole';
    return array;
  }
  // Built with defineProperty so '__proto__' becomes an own member, as JSON.parse makes it.
  const object: Record<string, unknown> = {};
  const count = Math.floor(random() * 5);
  for (let i = 0; i < count; i++) {
    const key = KEYS[Math.floor(random() * KEYS.length)]!;
    Object.defineProperty(object, key, {
      value: randomValue(random, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

describe('canonicalJson', () => {
  it('writes the same bytes as the reference definition on a 100-row bulk body', () => {
    const body = JSON.parse(
      JSON.stringify({
        investors: Array.from({ length: 100 }, (_, i) => ({
          partnerInvestorId: `acme-${i}`,
          email: `investor${i}@example.com`,
          firstName: 'Alice',
          lastName: 'Liddell',
          dateOfBirth: '1985-04-12',
          countryOfResidence: 'AE',
        })),
      }),
    );
    const canonical = canonicalJson(body);
    expect(canonical).toBe(referenceCanonicalJson(body));
    expect(
      canonical.startsWith(
        '{"investors":[{"countryOfResidence":"AE","dateOfBirth":"1985-04-12","email":"investor0@example.com"',
      ),
    ).toBe(true);
  });

  it('writes the same bytes as the reference on 5,000 random documents (odd keys, holes, surrogates, undefined)', () => {
    const random = prng(20261128);
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(random, 0);
      expect(canonicalJson(value), JSON.stringify(value)).toBe(referenceCanonicalJson(value));
    }
    // Parsed, as bodies really arrive.
    const parsed = JSON.parse('{"__proto__":{"10":1,"2":2},"b":[1,{"z":null,"a":"x"}],"a":"\\ud800"}');
    expect(canonicalJson(parsed)).toBe(referenceCanonicalJson(parsed));
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"10":1,"2":2},"a":"\\ud800","b":[1,{"a":"x","z":null}]}');
  });

  it('makes the idempotency hash independent of key order only', () => {
    const a = requestHash(
      'POST',
      '/v1/investors',
      JSON.parse('{"investors":[{"email":"a@example.com","partnerInvestorId":"x"}]}'),
    );
    const b = requestHash(
      'POST',
      '/v1/investors',
      JSON.parse('{"investors":[{"partnerInvestorId":"x","email":"a@example.com"}]}'),
    );
    const c = requestHash(
      'POST',
      '/v1/investors',
      JSON.parse('{"investors":[{"partnerInvestorId":"y","email":"a@example.com"}]}'),
    );
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
