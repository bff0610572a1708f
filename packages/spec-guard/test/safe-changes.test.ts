import { describe, expect, it } from 'vitest';
import { type Doc, useEditedPairs } from './helpers.js';

// Changes that are safe for partners (or only partly unsafe) and that spec-guard used to fail or misfile: OAuth 2
// scopes, lists of types, request defaults, webhook variants, numeric bounds, response headers, security that only
// asks for less. Each pair is the catalogue's base with edits, so every finding comes from those edits.
const compare = useEditedPairs('spec-guard-safe-changes-');

const schemas = (doc: Doc) => doc.components.schemas;
const none = () => {};
const oauth2 = (doc: Doc) => {
  doc.components.securitySchemes.bearerAuth = {
    type: 'oauth2',
    flows: { clientCredentials: { tokenUrl: 'https://api.example.test/oauth2/tokens', scopes: { read: 'read' } } },
  };
};
const flow = (doc: Doc) => doc.components.securitySchemes.bearerAuth.flows.clientCredentials;

describe('security schemes: scopes and HTTP scheme names', () => {
  it('a new scope definition is additive (SG060), a reworded one is text (SG070)', async () => {
    expect(
      await compare(oauth2, (doc) => {
        flow(doc).scopes.write = 'write things';
      }),
    ).toMatchObject({
      ok: true,
      rules: ['SG060 additive'],
    });
    expect(
      await compare(oauth2, (doc) => {
        flow(doc).scopes.read = 'Read your things';
      }),
    ).toMatchObject({
      ok: true,
      rules: ['SG070 docs'],
    });
  });

  it('a scope definition removed breaks partners who ask for it (SG017), without touching every operation', async () => {
    const result = await compare(
      (doc) => {
        oauth2(doc);
        flow(doc).scopes.write = 'write things';
      },
      (doc) => {
        delete flow(doc).scopes.write;
      },
    );
    expect(result).toMatchObject({ ok: false, rules: ['SG017 breaking'] });
    expect(result.messages.join('\n')).toContain('scope `write`');
  });

  it('a token URL that moves is SG017, and the message names what changed', async () => {
    const result = await compare(oauth2, (doc) => {
      flow(doc).tokenUrl = 'https://auth.example.test/token';
    });
    expect(result.ok).toBe(false);
    const sg017 = result.messages.filter((m) => m.startsWith('SG017'));
    expect(sg017).toEqual([
      'SG017 security scheme `bearerAuth` changed: `flows.clientCredentials.tokenUrl` from `https://api.example.test/oauth2/tokens` to `https://auth.example.test/token`',
    ]);
  });

  it('an HTTP auth scheme name in another case is no change (RFC 7235); another scheme is SG017 with both names', async () => {
    const scheme = (value: string) => (doc: Doc) => {
      doc.components.securitySchemes.bearerAuth.scheme = value;
    };
    expect(await compare(none, scheme('Bearer'))).toMatchObject({ ok: true, rules: [] });
    expect(await compare(scheme('BEARER'), scheme('bearer'))).toMatchObject({ ok: true, rules: [] });
    const basic = await compare(none, scheme('basic'));
    expect(basic.ok).toBe(false);
    expect(basic.messages).toContain('SG017 security scheme `bearerAuth` changed: `scheme` from `bearer` to `basic`');
  });
});

describe('lists of types are compared as sets', () => {
  const type = (name: string, prop: string, value: unknown) => (doc: Doc) => {
    schemas(doc)[name].properties[prop].type = value;
  };

  it('a request value that accepts more types relaxes (SG052)', async () => {
    for (const [from, to] of [
      ['integer', ['integer', 'string']],
      ['string', ['number', 'string']],
      ['integer', 'number'],
      [
        ['integer', 'string'],
        ['boolean', 'integer', 'string'],
      ],
    ]) {
      const result = await compare(type('ThingCreate', 'size', from), type('ThingCreate', 'size', to));
      expect(result, `${from} -> ${to}`).toMatchObject({ ok: true, rules: ['SG052 additive'] });
    }
  });

  it('a request value that loses a type breaks (SG005)', async () => {
    for (const [from, to] of [
      [['integer', 'string'], 'integer'],
      ['number', 'integer'],
      [
        ['integer', 'string'],
        ['boolean', 'integer'],
      ],
    ]) {
      const result = await compare(type('ThingCreate', 'size', from), type('ThingCreate', 'size', to));
      expect(result.rules, `${from} -> ${to}`).toContain('SG005 breaking');
      expect(result.ok).toBe(false);
    }
  });

  it('a response value that sends fewer types narrows (SG054); one that sends more breaks (SG012)', async () => {
    // (`number` to `integer` alone is not reported by oasdiff at all, and fails closed.)
    for (const [from, to] of [
      [['integer', 'string'], 'integer'],
      [['number', 'string'], 'integer'],
      [
        ['boolean', 'integer', 'string'],
        ['integer', 'string'],
      ],
    ]) {
      const result = await compare(type('Thing', 'name', from), type('Thing', 'name', to));
      expect(result.rules, `${from} -> ${to}`).toEqual(['SG054 additive']);
    }
    for (const [from, to] of [
      ['integer', ['integer', 'string']],
      ['integer', 'number'],
    ]) {
      const result = await compare(type('Thing', 'name', from), type('Thing', 'name', to));
      expect(result.rules, `${from} -> ${to}`).toContain('SG012 breaking');
    }
  });
});

