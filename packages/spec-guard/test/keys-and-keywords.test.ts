import { describe, expect, it } from 'vitest';
import { compareEdited as compare, type Doc, ruleKinds as rules } from './helpers.js';

// What the second 120-revision probe found: keys an object judges by `additionalProperties` or `patternProperties`,
// JSON Schema keywords in webhook payloads, discriminators, `$ref`s with sibling keywords, renamed union members,
// servers partners reach by default, webhooks delivered another way. Each pair is the catalogue's base with edits.

const none = () => {};
const schemas = (doc: Doc) => doc.components.schemas;
const data = (doc: Doc) => schemas(doc).ThingData;
const labels = (value: Doc) => (where: string) => (doc: Doc) => {
  schemas(doc)[where].properties.labels = structuredClone(value);
};
const stringMap = labels({ type: 'object', additionalProperties: { type: 'string' } });
const closedMap = labels({ type: 'object', additionalProperties: false });

describe('keys judged by additionalProperties and patternProperties', () => {
  it('a key a typed map sent, declared with another schema, breaks responses (SG012) and payloads (SG034)', async () => {
    const declare = (where: string) => (doc: Doc) => {
      schemas(doc)[where].properties.labels.properties = { count: { type: 'integer' } };
    };
    expect(rules(await compare(stringMap('Thing'), declare('Thing')))).toEqual(['SG012 breaking']);
    expect(rules(await compare(stringMap('ThingData'), declare('ThingData')))).toEqual([
      'SG034 breaking',
      'SG058 additive',
    ]);
  });

  it('a key a typed map accepted, declared with another schema, breaks requests (SG007); the same schema does not', async () => {
    const declare = (schema: Doc) => (doc: Doc) => {
      schemas(doc).ThingCreate.properties.labels.properties = { count: schema };
    };
    expect(rules(await compare(stringMap('ThingCreate'), declare({ type: 'integer' })))).toEqual(['SG007 breaking']);
    expect(rules(await compare(stringMap('ThingCreate'), declare({ type: 'string' })))).toEqual(['SG051 additive']);
  });

  it('a key of an open map declared is the usual new property (SG053), and a pattern covering it keeps it so', async () => {
    const declare = (doc: Doc) => {
      schemas(doc).Thing.properties.labels.properties = { n_count: { type: 'integer' } };
    };
    expect(rules(await compare(labels({ type: 'object' })('Thing'), declare))).toEqual(['SG053 additive']);
    const patterned = labels({
      type: 'object',
      additionalProperties: { type: 'string' },
      patternProperties: { '^n_': { type: 'integer' } },
    });
    expect(rules(await compare(patterned('Thing'), declare))).toEqual(['SG053 additive']);
  });

  it('a pattern beside a closed object: added, requests take more (SG052); removed, they refuse keys (SG007)', async () => {
    const pattern = (doc: Doc) => {
      schemas(doc).ThingCreate.properties.labels.patternProperties = { '^x-': { type: 'string' } };
    };
    const both = (doc: Doc) => {
      closedMap('ThingCreate')(doc);
      pattern(doc);
    };
    expect(rules(await compare(closedMap('ThingCreate'), pattern))).toEqual(['SG052 additive']);
    expect(
      rules(await compare(both, (doc) => delete schemas(doc).ThingCreate.properties.labels.patternProperties)),
    ).toEqual(['SG007 breaking']);
  });

  it('a response pattern: beside a typed map it retypes keys (SG012); beside a closed one, removed, it narrows', async () => {
    const pattern = (doc: Doc) => {
      schemas(doc).Thing.properties.labels.patternProperties = { '^n_': { type: 'integer' } };
    };
    expect(rules(await compare(stringMap('Thing'), pattern))).toEqual(['SG012 breaking']);
    const closedWithPattern = (doc: Doc) => {
      closedMap('Thing')(doc);
      pattern(doc);
    };
    const removed = await compare(
      closedWithPattern,
      (doc) => delete schemas(doc).Thing.properties.labels.patternProperties,
    );
    expect(rules(removed)).toEqual(['SG054 additive']);
  });

  it('a payload pattern: new beside a closed object may send keys (SG058), beside an open one narrows (SG059)', async () => {
    const pattern = (doc: Doc) => {
      data(doc).properties.labels.patternProperties = { '^n_': { type: 'integer' } };
    };
    expect(rules(await compare(closedMap('ThingData'), pattern))).toEqual(['SG058 additive']);
    expect(rules(await compare(labels({ type: 'object' })('ThingData'), pattern))).toEqual(['SG059 additive']);
    expect(rules(await compare(stringMap('ThingData'), pattern))).toEqual(['SG034 breaking']);
    const withPattern = (doc: Doc) => {
      labels({ type: 'object' })('ThingData')(doc);
      pattern(doc);
    };
    expect(rules(await compare(withPattern, (doc) => delete data(doc).properties.labels.patternProperties))).toEqual([
      'SG035 breaking',
    ]);
  });
});

