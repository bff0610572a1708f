import { describe, expect, it } from 'vitest';
import { type Doc, useEditedPairs } from './helpers.js';

// Changes oasdiff rates INFO that still take something away from partners. Each pair is the catalogue's base with
// one edit, so the finding can only come from that edit.
const comparePair = useEditedPairs('spec-guard-fail-closed-');
/** Rules and outcome only: these tests compare the whole result. */
const compare = async (editBase: (doc: Doc) => void, editHead: (doc: Doc) => void) => {
  const { ok, rules } = await comparePair(editBase, editHead);
  return { ok, rules };
};

const schemas = (doc: Doc) => doc.components.schemas;
const none = () => {};

describe('INFO-level changes that take something away fail the gate', () => {
  it('a required response property that became writeOnly is no longer sent (SG009)', async () => {
    const result = await compare(none, (doc) => {
      schemas(doc).Thing.properties.name.writeOnly = true;
    });
    expect(result).toEqual({ ok: false, rules: ['SG009 breaking'] });
  });

  it('an optional response property that became writeOnly is no longer sent (SG009)', async () => {
    const result = await compare(none, (doc) => {
      schemas(doc).Thing.properties.note.writeOnly = true;
    });
    expect(result).toEqual({ ok: false, rules: ['SG009 breaking'] });
  });

  it('a response discriminator mapping key renamed sends a value partners cannot place (SG012)', async () => {
    const withPet = (key: string) => (doc: Doc) => {
      schemas(doc).Cat = { type: 'object', required: ['kind'], properties: { kind: { type: 'string' } } };
      schemas(doc).Dog = { type: 'object', required: ['kind'], properties: { kind: { type: 'string' } } };
      schemas(doc).Thing.properties.pet = {
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
        discriminator: {
          propertyName: 'kind',
          mapping: { [key]: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' },
        },
      };
    };
    const result = await compare(withPet('c'), withPet('cat'));
    expect(result.ok).toBe(false);
    expect(result.rules).toContain('SG012 breaking');
    expect(result.rules.filter((r) => !r.endsWith(' breaking') && !r.endsWith(' docs'))).toEqual([]);
  });

  it('a request property that became readOnly is not additive: partners still send it (SG004)', async () => {
    const result = await compare(none, (doc) => {
      schemas(doc).ThingCreate.properties.name.readOnly = true;
    });
    expect(result).toEqual({ ok: false, rules: ['SG004 breaking'] });
  });
});

describe('a place present on one side only, holding nothing, is still a place', () => {
  it('a request value that becomes `false` (nothing is accepted) is not the type it lost (SG052): it breaks', async () => {
    const result = await compare(none, (doc) => {
      schemas(doc).ThingCreate.properties.note = false;
    });
    expect(result.ok).toBe(false);
    expect(result.rules).toContain('SG040 breaking');
  });

  it('`not: {}` added beside a request value is refused as a change no rule explains (SG040)', async () => {
    const result = await compare(none, (doc) => {
      schemas(doc).ThingCreate.properties.note.not = {};
    });
    expect(result).toEqual({ ok: false, rules: ['SG040 breaking'] });
  });
});
