import { describe, expect, it } from 'vitest';
import { newEventId, newId } from '../src/domain/ids.js';

describe('ids', () => {
  it('are prefix_ + lowercase hex of the asked length, fresh every time', () => {
    expect(newId('psn')).toMatch(/^psn_[0-9a-f]{12}$/);
    expect(newId('dlv', 16)).toMatch(/^dlv_[0-9a-f]{16}$/);
    expect(newId('x', 7)).toMatch(/^x_[0-9a-f]{7}$/);
    expect(newEventId()).toMatch(/^wde_[0-9a-f]{16}$/);
    // Across several refills of the random pool: no repeats, and every hex digit in every position.
    const ids = Array.from({ length: 5000 }, () => newId('psn'));
    expect(new Set(ids).size).toBe(ids.length);
    for (let position = 4; position < 16; position++) expect(new Set(ids.map((id) => id[position])).size).toBe(16);
  });
});
