import { describe, expect, it } from 'vitest';
import { compareEdited as compare, type Doc, ruleKinds as rules } from './helpers.js';

// Rules read from spec-guard's own engines, through the public comparison on in-memory documents: each pair is the
// catalogue's base with one edit (and, where the base needs it, one preparation applied to both sides).

const none = () => {};
const post = (doc: Doc) => doc.paths['/v1/things'].post;

/** A multipart upload whose file part states its size limit. */
const withUpload = (doc: Doc) => {
  doc.paths['/v1/things/{thingId}/files'] = {
    parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
    post: {
      operationId: 'uploadThingFile',
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: { file: { type: 'string', format: 'binary', 'x-zest-max-bytes': 10485760 } },
            },
          },
        },
      },
      responses: { '201': { description: 'Stored.' } },
    },
  };
};
const file = (doc: Doc) =>
  doc.paths['/v1/things/{thingId}/files'].post.requestBody.content['multipart/form-data'].schema.properties.file;

describe('x-zest-idempotency, every transition', () => {
  const set = (value: string | undefined) => (doc: Doc) => {
    if (value === undefined) delete post(doc)['x-zest-idempotency'];
    else post(doc)['x-zest-idempotency'] = value;
  };
  it.each([
    [undefined, 'none', 'SG072 docs'],
    [undefined, 'required', 'SG072 docs'],
    ['none', undefined, 'SG072 docs'],
    ['none', 'optional', 'SG062 additive'],
    ['none', 'required', 'SG023 breaking'],
    ['optional', 'none', 'SG027 breaking'],
    ['optional', undefined, 'SG027 breaking'],
    ['optional', 'required', 'SG023 breaking'],
    ['required', 'none', 'SG027 breaking'],
    ['required', undefined, 'SG027 breaking'],
    ['required', 'optional', 'SG060 additive'],
    ['optional', 'sometimes', 'SG040 breaking'],
  ])('%s -> %s is %s', async (from, to, expected) => {
    expect(rules(await compare(set(from), set(to)))).toEqual([expected]);
  });
});

describe('upload limits (x-zest-max-bytes)', () => {
  it('a limit no longer stated fails closed (SG040): the SDK and the sandbox need it', async () => {
    const drafts = await compare(withUpload, (doc) => delete file(doc)['x-zest-max-bytes']);
    expect(rules(drafts)).toEqual(['SG040 breaking']);
    expect(drafts[0]?.segments.at(-1)).toBe('x-zest-max-bytes');
  });

  it('a limit stated for the first time is metadata, like a first x-zest-idempotency (SG072)', async () => {
    const drafts = await compare(
      (doc) => {
        withUpload(doc);
        delete file(doc)['x-zest-max-bytes'];
      },
      (doc) => {
        file(doc)['x-zest-max-bytes'] = 1048576;
      },
    );
    expect(rules(drafts)).toEqual(['SG072 docs']);
  });
});

describe('servers', () => {
  it('an operation given its own servers no longer answers at the document servers (SG021), only that one', async () => {
    const drafts = await compare(none, (doc) => {
      post(doc).servers = [{ url: 'https://bulk.example.test' }];
    });
    expect(rules(drafts)).toEqual(['SG021 breaking', 'SG060 additive']);
    expect(new Set(drafts.map((d) => d.operation))).toEqual(new Set(['POST /v1/things']));
  });

  it("an operation's own servers written out the same as the document's are no change", async () => {
    const drafts = await compare(none, (doc) => {
      post(doc).servers = structuredClone(doc.servers);
    });
    expect(rules(drafts)).toEqual([]);
  });

  it('a server variable that gains a value offers a new URL (SG060)', async () => {
    const region = (values: string[]) => (doc: Doc) => {
      doc.servers[0] = {
        url: 'https://{region}.api.example.test',
        variables: { region: { default: 'eu', enum: values } },
      };
    };
    expect(rules(await compare(region(['eu']), region(['eu', 'us'])))).toEqual(['SG060 additive']);
  });
});

describe('request formats', () => {
  const idempotencyKey = (doc: Doc) => post(doc).parameters[0].schema;
  it('a header parameter that gains a format refuses values it took (SG005)', async () => {
    const drafts = await compare(none, (doc) => {
      idempotencyKey(doc).format = 'uuid';
    });
    expect(rules(drafts)).toEqual(['SG005 breaking']);
  });

  it('a header parameter whose format is dropped accepts more (SG052)', async () => {
    const drafts = await compare(
      (doc) => {
        idempotencyKey(doc).format = 'uuid';
      },
      (doc) => delete idempotencyKey(doc).format,
    );
    expect(rules(drafts)).toEqual(['SG052 additive']);
  });
});

