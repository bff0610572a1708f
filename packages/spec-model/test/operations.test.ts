import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  HTTP_METHODS,
  listOperations,
  listWebhooks,
  loadBundledSpec,
  loadSpec,
  locateOperations,
  type Media,
  matchResponse,
  type OpenApiDocument,
  type Operation,
  resolveRef,
  SpecModelError,
} from '../src/index.js';
import { fixture } from './fixtures.js';

const byId = (doc: OpenApiDocument) => new Map(listOperations(doc).map((op) => [op.operationId, op]));

describe('listOperations on a fixture document', () => {
  const ops = byId(fixture());

  it('lists every HTTP method, head, options and trace included, in document order', () => {
    expect(listOperations(fixture()).map((op) => op.key)).toEqual([
      'GET /things/{id}',
      'PUT /things/{id}',
      'OPTIONS /things/{id}',
      'HEAD /things/{id}',
      'TRACE /things/{id}',
      'POST /things/{id}/file',
    ]);
    expect(HTTP_METHODS).toHaveLength(8);
  });

  it('merges path-level parameters, the operation winning on a header of different case', () => {
    const get = ops.get('getThing')!;
    expect(get.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:id:true',
      'header:x-trace:false',
      'cookie:session:false',
      'query:limit:false',
    ]);
    expect(get.parameters[1]!.schema).toEqual({ type: 'string', maxLength: 3 });
    // A path parameter is required even when the document forgets to say so; its schema is located where it lives.
    expect(get.parameters[0]!.schemaPointer).toBe('#/components/parameters/Id/schema');
    expect(get.parameters[3]!.examples).toEqual([5]);
    // The operations without parameters of their own still get the path item's.
    expect(ops.get('headThing')!.parameters.map((p) => p.name)).toEqual(['id', 'X-Trace']);
  });

  it('derives auth from the effective security: the operation’s own, else the document’s', () => {
    expect(ops.get('getThing')!.auth).toBe('optional');
    expect(ops.get('headThing')!.auth).toBe('none');
    expect(ops.get('putThing')!.auth).toBe('required');
    expect(ops.get('putThing')!.security).toEqual([{ bearer: [] }]);
  });

  it('follows request bodies, responses and path items by $ref, recording where each lives', () => {
    const put = ops.get('putThing')!;
    expect(put.requestBody).toMatchObject({ required: true, pointer: '#/components/requestBodies/Thing' });
    expect(put.requestBody!.content['application/json']!.schemaPointer).toBe('#/components/schemas/Thing');
    const get = ops.get('getThing')!;
    expect(Object.keys(get.responses)).toEqual(['200', '4XX', 'default']);
    expect(get.responses['4XX']).toMatchObject({
      pointer: '#/components/responses/Problem',
      description: 'local words win',
    });
    expect(get.responses['200']!.headers['X-Rate']).toEqual({
      required: true,
      schema: { type: 'integer' },
      schemaPointer: '#/paths/~1things~1{id}/get/responses/200/headers/X-Rate/schema',
    });
    // Media types are compared case-insensitively on the wire, so the model keys them in lower case.
    expect(get.responses['200']!.content['application/json']!.examples).toEqual([{ id: 'a' }]);
    expect(ops.get('uploadThingFile')!.pointer).toBe('#/components/pathItems/Upload/post');
  });

  it('reads x-zest-idempotency and x-zest-emits, defaulting to none and []', () => {
    expect(ops.get('putThing')).toMatchObject({ idempotency: 'required', emits: ['thing.changed'] });
    expect(ops.get('getThing')).toMatchObject({ idempotency: 'none', emits: [] });
  });

  it('reads upload limits from the file part’s x-zest-max-bytes and its encoding', () => {
    expect(ops.get('uploadThingFile')!.upload).toEqual({
      fileField: 'doc',
      maxBytes: 1024,
      contentTypes: ['application/pdf', 'image/png'],
    });
    expect(ops.get('putThing')!.upload).toBeUndefined();
  });

  it('matches a status to the declared key: exact, then range, then default', () => {
    const get = ops.get('getThing')!;
    expect(matchResponse(get, 200)).toBe('200');
    expect(matchResponse(get, 404)).toBe('4XX');
    expect(matchResponse(get, 503)).toBe('default');
    expect(matchResponse(ops.get('headThing')!, 500)).toBeUndefined();
  });

  it('lists webhooks as operations keyed by event type', () => {
    const [hook, ...rest] = listWebhooks(fixture());
    expect(rest).toEqual([]);
    expect(hook).toMatchObject({
      key: 'webhook thing.changed',
      kind: 'webhook',
      method: 'POST',
      path: 'thing.changed',
      operationId: 'onThingChanged',
    });
    expect(hook!.requestBody!.content['application/json']!.schemaPointer).toBe('#/components/schemas/Thing');
  });
});