describe('request defaults', () => {
  it('a default added to, changed on or removed from an optional request property is SG008, as for a parameter', async () => {
    const kind = (doc: Doc) => schemas(doc).ThingCreate.properties.kind;
    const cases: Array<[(doc: Doc) => void, (doc: Doc) => void]> = [
      [
        none,
        (doc) => {
          kind(doc).default = 'a';
        },
      ],
      [
        (doc) => {
          kind(doc).default = 'a';
        },
        (doc) => {
          kind(doc).default = 'b';
        },
      ],
      [
        (doc) => {
          kind(doc).default = 'a';
        },
        (doc) => {
          delete kind(doc).default;
        },
      ],
      [
        none,
        (doc) => {
          doc.paths['/v1/things'].get.parameters[0].schema.default = 2;
        },
      ],
    ];
    for (const [editBase, editHead] of cases) {
      expect(await compare(editBase, editHead)).toMatchObject({ ok: false, rules: ['SG008 breaking'] });
    }
  });
});

describe('webhook variants are matched whatever order their properties are written in', () => {
  const variant = (kind: string, order: string[]): Doc => {
    const all: Doc = {
      kind: { type: 'string', const: kind },
      schemaVersion: { type: 'integer', const: 1 },
      id: { type: 'string' },
    };
    return {
      type: 'object',
      required: ['kind', 'schemaVersion', 'id'],
      properties: Object.fromEntries(order.map((name) => [name, all[name]])),
    };
  };
  const source = (variants: unknown[]) => (doc: Doc) => {
    schemas(doc).ThingData.properties.source = { oneOf: variants };
  };
  const natural = ['kind', 'schemaVersion', 'id'];
  const reordered = ['schemaVersion', 'kind', 'id'];

  it('reordering the properties inside the variants is no change', async () => {
    const result = await compare(
      source([variant('a', natural), variant('b', natural)]),
      source([variant('a', reordered), variant('b', reordered)]),
    );
    expect(result).toMatchObject({ ok: true, rules: [] });
    // Nor is reordering the variants themselves.
    expect(
      await compare(
        source([variant('a', natural), variant('b', natural)]),
        source([variant('b', reordered), variant('a', natural)]),
      ),
    ).toMatchObject({ ok: true, rules: [] });
  });

  it('a variant that gains a constant property is the same variant with a new property (SG058)', async () => {
    const withRegion = (kind: string) => {
      const v = variant(kind, natural);
      v.properties.region = { type: 'string', const: 'eu' };
      return v;
    };
    const result = await compare(
      source([variant('a', natural), variant('b', natural)]),
      source([withRegion('a'), variant('b', reordered)]),
    );
    expect(result).toMatchObject({ ok: true, rules: ['SG058 additive'] });
  });

  it('a variant whose constant changed is a new variant (SG034), the old one lost (SG059)', async () => {
    const result = await compare(
      source([variant('a', natural), variant('b', natural)]),
      source([variant('a', reordered), variant('c', reordered)]),
    );
    expect(result).toMatchObject({ ok: false, rules: ['SG034 breaking', 'SG059 additive'] });
    expect(result.messages.join('\n')).toContain('gained a oneOf variant (kind=`c`, schemaVersion=`1`)');
  });
});