describe('JSON Schema keywords in webhook payloads', () => {
  const keywords: Array<[string, Doc]> = [
    ['not', { not: { required: ['secret'] } }],
    ['propertyNames', { propertyNames: { maxLength: 40 } }],
    ['dependentRequired', { dependentRequired: { note: ['name'] } }],
    ['dependentSchemas', { dependentSchemas: { note: { required: ['name'] } } }],
    // `then` is spelled through a list: an object literal with a `then` key reads as a thenable to linters.
    [
      'if/then',
      Object.fromEntries([
        ['if', { required: ['note'] }],
        ['then', { required: ['name'] }],
      ]),
    ],
    ['unevaluatedProperties', { unevaluatedProperties: false }],
  ];
  it.each(keywords)('%s added sends a subset (SG059); removed, it may send more (SG035)', async (_, keyword) => {
    const add = (doc: Doc) => Object.assign(data(doc), structuredClone(keyword));
    expect(rules(await compare(none, add))).toEqual(['SG059 additive']);
    const remove = (doc: Doc) => {
      for (const key of Object.keys(keyword)) delete data(doc)[key];
    };
    expect(rules(await compare(add, remove))).toEqual(['SG035 breaking']);
  });

  it('contains, and how many matches it needs, are bounds like any other', async () => {
    const tags = (extra: Doc) => (doc: Doc) => {
      data(doc).properties.tags = { type: 'array', items: { type: 'string' }, ...extra };
    };
    expect(rules(await compare(tags({}), tags({ contains: { const: 'new' } })))).toEqual(['SG059 additive']);
    const contains = { contains: { const: 'new' } };
    expect(rules(await compare(tags(contains), tags({ ...contains, minContains: 2 })))).toEqual(['SG059 additive']);
    expect(rules(await compare(tags({ ...contains, maxContains: 1 }), tags(contains)))).toEqual(['SG035 breaking']);
  });

  it('prefixItems are compared position by position with what judged that position before', async () => {
    const tags = (extra: Doc) => (doc: Doc) => {
      data(doc).properties.tags = { type: 'array', items: { type: 'string' }, ...extra };
    };
    const narrowed = await compare(tags({}), tags({ prefixItems: [{ type: 'string', enum: ['a', 'b'] }] }));
    expect(rules(narrowed).filter((r) => r !== 'SG040 breaking')).toEqual(['SG059 additive']);
    expect(rules(await compare(tags({}), tags({ prefixItems: [{ type: 'integer' }] })))).toContain('SG034 breaking');
  });

  it('a discriminator stated narrows nothing away (SG059); gone, renamed or remapped, it breaks dispatch (SG034)', async () => {
    const shapes = (discriminator?: Doc) => (doc: Doc) => {
      const variant = (kind: string) => ({ type: 'object', required: ['kind'], properties: { kind: { const: kind } } });
      schemas(doc).Circle = variant('circle');
      schemas(doc).Square = variant('square');
      data(doc).properties.shape = {
        oneOf: [{ $ref: '#/components/schemas/Circle' }, { $ref: '#/components/schemas/Square' }],
        ...(discriminator ? { discriminator } : {}),
      };
    };
    const mapping = (square: string) => ({
      propertyName: 'kind',
      mapping: { circle: '#/components/schemas/Circle', [square]: '#/components/schemas/Square' },
    });
    expect(rules(await compare(shapes(), shapes(mapping('square'))))).toEqual(['SG059 additive']);
    expect(rules(await compare(shapes(mapping('square')), shapes()))).toEqual(['SG034 breaking']);
    expect(rules(await compare(shapes(mapping('square')), shapes(mapping('box'))))).toEqual(['SG034 breaking']);
    const renamed = { ...mapping('square'), propertyName: 'type' };
    expect(rules(await compare(shapes(mapping('square')), shapes(renamed)))).toEqual(['SG034 breaking']);
    // Spelling out the mapping a discriminator implies (each member by its schema name) is no change.
    const implied = {
      propertyName: 'kind',
      mapping: { Circle: '#/components/schemas/Circle', Square: '#/components/schemas/Square' },
    };
    expect(rules(await compare(shapes({ propertyName: 'kind' }), shapes(implied)))).toEqual([]);
  });

  it('a response header schema is read the same way: a `not` that holds as well narrows (SG054)', async () => {
    const header = (doc: Doc) => doc.paths['/v1/things/{thingId}'].get.responses['200'].headers['X-Request-Id'];
    const edit = (doc: Doc) => {
      header(doc).schema.not = { const: '' };
    };
    expect(rules(await compare(none, edit))).toEqual(['SG054 additive']);
  });
});

