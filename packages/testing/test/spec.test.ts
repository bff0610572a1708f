import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpec, specExample, specPath } from '../src/index.js';

describe('the bundled spec', () => {
  it('loads the built OpenAPI 3.1 document with its examples', () => {
    expect(existsSync(specPath())).toBe(true);
    const spec = loadSpec();
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(spec.paths).length).toBeGreaterThan(0);
    expect(Object.keys(spec.components.examples ?? {}).length).toBeGreaterThan(0);
  });

  it('parses afresh each time, so edits to one copy do not leak', () => {
    const first = loadSpec();
    first.info.title = 'changed';
    expect(loadSpec().info.title).not.toBe('changed');
  });

  it('specExample returns a copy of a named example value and names a missing one', () => {
    const spec = loadSpec();
    const [name, entry] = Object.entries(spec.components.examples!)[0]!;
    const value = specExample(name, spec);
    expect(value).toEqual(entry.value);
    if (value && typeof value === 'object') expect(value).not.toBe(entry.value);
    expect(() => specExample('NoSuchExample', spec)).toThrow(/components\.examples\.NoSuchExample/);
  });
});