describe('minimum and exclusiveMinimum (and the maxima) are one bound', () => {
  const data = (prop: string, schema: Doc) => (doc: Doc) => {
    schemas(doc).ThingData.properties[prop] = schema;
  };

  it('in a webhook: a bound made exclusive sends less (SG059), the reverse sends more (SG035)', async () => {
    for (const type of ['integer', 'number']) {
      const tighter = await compare(
        data('retries', { type, minimum: 0 }),
        data('retries', { type, exclusiveMinimum: 0 }),
      );
      expect(tighter, type).toMatchObject({ ok: true, rules: ['SG059 additive'] });
      const looser = await compare(
        data('retries', { type, exclusiveMaximum: 10 }),
        data('retries', { type, maximum: 10 }),
      );
      expect(looser, type).toMatchObject({ ok: false, rules: ['SG035 breaking'] });
    }
    // A number: minimum 0 to exclusiveMinimum -1 lets -0.5 through.
    expect(
      await compare(
        data('score', { type: 'number', minimum: 0 }),
        data('score', { type: 'number', exclusiveMinimum: -1 }),
      ),
    ).toMatchObject({ ok: false, rules: ['SG035 breaking'] });
    // The tighter of two written bounds is the one that counts.
    expect(
      await compare(
        data('score', { type: 'number', minimum: 0, exclusiveMinimum: 5 }),
        data('score', { type: 'number', exclusiveMinimum: 5 }),
      ),
    ).toMatchObject({ ok: true, rules: [] });
  });

  it('for integers, exclusiveMinimum: n is minimum: n + 1, in requests, responses and webhooks alike', async () => {
    const page = (schema: Doc) => (doc: Doc) => {
      doc.paths['/v1/things'].get.parameters[0].schema = schema;
    };
    expect(
      await compare(page({ type: 'integer', minimum: 1 }), page({ type: 'integer', exclusiveMinimum: 0 })),
    ).toMatchObject({ ok: true, rules: [] });
    expect(
      await compare(page({ type: 'integer', maximum: 99 }), page({ type: 'integer', exclusiveMaximum: 100 })),
    ).toMatchObject({ ok: true, rules: [] });
    const size = (schema: Doc) => (doc: Doc) => {
      schemas(doc).Thing.properties.size = schema;
    };
    expect(
      await compare(size({ type: 'integer', maximum: 10 }), size({ type: 'integer', exclusiveMaximum: 10.5 })),
    ).toMatchObject({ ok: true, rules: [] });
    expect(
      await compare(size({ type: 'integer', maximum: 10 }), size({ type: 'integer', exclusiveMaximum: 12 })),
    ).toMatchObject({ ok: false, rules: ['SG013 breaking'] });
    expect(
      await compare(
        data('retries', { type: 'integer', minimum: 1 }),
        data('retries', { type: 'integer', exclusiveMinimum: 0.5 }),
      ),
    ).toMatchObject({ ok: true, rules: [] });
    // A real change still shows: exclusiveMinimum 0 is minimum 1, so minimum 0 accepts 0 as well.
    expect(
      await compare(page({ type: 'integer', exclusiveMinimum: 0 }), page({ type: 'integer', minimum: 0 })),
    ).toMatchObject({ ok: true, rules: ['SG052 additive'] });
    expect(
      await compare(page({ type: 'integer', minimum: 0 }), page({ type: 'integer', exclusiveMinimum: 0 })),
    ).toMatchObject({ ok: false, rules: ['SG007 breaking'] });
  });

  it('a request number whose bound moves to its inclusive counterpart accepts more (SG052), not a "minimum set"', async () => {
    const size = (schema: Doc) => (doc: Doc) => {
      schemas(doc).ThingCreate.properties.size = schema;
    };
    expect(
      await compare(size({ type: 'number', exclusiveMinimum: 0 }), size({ type: 'number', minimum: 0 })),
    ).toMatchObject({ ok: true, rules: ['SG052 additive'] });
    expect(
      await compare(size({ type: 'number', exclusiveMaximum: 1 }), size({ type: 'number', maximum: 1 })),
    ).toMatchObject({ ok: true, rules: ['SG052 additive'] });
    // The other way round rejects the bound itself.
    expect(
      await compare(size({ type: 'number', minimum: 0 }), size({ type: 'number', exclusiveMinimum: 0 })),
    ).toMatchObject({ ok: false, rules: ['SG007 breaking'] });
    const page = (schema: Doc) => (doc: Doc) => {
      doc.paths['/v1/things'].get.parameters[0].schema = schema;
    };
    expect(
      await compare(page({ type: 'number', exclusiveMinimum: 0 }), page({ type: 'number', minimum: 0 })),
    ).toMatchObject({ ok: true, rules: ['SG052 additive'] });
  });
});

