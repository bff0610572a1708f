import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isFullDate } from '../src/spec/formats.js';

// The library's own `date` check (ajv-formats, mode "full"), the reference the fast one must equal.
const require = createRequire(import.meta.url);
const { fullFormats } = require('ajv-formats/dist/formats.js') as {
  fullFormats: { date: { validate: (s: string) => boolean } };
};
const library = fullFormats.date.validate;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('format date (isFullDate)', () => {
  it('accepts and refuses exactly what ajv-formats full `date` does, for every month/day of leap and common years', () => {
    let accepted = 0;
    for (const year of [0, 1, 4, 100, 1900, 1985, 1996, 2000, 2023, 2024, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(isFullDate(text), text).toBe(library(text));
          if (library(text)) accepted++;
        }
      }
    }
    // 13 years, six of them leap (0000, 0004, 1996, 2000, 2024, 2400): the loop really exercised accepting cases.
    expect(accepted).toBe(13 * 365 + 6);
  });

  it('refuses the malformed strings the library refuses', () => {
    const cases = [
      '',
      '1985-04-1',
      '1985-4-12',
      '85-04-12',
      '1985-04-120',
      '1985/04/12',
      '1985-04-12 ',
      ' 1985-04-12',
      '1985-04-12\n',
      '1985-0a-12',
      '198a-04-12',
      '1985-04-1a',
      '１９８５-04-12', // full-width digits: `\d` without the u flag is ASCII only
      '1985-04-12T00:00:00Z',
      '+1985-04-12',
      '-985-04-12',
      '1985--4-12',
      '19850412',
      '1985-02-29',
      '2000-02-29',
      '1900-02-29',
    ];
    for (const text of cases) expect(isFullDate(text), JSON.stringify(text)).toBe(library(text));
  });
});
