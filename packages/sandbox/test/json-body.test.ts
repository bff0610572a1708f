// The JSON body reader's shape checks (nesting, array size, duplicate keys) on both of its paths: small bodies are
// parsed first and cleared of duplicate keys by their length when they are the compact spelling of their value
// (`textIsCompactSpelling`) or by their colons (`membersMatchText`), large ones are scanned byte by byte before
// parsing. The differential test holds both shortcuts to the exact byte scan's verdict.
import { describe, expect, it } from 'vitest';
import { parseJson } from '../src/http/body.js';
import { ApiError } from '../src/http/errors.js';
import {
  checkJsonShape,
  MAX_JSON_DEPTH,
  membersMatchText,
  PARSE_FIRST_BYTES,
  parsedShape,
  textIsCompactSpelling,
} from '../src/http/json-shape.js';

/** parseJson's verdict: the value, or the message of the 400 it refused the body with. */
function verdict(text: string): { value?: unknown; refused?: string } {
  try {
    return { value: parseJson(Buffer.from(text, 'utf8')) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { refused: error.message };
  }
}

/** The exact verdict on duplicate keys: members counted byte by byte against the parsed value's. */
function hasDuplicateKeys(text: string): boolean {
  return checkJsonShape(Buffer.from(text, 'utf8')) !== parsedShape(JSON.parse(text)).members;
}

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Keys and strings chosen to hit every case the fast path reasons about: colons first, inside and absent; quotes
// and backslashes (escaped in the text); and characters outside ASCII.
const PIECES = ['a', 'b', ':', ':x', 'x:', '10:00', '"', '\\', 'é', 'https://x', ''];

/**
 * JSON text for a random value, sometimes repeating a key, spacing around colons, or escaping a plain character.
 * `numbers: false` leaves numbers out, as a bulk create's rows do.
 */
function randomText(next: () => number, depth = 0, numbers = true): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const str = () => {
    const s = JSON.stringify(pick(PIECES) + pick(PIECES));
    return next() < 0.1 ? s.replace(/a/g, '\\u0061') : s;
  };
  const roll = next();
  if (depth > 3 || roll < 0.3)
    return pick(
      numbers ? [str(), '1', 'true', 'null', '-2.5e3', '1E2', '0.10', '1e21'] : [str(), 'true', 'false', 'null'],
    );
  if (roll < 0.5) {
    const items = Array.from({ length: Math.floor(next() * 4) }, () => randomText(next, depth + 1, numbers));
    return `[${items.join(next() < 0.2 ? ' , ' : ',')}]`;
  }
  const keys: string[] = Array.from({ length: Math.floor(next() * 4) }, str);
  if (keys.length > 0 && next() < 0.3) keys.push(pick(keys));
  const colon = () => pick([':', ':', ':', ' :', ': ', '\n:']);
  return `{${keys.map((k) => `${k}${colon()}${randomText(next, depth + 1, numbers)}`).join(',')}}`;
}

describe('JSON bodies: duplicate keys', () => {
  it('refuses exactly the bodies the byte-by-byte count refuses, over 40,000 generated bodies', () => {
    let refused = 0;
    const cleared = { byLength: 0, byColons: 0 };
    for (let seed = 1; seed <= 40_000; seed++) {
      // Half the bodies without numbers, where the length shortcut can apply.
      const text = `{"v":${randomText(random(seed), 0, seed % 2 === 0)}}`;
      const expected = hasDuplicateKeys(text);
      const got = verdict(text);
      expect({ seed, text, refused: got.refused !== undefined }).toEqual({ seed, text, refused: expected });
      if (expected) refused++;
      else expect(got.value).toEqual(JSON.parse(text));
      const shape = parsedShape(JSON.parse(text));
      // Each shortcut only ever clears a body: one it clears has no duplicate key.
      if (textIsCompactSpelling(text, shape)) {
        expect({ seed, text, expected }).toEqual({ seed, text, expected: false });
        cleared.byLength++;
      } else if (membersMatchText(text, shape.members)) cleared.byColons++;
    }
    // Both verdicts and every path are well represented, so the comparison above means something.
    expect(refused).toBeGreaterThan(2000);
    expect(cleared.byLength).toBeGreaterThan(2000);
    expect(cleared.byColons).toBeGreaterThan(1000);
  });

  it.each([
    ['a space before the colon', '{"a" :1,"a":2}'],
    ['a string that starts with a colon', '{"a":":x","a":1}'],
    ['a string that is a colon', '{"a":":","a":":"}'],
    ['an escaped key', '{"a":1,"\\u0061":2}'],
    ['an escaped colon in a value', '{"a":"\\u003a","a":1}'],
    ['a nested object', '{"rows":[{"id":1,"id":2}]}'],
    ['a key that is empty', '{"":1,"":2}'],
    ['strings only, written compactly', '{"rows":[{"id":"r1","email":"a@x","email":"b@x"}]}'],
    ['a dropped number and a kept string', '{"a":1,"a":"x"}'],
    ['a repeated empty object', '{"a":{},"a":{}}'],
    ['literals only', '{"a":true,"b":null,"a":false}'],
    // Each `1e21` is a character shorter than its value's spelling `1e+21`: five of them as long as the dropped `"":0,`.
    ['numbers spelled shorter than their values', '{"":0,"a":[1e21,1e21,1e21,1e21,1e21],"":0}'],
    ['escapes as long as the dropped member', '{"":"","a":"\\u0061","":""}'],
  ])('refuses a duplicated key beside %s', (_, text) => {
    expect(verdict(text).refused).toMatch(/names the same key twice/);
  });

  it.each([
    ['a string that starts with a colon', '{"a":":x"}', 'length'],
    ['a time', '{"at":"10:00:00Z","b":[1,2]}', 'bytes'],
    ['a space before a colon', '{"a" : 1}', 'colons'],
    ['escapes', '{"a":"\\"b\\"","c":"\\\\"}', 'colons'],
    ['an escape and a colon in a string', '{"a":"\\u0061:"}', 'bytes'],
    ['a URL and a space', '{"a": "https://x"}', 'bytes'],
    ['a plain body', '{"investors":[{"id":"r1","email":"x@example.com"}]}', 'length'],
    ['literals and empty containers', '{"a":[true,false,null,[],{}],"b":{"c":""}}', 'length'],
    ['characters outside ASCII', '{"name":"Zoë 🚀"}', 'length'],
  ])('accepts a body with %s, %s, its duplicate keys ruled out by its %s', (_, text, path) => {
    expect(verdict(text)).toEqual({ value: JSON.parse(text) });
    // Only bodies neither shortcut can vouch for are counted byte by byte.
    const shape = parsedShape(JSON.parse(text));
    const cleared = textIsCompactSpelling(text, shape)
      ? 'length'
      : membersMatchText(text, shape.members)
        ? 'colons'
        : 'bytes';
    expect(cleared).toBe(path);
  });
});