describe('response headers', () => {
  const headers = (edit: (h: Doc) => void) => (doc: Doc) => {
    const response = doc.paths['/v1/things/{thingId}'].get.responses['200'];
    response.headers ??= {};
    edit(response.headers);
  };

  it('a new response header, optional or always sent, is additive (SG055)', async () => {
    for (const required of [false, true]) {
      const result = await compare(
        none,
        headers((h) => {
          h['X-RateLimit-Remaining'] = { required, schema: { type: 'integer' } };
        }),
      );
      expect(result, `required: ${required}`).toMatchObject({ ok: true, rules: ['SG055 additive'] });
    }
    // A new header on a response defined in components is additive too.
    const result = await compare(
      (doc) => {
        doc.components.responses = { Deleted: { description: 'Deleted.' } };
        doc.paths['/v1/things/{thingId}'].delete.responses['204'] = { $ref: '#/components/responses/Deleted' };
      },
      (doc) => {
        doc.components.responses.Deleted.headers = { 'X-Request-Id': { schema: { type: 'string' } } };
      },
    );
    expect(result).toMatchObject({ ok: true, rules: ['SG055 additive'] });
  });

  it('a header that is now always sent narrows (SG054); one no longer sent or optional breaks (SG015)', async () => {
    const optional = headers((h) => {
      h['X-Request-Id'].required = false;
    });
    expect(
      await compare(
        optional,
        headers((h) => {
          h['X-Request-Id'].required = true;
        }),
      ),
    ).toMatchObject({
      ok: true,
      rules: ['SG054 additive'],
    });
    expect(await compare(none, optional)).toMatchObject({ ok: false, rules: ['SG015 breaking'] });
    expect(
      await compare(
        none,
        headers((h) => {
          delete h['X-Request-Id'];
        }),
      ),
    ).toMatchObject({
      ok: false,
      rules: ['SG015 breaking'],
    });
  });

  it("a header's schema is read as something received: retyped or loosened breaks, narrowed does not", async () => {
    const schema = (value: Doc) =>
      headers((h) => {
        h['X-Request-Id'].schema = value;
      });
    expect(await compare(none, schema({ type: 'integer' }))).toMatchObject({ ok: false, rules: ['SG012 breaking'] });
    expect(await compare(schema({ type: 'string', maxLength: 36 }), schema({ type: 'string' }))).toMatchObject({
      ok: false,
      rules: ['SG013 breaking'],
    });
    expect(
      await compare(schema({ type: 'string', enum: ['a', 'b'] }), schema({ type: 'string', enum: ['a', 'b', 'c'] })),
    ).toMatchObject({
      ok: false,
      rules: ['SG011 breaking'],
    });
    expect(await compare(none, schema({ type: 'string', format: 'uuid' }))).toMatchObject({
      ok: true,
      rules: ['SG054 additive'],
    });
  });
});

describe('security that asks for less', () => {
  const security = (value: unknown) => (doc: Doc) => {
    doc.paths['/v1/things'].get.security = value;
  };

  it('an operation that becomes anonymous still accepts requests with a token: additive (SG056)', async () => {
    const result = await compare(none, security([]));
    expect(result).toMatchObject({ ok: true, rules: ['SG056 additive'] });
    expect(result.messages.join('\n')).toContain('requests with it still work');
  });

  it('fewer scopes or fewer schemes required is additive; more, or another scheme, breaks (SG016)', async () => {
    const twoSchemes = (doc: Doc) => {
      oauth2(doc);
      flow(doc).scopes.write = 'write';
      doc.components.securitySchemes.apiKey = { type: 'apiKey', in: 'header', name: 'X-Api-Key' };
    };
    const prep = (value: unknown) => (doc: Doc) => {
      twoSchemes(doc);
      security(value)(doc);
    };
    expect(
      await compare(prep([{ bearerAuth: ['read', 'write'] }]), security([{ bearerAuth: ['read'] }])),
    ).toMatchObject({
      ok: true,
      rules: ['SG056 additive'],
    });
    expect(await compare(prep([{ bearerAuth: [], apiKey: [] }]), security([{ apiKey: [] }]))).toMatchObject({
      ok: true,
      rules: ['SG056 additive'],
    });
    expect(
      await compare(prep([{ bearerAuth: ['read'] }]), security([{ bearerAuth: ['read', 'write'] }])),
    ).toMatchObject({
      ok: false,
    });
    expect(await compare(prep([{ bearerAuth: [] }]), security([{ apiKey: [] }]))).toMatchObject({
      ok: false,
      rules: ['SG016 breaking', 'SG056 additive'],
    });
  });
});