describe('responses oasdiff does not compare', () => {
  const responses = (doc: Doc) => doc.paths['/v1/things/{thingId}'].get.responses;
  it('a 5XX range or a default response documented is SG055', async () => {
    const drafts = await compare(none, (doc) => {
      responses(doc)['5XX'] = { description: 'Server error.' };
      responses(doc).default = { description: 'Anything else.' };
    });
    expect(rules(drafts)).toEqual(['SG055 additive']);
  });

  it('a 2XX range removed is a success response removed (SG002)', async () => {
    const drafts = await compare(
      (doc) => {
        responses(doc)['2XX'] = { description: 'Some success.' };
      },
      (doc) => delete responses(doc)['2XX'],
    );
    expect(rules(drafts)).toEqual(['SG002 breaking']);
  });

  it('a tighter response limit sends a subset (SG054); a response enum that stays an enum narrows too', async () => {
    const drafts = await compare(none, (doc) => {
      doc.components.schemas.Thing.properties.tags.maxItems = 10;
      doc.components.schemas.Thing.properties.status.enum = ['active'];
    });
    expect(rules(drafts)).toEqual(['SG054 additive']);
  });
});

describe('webhook deprecations', () => {
  it('a delivery header or a payload value marked deprecated is SG061', async () => {
    const hook = (doc: Doc) => doc.webhooks['thing.created'].post;
    const drafts = await compare(none, (doc) => {
      hook(doc).parameters[1].deprecated = true;
      doc.components.schemas.ThingData.properties.note.deprecated = true;
    });
    expect(rules(drafts)).toEqual(['SG061 additive']);
    expect(drafts.filter((d) => d.rule === 'SG061')).toHaveLength(2);
  });
});

describe('fail closed, place by place', () => {
  it('reordering oneOf members or required names is no change', async () => {
    const pet = (order: string[]) => (doc: Doc) => {
      const schemas = doc.components.schemas;
      schemas.Cat = { type: 'object', required: ['meow', 'kind'], properties: { kind: { const: 'cat' } } };
      schemas.Dog = { type: 'object', required: ['kind'], properties: { kind: { const: 'dog' } } };
      schemas.Thing.properties.pet = { oneOf: order.map((name) => ({ $ref: `#/components/schemas/${name}` })) };
    };
    expect(rules(await compare(pet(['Cat', 'Dog']), pet(['Dog', 'Cat'])))).toEqual([]);
    const reversed = await compare(pet(['Cat', 'Dog']), (doc) => {
      pet(['Cat', 'Dog'])(doc);
      doc.components.schemas.Cat.required.reverse();
    });
    expect(rules(reversed)).toEqual([]);
  });

  it('a change explained in one operation is still unexplained in another that shares nothing with it', async () => {
    const drafts = await compare(none, (doc) => {
      doc.components.schemas.ThingCreate.properties.color = { type: 'string' };
      post(doc).parameters[0].schema.maxLength = 64;
      doc.paths['/v1/things'].get.parameters[0].schema.multipleOf = 2;
    });
    expect(rules(drafts)).toEqual(['SG007 breaking', 'SG040 breaking', 'SG051 additive']);
    expect(drafts.find((d) => d.rule === 'SG040')?.operation).toBe('GET /v1/things');
  });
});

describe('names that are special in JavaScript', () => {
  it('a component called constructor, removed, is a removed component (SG020)', async () => {
    const drafts = await compare(
      (doc) => {
        doc.components.schemas.constructor = { type: 'string' };
      },
      (doc) => delete doc.components.schemas.constructor,
    );
    expect(rules(drafts)).toEqual(['SG020 codegen']);
  });

  it('a request property called __proto__, removed, is a removed input (SG004)', async () => {
    const drafts = await compare(
      (doc) =>
        void Object.defineProperty(doc.components.schemas.ThingCreate.properties, '__proto__', {
          value: { type: 'string' },
          enumerable: true,
          writable: true,
          configurable: true,
        }),
      (doc) => Reflect.deleteProperty(doc.components.schemas.ThingCreate.properties, '__proto__'),
    );
    expect(rules(drafts)).toEqual(['SG004 breaking']);
  });
});
