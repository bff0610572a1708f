import { describe, expect, it } from 'vitest';
import { compareEdited as compare, type Doc, ruleKinds as rules } from './helpers.js';

// Regression tests for findings whose rule or wording was wrong: a response value that became an enum says what it
// was (not always "any string"), and a response header's default is read like a response property's (SG029).

const thing = (doc: Doc) => doc.components.schemas.Thing;
const none = () => {};

describe('a response value that became an enum names the type it had', () => {
  it.each([
    ['boolean', { type: 'boolean' }, { type: 'boolean', const: false }, 'any boolean'],
    ['integer', { type: 'integer' }, { type: 'integer', enum: [1, 2] }, 'any integer'],
    ['string', { type: 'string' }, { type: 'string', enum: ['a'] }, 'any string'],
  ])('%s', async (_name, before, after, was) => {
    const drafts = await compare(
      (doc) => {
        thing(doc).properties.flag = before;
      },
      (doc) => {
        thing(doc).properties.flag = after;
      },
    );
    expect(rules(drafts)).toEqual(['SG054 additive']);
    const messages = drafts.filter((d) => d.message.includes('became an enum')).map((d) => d.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).toContain(`(it was ${was})`);
  });
});

describe('response defaults', () => {
  const header = (doc: Doc) => doc.paths['/v1/things/{thingId}'].get.responses['200'].headers;
  it('a response header whose default changed is SG029, as a response property', async () => {
    const drafts = await compare(
      (doc) => {
        header(doc)['X-Retry-After'] = { schema: { type: 'integer', default: 5 } };
      },
      (doc) => {
        header(doc)['X-Retry-After'].schema.default = 10;
      },
    );
    expect(rules(drafts)).toEqual(['SG029 breaking']);
  });

  it('a default removed from an optional response property names the finding', async () => {
    const drafts = await compare(
      (doc) => {
        thing(doc).properties.note.default = 'none';
      },
      (doc) => {
        delete thing(doc).properties.note.default;
      },
    );
    expect(rules(drafts)).toEqual(['SG029 breaking']);
  });

  it('a default on a required response property is no change', async () => {
    const drafts = await compare(none, (doc) => {
      thing(doc).properties.name.default = 'Widget';
    });
    expect(rules(drafts)).toEqual([]);
  });
});
