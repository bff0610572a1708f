import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleFile, SpecLoadError } from '../src/index.js';
import { SPLIT_SPEC } from './helpers.js';

describe('bundling split sources', () => {
  it('names component files as redocly does and keeps every other file inline, remembering where each came from', () => {
    const { doc, origins } = bundleFile(join(SPLIT_SPEC, 'openapi.yaml'));
    const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas).sort()).toEqual(['Thing', 'ThingCreatedEvent', 'ThingStatus']);
    expect((schemas.Thing as { properties: { status: unknown } }).properties.status).toEqual({
      $ref: '#/components/schemas/ThingStatus',
    });
    const paths = doc.paths as Record<
      string,
      { get: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }
    >;
    expect(paths['/v1/things/{thingId}']?.get.responses['200']?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/Thing',
    });
    const where = (segments: string[]) =>
      origins.find((o) => o.segments.join('/') === segments.join('/'))?.file.slice(SPLIT_SPEC.length + 1);
    expect(where(['paths', '/v1/things/{thingId}'])).toBe('paths/v1_things_{thingId}.yaml');
    expect(where(['webhooks', 'thing.created'])).toBe('webhooks/thing.created.yaml');
    expect(where(['components', 'schemas', 'ThingCreatedEvent'])).toBe('components/schemas/ThingCreatedEvent.yaml');
  });

  describe('errors', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'spec-guard-bundle-'));
      await mkdir(join(dir, 'parts'));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    const root = (paths: string) => `openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n${paths}`;

    it('a missing file or fragment names what is missing', async () => {
      await writeFile(join(dir, 'openapi.yaml'), root('  /a:\n    $ref: parts/a.yaml\n'));
      expect(() => bundleFile(join(dir, 'openapi.yaml'))).toThrow(/cannot read .*parts\/a\.yaml/);
      await writeFile(join(dir, 'parts/a.yaml'), 'get: {responses: {}}\n');
      await writeFile(join(dir, 'openapi.yaml'), root("  /a:\n    $ref: 'parts/a.yaml#/put'\n"));
      expect(() => bundleFile(join(dir, 'openapi.yaml'))).toThrow(/\$ref target not found: .*parts\/a\.yaml#\/put/);
    });

    it('a cycle through files that cannot be inlined is reported, not followed forever', async () => {
      await writeFile(join(dir, 'parts/a.yaml'), 'get:\n  responses:\n    "200":\n      $ref: b.yaml\n');
      await writeFile(
        join(dir, 'parts/b.yaml'),
        'description: x\ncontent:\n  application/json:\n    schema:\n      $ref: a.yaml\n',
      );
      await writeFile(join(dir, 'openapi.yaml'), root('  /a:\n    $ref: parts/a.yaml\n'));
      expect(() => bundleFile(join(dir, 'openapi.yaml'))).toThrow(SpecLoadError);
      expect(() => bundleFile(join(dir, 'openapi.yaml'))).toThrow(/circular \$ref/);
      // A stable string to branch on, as on the client's and auth's errors.
      expect(() => bundleFile(join(dir, 'openapi.yaml'))).toThrow(
        expect.objectContaining({ code: 'spec_load_failed' }),
      );
      expect(new SpecLoadError('x').code).toBe('spec_load_failed');
    });

    it('a self-referencing component file is fine: it becomes a component that refers to itself', async () => {
      await mkdir(join(dir, 'components/schemas'), { recursive: true });
      await writeFile(
        join(dir, 'components/schemas/Node.yaml'),
        'type: object\nproperties:\n  next:\n    $ref: ./Node.yaml\n',
      );
      await writeFile(
        join(dir, 'parts/a.yaml'),
        'get:\n  responses:\n    "200":\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: ../components/schemas/Node.yaml\n',
      );
      await writeFile(join(dir, 'openapi.yaml'), root('  /a:\n    $ref: parts/a.yaml\n'));
      const { doc } = bundleFile(join(dir, 'openapi.yaml'));
      expect((doc.components as { schemas: { Node: unknown } }).schemas.Node).toEqual({
        type: 'object',
        properties: { next: { $ref: '#/components/schemas/Node' } },
      });
    });

    it('remote references are refused: spec-guard reads files, it does not fetch', async () => {
      await writeFile(join(dir, 'openapi.yaml'), root("  /a:\n    $ref: 'https://example.test/a.yaml'\n"));
      expect(() => bundleFile(join(dir, 'openapi.yaml'))).toThrow(/remote \$ref/);
    });
  });
});
