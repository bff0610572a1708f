import { describe, expect, it } from 'vitest';
import { IdNumbers } from '../src/domain/people-batch.js';

describe('IdNumbers (the last four hex digits of a batch id)', () => {
  it('spells every row number 0..65535 as a different tail and reads each back, for any key', () => {
    for (const key of ['00000000', 'ffffffff', '7799be59', 'a1b2c3d4']) {
      const numbers = new IdNumbers(key);
      const tails = new Set<string>();
      for (let n = 0; n < 0x10000; n++) {
        const tail = numbers.spell(n);
        expect(tail).toMatch(/^[0-9a-f]{4}$/);
        tails.add(tail);
        if (numbers.read(tail) !== n) expect.fail(`${key}: ${n} -> ${tail} -> ${numbers.read(tail)}`);
      }
      expect(tails.size).toBe(0x10000);
    }
  });

  it('refuses tails that are not four lowercase hex digits', () => {
    const numbers = new IdNumbers('7799be59');
    for (const tail of ['', '123', '12345', 'ABCD', '12g4', ' 123', '٠١٢٣']) expect(numbers.read(tail), tail).toBe(-1);
  });
});