describe('$ref with sibling keywords (OpenAPI 3.1: both apply)', () => {
  const named = (max: number, sibling?: Doc) => (doc: Doc) => {
    schemas(doc).Name = { type: 'string', maxLength: max };
    schemas(doc).ThingCreate.properties.name = { $ref: '#/components/schemas/Name', ...(sibling ?? {}) };
  };
  it('the target tightened under a sibling bound tightens the request as far as it goes (SG007)', async () => {
    expect(rules(await compare(named(100, { maxLength: 60 }), named(40, { maxLength: 60 })))).toEqual([
      'SG007 breaking',
    ]);
    expect(rules(await compare(named(100, { maxLength: 60 }), named(80, { maxLength: 60 })))).toEqual([]);
  });

  it('a sibling that asks for no more than the target is no change; one that asks for more is', async () => {
    expect(rules(await compare(named(60), named(60, { maxLength: 90, type: ['string', 'null'] })))).toEqual([]);
    expect(rules(await compare(named(60), named(60, { maxLength: 30 })))).toEqual(['SG007 breaking']);
  });

  it('in OpenAPI 3.0 siblings of a $ref are ignored, as the specification says', async () => {
    const v30 = (edit: (doc: Doc) => void) => (doc: Doc) => {
      doc.openapi = '3.0.3';
      edit(doc);
    };
    expect(rules(await compare(v30(named(60)), v30(named(60, { maxLength: 30 }))))).toEqual([]);
  });
});

describe('where partners go by default', () => {
  it('servers in another order move the first server, where generated clients start (SG028)', async () => {
    expect(rules(await compare(none, (doc) => doc.servers.reverse()))).toEqual(['SG028 breaking']);
    const three = (doc: Doc) => doc.servers.push({ url: 'https://eu.example.test' });
    expect(rules(await compare(three, (doc) => doc.servers.splice(1, 2, doc.servers[2], doc.servers[1])))).toEqual([]);
    expect(rules(await compare(none, (doc) => doc.servers.unshift({ url: 'https://eu.example.test' })))).toEqual([
      'SG028 breaking',
      'SG060 additive',
    ]);
  });

  it("the SDK's environments, named by the servers' descriptions, moved or gone (SG028)", async () => {
    const described = (first: string, second: string) => (doc: Doc) => {
      doc.servers[0].description = first;
      doc.servers[1].description = second;
    };
    const from = described('Production', 'Sandbox');
    expect(rules(await compare(from, described('Sandbox', 'Production')))).toEqual(['SG028 breaking']);
    expect(rules(await compare(from, described('Live', 'Sandbox')))).toEqual(['SG028 breaking']);
    expect(rules(await compare(from, described('Production (EU)', 'Sandbox for tests')))).toEqual([]);
  });
});

describe('webhook deliveries', () => {
  const deleted = (doc: Doc) => doc.webhooks['thing.deleted'];
  it('an event that may also come with another method fails receivers built for one (SG036)', async () => {
    const drafts = await compare(none, (doc) => {
      deleted(doc).put = { ...structuredClone(deleted(doc).post), operationId: 'thingDeletedPut' };
    });
    expect(rules(drafts)).toEqual(['SG036 breaking']);
  });

  it('an answer documented or no longer documented is a change, though it holds only a description (SG040)', async () => {
    const responses = (doc: Doc) => deleted(doc).post.responses;
    const documented = (doc: Doc) => {
      responses(doc)['204'] = { description: 'Also fine.' };
    };
    expect(rules(await compare(none, documented))).toEqual(['SG040 breaking']);
    expect(rules(await compare(none, (doc) => delete responses(doc)['200']))).toEqual(['SG040 breaking']);
  });
});

describe('request parameters and media types that take more', () => {
  const page = (doc: Doc) => doc.paths['/v1/things'].get.parameters[0];
  it('allowEmptyValue or allowReserved set takes values it refused (SG052)', async () => {
    for (const key of ['allowReserved', 'allowEmptyValue']) {
      const edit = (doc: Doc) => {
        page(doc)[key] = true;
      };
      expect(rules(await compare(none, edit)), key).toEqual(['SG052 additive']);
    }
  });

  it('a media range takes the body as it was sent only with the same schema', async () => {
    const content = (doc: Doc) => doc.paths['/v1/things'].post.requestBody.content;
    const range = (name: string, schema?: Doc) => (doc: Doc) => {
      const c = content(doc);
      c[name] = schema ? { schema } : c['application/json'];
      delete c['application/json'];
    };
    expect(rules(await compare(none, range('*/*')))).toEqual(['SG052 additive']);
    expect(rules(await compare(none, range('application/*', { type: 'object' })))).toContain('SG004 breaking');
    // `application/*+json` covers `application/vnd.…+json`, not `application/json`.
    expect(rules(await compare(none, range('application/*+json')))).toContain('SG004 breaking');
  });
});
