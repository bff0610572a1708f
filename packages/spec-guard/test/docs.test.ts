import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compareDocuments, type Draft, getRule } from '../src/index.js';
import { CATALOGUE } from './helpers.js';

// Documentation-only classification, through the public comparison on in-memory documents.
type Doc = Record<string, any>;
const base = (): Doc => parse(readFileSync(join(CATALOGUE, '62-no-change', 'base.yaml'), 'utf8')) as Doc;
const rules = (drafts: Draft[]) => [...new Set(drafts.map((d) => d.rule))].sort();

describe('documentation-only changes', () => {
  it('a new top-level tag or a changed vendor extension is metadata', async () => {
    const head = base();
    head.tags.push({ name: 'More', description: 'More things.' });
    head['x-tagGroups'] = [{ name: 'All', tags: ['Things'] }];
    expect(rules(await compareDocuments(base(), head))).toEqual(['SG072']);
  });

  it('named examples are reported one by one', async () => {
    const head = base();
    const media = head.paths['/v1/things'].post.requestBody.content['application/json'];
    media.examples.full = { value: { name: 'Widget', kind: 'a' } };
    media.examples.minimal.summary = 'Only the name';
    const drafts = await compareDocuments(base(), head);
    expect(drafts.map((d) => [d.rule, d.segments.at(-1)])).toEqual([
      ['SG071', 'minimal'],
      ['SG071', 'full'],
    ]);
  });

  it('a property *named* description or title is data, not documentation', async () => {
    const b = base();
    b.components.schemas.Thing.properties.title = { type: 'string' };
    b.components.schemas.Thing.properties.description = { type: 'string', maxLength: 100 };
    const head = structuredClone(b);
    delete head.components.schemas.Thing.properties.title;
    head.components.schemas.Thing.properties.description.maxLength = 500;
    const drafts = await compareDocuments(b, head);
    expect(rules(drafts)).toEqual(['SG009', 'SG013']);
    expect(drafts.every((d) => getRule(d.rule).kind === 'breaking')).toBe(true);
  });

  it('descriptions beside a $ref are compared where they are written', async () => {
    const b = base();
    b.paths['/v1/things/{thingId}'].get.responses['200'].content['application/json'].schema.description = 'The thing.';
    const head = structuredClone(b);
    head.paths['/v1/things/{thingId}'].get.responses['200'].content['application/json'].schema.description =
      'The stored thing.';
    const drafts = await compareDocuments(b, head);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ rule: 'SG070', operation: 'GET /v1/things/{thingId}' });
  });
});
