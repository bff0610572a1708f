// spec/reference/openapi-original.json is data taken from the live service, never edited by hand: its bytes must still
// hash to what spec/reference/README.md records, so a reformat, an edit or a line-ending conversion fails here.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { originalSpecPath, specDir } from './helpers/paths.js';

describe('spec/reference/openapi-original.json', () => {
  const bytes = readFileSync(originalSpecPath);
  const readme = readFileSync(join(specDir, 'reference/README.md'), 'utf8');

  it('is byte for byte the document the README records (size and SHA-256)', () => {
    const recordedHash = /SHA-256 \| `([0-9a-f]{64})`/.exec(readme)?.[1];
    const recordedSize = /Size \| ([\d,]+) bytes/.exec(readme)?.[1];
    expect(recordedHash, 'README.md records the hash').toBeDefined();
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(recordedHash);
    expect(bytes.length.toLocaleString('en-US')).toBe(recordedSize);
  });

  it("is the service's v1 document: OpenAPI 3.1.0, info.version 0.1.0", () => {
    const doc = JSON.parse(bytes.toString('utf8'));
    expect([doc.openapi, doc.info.version]).toEqual(['3.1.0', '0.1.0']);
  });
});