describe('components renamed with every $ref following change names, not the wire', () => {
  const rename = (from: string, to: string) => (doc: Doc) => {
    schemas(doc)[to] = schemas(doc)[from];
    delete schemas(doc)[from];
    const text = JSON.stringify(doc).replaceAll(`"#/components/schemas/${from}"`, `"#/components/schemas/${to}"`);
    Object.assign(doc, JSON.parse(text));
  };
  const both =
    (...edits: Array<(doc: Doc) => void>) =>
    (doc: Doc) => {
      for (const edit of edits) edit(doc);
    };

  it('two components renamed together, one referring to the other, are both renames (SG024)', async () => {
    const pair = (doc: Doc) => {
      schemas(doc).Money = { type: 'object', properties: { currency: { $ref: '#/components/schemas/Currency' } } };
      schemas(doc).Currency = { type: 'string', enum: ['EUR', 'GBP'] };
      schemas(doc).Thing.properties.price = { $ref: '#/components/schemas/Money' };
    };
    const result = await compare(pair, both(rename('Money', 'Amount'), rename('Currency', 'CurrencyCode')));
    expect(result).toMatchObject({ ok: true, rules: ['SG024 codegen'] });
    expect(result.messages.filter((m) => m.startsWith('SG024'))).toHaveLength(2);
  });

  it('a member of a oneOf renamed, in a response and in a payload, is a rename only (SG024)', async () => {
    for (const where of ['Thing', 'ThingData']) {
      const union = (doc: Doc) => {
        schemas(doc).Cat = { type: 'object', required: ['kind'], properties: { kind: { const: 'cat' } } };
        schemas(doc).Dog = { type: 'object', required: ['kind'], properties: { kind: { const: 'dog' } } };
        schemas(doc)[where].properties.pet = {
          oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
        };
      };
      expect(await compare(union, rename('Dog', 'Hound')), where).toMatchObject({ ok: true, rules: ['SG024 codegen'] });
    }
  });
});

describe('request limits dropped (no oasdiff check) and where that reading stops', () => {
  const ref = (doc: Doc) => schemas(doc).ThingCreate.properties;
  it('a limit dropped under `anyOf` relaxes (SG052); under `oneOf` it may make a value match two members (SG040)', async () => {
    const union = (keyword: string) => (doc: Doc) => {
      ref(doc).ref = {
        [keyword]: [
          { type: 'string', maxLength: 5 },
          { type: 'string', minLength: 10 },
        ],
      };
    };
    const drop = (keyword: string) => (doc: Doc) => {
      delete ref(doc).ref[keyword][0].maxLength;
    };
    expect(await compare(union('anyOf'), drop('anyOf'))).toMatchObject({ ok: true, rules: ['SG052 additive'] });
    expect(await compare(union('oneOf'), drop('oneOf'))).toMatchObject({ ok: false, rules: ['SG040 breaking'] });
  });

  it('a maximum dropped beside a new minimum still breaks (SG007), and a schema shared with a response too', async () => {
    const count = (doc: Doc) => {
      ref(doc).count = { type: 'integer', maximum: 10 };
    };
    const result = await compare(count, (doc) => {
      delete ref(doc).count.maximum;
      ref(doc).count.minimum = 2;
    });
    expect(result).toMatchObject({ ok: false });
    expect(result.rules).toEqual(expect.arrayContaining(['SG007 breaking', 'SG052 additive']));
    // Thing is what responses send: the maxLength dropped there may send longer names.
    const shared = await compare(none, (doc) => {
      delete schemas(doc).Thing.properties.name.maxLength;
    });
    expect(shared).toMatchObject({ ok: false });
    expect(shared.rules).not.toContain('SG052 additive');
  });
});

describe('response headers deprecated', () => {
  it('a response header marked deprecated, or no longer, is announced (SG061), not a removal', async () => {
    const header = (doc: Doc) => doc.paths['/v1/things/{thingId}'].get.responses['200'].headers['X-Request-Id'];
    expect(
      await compare(none, (doc) => {
        header(doc).deprecated = true;
      }),
    ).toMatchObject({ ok: true, rules: ['SG061 additive'] });
    expect(
      await compare(
        (doc) => {
          header(doc).deprecated = true;
        },
        (doc) => {
          delete header(doc).deprecated;
        },
      ),
    ).toMatchObject({ ok: true, rules: ['SG061 additive'] });
  });
});