describe('listOperations refuses an incomplete document, naming the spot', () => {
  const broken = (change: (doc: any) => void) => {
    const doc = fixture();
    change(doc);
    return () => listOperations(doc);
  };

  it('an operation without operationId', () => {
    expect(broken((d) => delete d.paths['/things/{id}'].trace.operationId)).toThrow(
      /#\/paths\/~1things~1\{id\}\/trace: operation has no operationId/,
    );
  });
  it('an x-zest-idempotency outside required, optional and none', () => {
    expect(broken((d) => (d.paths['/things/{id}'].put['x-zest-idempotency'] = 'always'))).toThrow(
      /x-zest-idempotency must be/,
    );
  });
  it('an unresolvable or circular $ref', () => {
    expect(broken((d) => (d.paths['/things/{id}'].parameters[0] = { $ref: '#/components/parameters/Nope' }))).toThrow(
      SpecModelError,
    );
    expect(broken((d) => (d.components.requestBodies.Thing = { $ref: '#/components/requestBodies/Thing' }))).toThrow(
      /circular/,
    );
  });
  it('an upload without x-zest-max-bytes or without accepted content types', () => {
    expect(
      broken(
        (d) =>
          delete d.components.pathItems.Upload.post.requestBody.content['multipart/form-data'].schema.properties.doc[
            'x-zest-max-bytes'
          ],
      ),
    ).toThrow(/uploadThingFile .*file part doc needs x-zest-max-bytes/);
    expect(
      broken((d) => delete d.components.pathItems.Upload.post.requestBody.content['multipart/form-data'].encoding),
    ).toThrow(/needs encoding\.doc\.contentType/);
  });
});

describe('locateOperations (lenient, for linters)', () => {
  it('skips a path item it cannot resolve instead of throwing, and keeps the raw nodes', () => {
    const doc = fixture() as any;
    doc.paths['/gone'] = { $ref: '#/components/pathItems/Gone' };
    delete doc.paths['/things/{id}'].get.operationId;
    const found = locateOperations(doc, 'path');
    expect(found.map((o) => o.key)).toContain('GET /things/{id}');
    expect(found.some((o) => o.name === '/gone')).toBe(false);
    const upload = found.find((o) => o.key === 'POST /things/{id}/file')!;
    expect(upload.segments).toEqual(['components', 'pathItems', 'Upload', 'post']);
    expect(locateOperations(doc, 'webhook').map((o) => o.key)).toEqual(['webhook thing.changed']);
  });
});

describe('the bundled spec', () => {
  const doc = loadBundledSpec();
  const ops = listOperations(doc);

  it('has unique operationIds and keys across paths and webhooks', () => {
    const all = [...ops, ...listWebhooks(doc)];
    expect(new Set(all.map((o) => o.operationId)).size).toBe(all.length);
    expect(new Set(all.map((o) => o.key)).size).toBe(all.length);
    expect(ops.length).toBe(
      Object.values(doc.paths!).reduce<number>(
        (n, item) => n + HTTP_METHODS.filter((m) => m in (resolveRef(doc, item) as object)).length,
        0,
      ),
    );
  });

  it('gives every upload operation limits that are the spec’s own numbers', () => {
    const uploads = ops.filter((o) => o.upload);
    expect(uploads.length).toBeGreaterThan(0);
    for (const op of uploads) {
      const media = op.requestBody!.content['multipart/form-data']!;
      const file = resolveRef<any>(doc, media.schema).properties[op.upload!.fileField];
      expect(op.upload!.maxBytes).toBe(resolveRef<any>(doc, file)['x-zest-max-bytes']);
    }
  });

  it('says which operations take an Idempotency-Key, agreeing with the header’s required flag', () => {
    const keyed = ops.filter((o) =>
      o.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
    );
    expect(keyed.length).toBeGreaterThan(0);
    for (const op of keyed) {
      const header = op.parameters.find((p) => p.name.toLowerCase() === 'idempotency-key')!;
      expect(op.idempotency).toBe(header.required ? 'required' : 'optional');
    }
    for (const op of ops.filter((o) => !keyed.includes(o))) expect(op.idempotency).toBe('none');
  });

  it('reads the dereferenced bundle (every $ref inlined) to the same facts', () => {
    const inlined = loadSpec(
      createRequire(import.meta.url).resolve('@zestequity/partner-api-spec/openapi.dereferenced.json'),
    );
    const media = (content: Record<string, Media> = {}) =>
      Object.values(content).map((m) => [m.mediaType, m.examples, m.encoding]);
    const facts = (list: Operation[]) =>
      list.map((op) => ({
        ...op,
        node: undefined,
        parameters: op.parameters.map((p) => [p.in, p.name, p.required, p.examples]),
        requestBody: op.requestBody && [op.requestBody.required, media(op.requestBody.content)],
        responses: Object.values(op.responses).map((r) => [
          r.status,
          r.description,
          media(r.content),
          Object.keys(r.headers),
        ]),
      }));
    expect(facts(listOperations(inlined))).toEqual(facts(ops));
  });

  it('returns a fresh copy each time', () => {
    const a = loadBundledSpec();
    (a.info as any).title = 'changed';
    expect((loadBundledSpec().info as any).title).not.toBe('changed');
  });
});