describe('JSON bodies: lone surrogates', () => {
  it.each([
    ['a lone high surrogate', '{"a":"\\ud800"}', 'a'],
    ['a lone low surrogate', '{"a":["x","\\udc00"]}', 'a[1]'],
    ['two high surrogates', '{"a":{"b":"\\ud83d\\ud83d"}}', 'a.b'],
    ['a pair in the wrong order', '{"a":"\\ude00\\ud83d"}', 'a'],
    ['a key', '{"rows":[{"\\udbff":1}]}', 'rows[0].\udbff'],
    ['the whole body', '"\\udfff"', ''],
  ])('refuses %s, naming where it is', (_, text, at) => {
    const refused = verdict(text).refused ?? '';
    expect(refused).toMatch(/lone UTF-16 surrogate/);
    if (at) expect(refused).toContain(`the string at ${at} `);
  });

  it.each([
    ['a pair', '{"a":"\\ud83d\\ude80"}'],
    ['a pair sent as UTF-8', '{"a":"🚀"}'],
    ['an escaped backslash before u', '{"a":"\\\\ud800"}'],
    ['other escapes', '{"a":"\\u00e9\\u0041"}'],
  ])('accepts %s', (_, text) => {
    expect(verdict(text)).toEqual({ value: JSON.parse(text) });
  });
});

describe('JSON bodies: nesting and array size on both paths', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  const padded = (text: string) => `${text}${' '.repeat(PARSE_FIRST_BYTES + 1 - text.length)}`;

  it.each([
    ['small', (t: string) => t],
    ['large', padded],
  ])('a %s body: %i levels are accepted, one more is refused', (_, shape) => {
    expect(verdict(shape(nested(MAX_JSON_DEPTH))).refused).toBeUndefined();
    expect(verdict(shape(nested(MAX_JSON_DEPTH + 1))).refused).toMatch(/nested more than 32 levels/);
  });

  it('a large body is scanned before it is parsed: an unclosed deep body is refused for its depth', () => {
    // Parsed first, this would be "not valid JSON" after building a million nested arrays.
    const text = '['.repeat(PARSE_FIRST_BYTES * 16);
    expect(verdict(text).refused).toMatch(/nested more than 32 levels/);
  });

  it.each([
    ['small', '1'],
    ['large', '"a string"'],
  ])('a %s body: an array of 10,000 items is accepted, 10,001 are refused', (size, item) => {
    const array = (n: number) => `[${Array(n).fill(item).join(',')}]`;
    expect(array(10_001).length > PARSE_FIRST_BYTES).toBe(size === 'large');
    expect(verdict(array(10_000)).refused).toBeUndefined();
    expect(verdict(array(10_001)).refused).toMatch(/more than 10,000 items/);
  });
});

describe('JSON bodies: an Object.prototype with an enumerable member', () => {
  it('makes the body check fail loudly instead of counting the inherited member', () => {
    // Counted, the inherited member would stand in for the member dropped for the repeated key.
    const text = '{"a":1,"a":1}';
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      expect(() => parseJson(Buffer.from(text, 'utf8'))).toThrow(/Object\.prototype has an enumerable member/);
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
    expect(verdict(text).refused).toMatch(/names the same key twice/);
  });
});
