import { describe, expect, it } from 'vitest';
import { rowSpans } from '../src/domain/row-spans.js';
import { mulberry32 as prng } from '../src/faults.js';

// rowSpans finds each row of a kept bulk-create body without parsing it; every span must parse to the row
// JSON.parse finds at the same place, whatever the spacing, escapes, members around `investors` and nesting.

const STRINGS = ['plain', 'quote " inside', 'back\\slash', 'ends with \\', '{[not structure]}', 'é 😀 \u2028', ''];

function randomValue(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth > 2 || pick < 0.5) {
    const leaves = [null, true, false, 0, -1.5e-7, 1e21, ...STRINGS];
    return leaves[Math.floor(random() * leaves.length)];
  }
  if (pick < 0.75) return Array.from({ length: Math.floor(random() * 3) }, () => randomValue(random, depth + 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(random() * 3) }, (_, i) => [`${STRINGS[i]}`, randomValue(random, depth + 1)]),
  );
}

/** JSON text with random spacing between tokens (outside strings) and random \u escapes inside strings. */
function spaced(random: () => number, value: unknown): string {
  const space = () => [' ', '\n', '\t', '\r\n  ', ''][Math.floor(random() * 5)]!;
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return random() < 0.3 ? text.replace(/[a-z]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
  }
  if (Array.isArray(value))
    return `[${space()}${value.map((v) => spaced(random, v)).join(`${space()},${space()}`)}${space()}]`;
  if (value !== null && typeof value === 'object')
    return `{${space()}${Object.entries(value)
      .map(([k, v]) => `${spaced(random, k)}${space()}:${space()}${spaced(random, v)}`)
      .join(`${space()},${space()}`)}${space()}}`;
  return JSON.stringify(value);
}

describe('rowSpans', () => {
  it('finds every row of 2,000 random bodies where JSON.parse finds it', () => {
    const random = prng(20261204);
    for (let i = 0; i < 2000; i++) {
      const rows = Array.from({ length: Math.floor(random() * 5) }, (_, n) => ({
        partnerInvestorId: STRINGS[n % STRINGS.length],
        extra: randomValue(random, 0),
      }));
      const members: [string, unknown][] = [
        ['before', randomValue(random, 0)],
        ['investors', rows],
        ['after', randomValue(random, 0)],
      ];
      const body = Object.fromEntries(random() < 0.5 ? members : members.reverse());
      let text = spaced(random, body);
      // The member name itself escaped: JSON.parse reads it as `investors` all the same.
      if (random() < 0.2) text = text.replace('"investors"', '"invest\\u006frs"');
      const spans = rowSpans(text);
      const parsed = (JSON.parse(text) as { investors: unknown[] }).investors;
      expect(spans.length, text).toBe(parsed.length * 2);
      for (let n = 0; n < parsed.length; n++)
        expect(JSON.parse(text.slice(spans[2 * n], spans[2 * n + 1])), text).toEqual(parsed[n]);
    }
  });

  it('reads only the top-level investors member, not one nested in another member', () => {
    const text = '{"meta":{"investors":[1,2,3]},"list":["investors"],"investors":[ {"a":1} ,{"b":"}"}]}';
    const spans = rowSpans(text);
    expect([...spans].length).toBe(4);
    expect(JSON.parse(text.slice(spans[0], spans[1]))).toEqual({ a: 1 });
    expect(JSON.parse(text.slice(spans[2], spans[3]))).toEqual({ b: '}' });
  });
});
