import { getAt, isObject, type OperationLocation } from '@zestequity/spec-model';
import { type Doc, isFreePath, resolve } from '../document.js';
import type { Draft } from '../draft.js';
import { matchedOperations } from '../operations.js';
import { effectiveBound } from './received-schema.js';
import { type SchemaAt, SchemaPairs } from './schema-pairs.js';

// What oasdiff leaves out of requests: it has checks for a request limit raised or lowered, but none for one that is
// no longer written (`maximum`, `maxLength`, `minItems`, … dropped), nor for `multipleOf`, `uniqueItems`, the
// property counts, `additionalProperties: false`, `unevaluated*` or `not` going away. Each of those only lets more
// requests through (SG052); without a finding the fail-closed engine could not tell them from an unknown change.
// Compared per operation, in the request body and every parameter, following the schemas side by side. Nothing is
// read under a `oneOf`: a member that accepts more can make a value match two members, which `oneOf` refuses.

const DROPPED_LIMITS = ['maxLength', 'maxItems', 'minLength', 'minItems', 'maxContains'] as const;
const DROPPED_KEYWORDS = ['not', 'unevaluatedProperties', 'unevaluatedItems'] as const;

export function requestRelaxingFindings(base: Doc, head: Doc, pathMatch: Map<string, string>): Draft[] {
  const out: Draft[] = [];
  for (const [b, h] of matchedOperations(base, head, pathMatch)) new Relaxing(base, head, h, out).operation(b);
  return out;
}

class Relaxing {
  private readonly pairs: SchemaPairs;

  constructor(
    private readonly base: Doc,
    private readonly head: Doc,
    private readonly h: OperationLocation,
    private readonly out: Draft[],
  ) {
    this.pairs = new SchemaPairs(base, head, (bNode, bAt, hNode, _hAt, underOneOf) => {
      if (!underOneOf) this.limits(bNode, bAt, hNode);
    });
  }

  operation(b: OperationLocation): void {
    this.pairs.content(
      { node: b.node.requestBody, segments: [...b.segments, 'requestBody'] },
      { node: this.h.node.requestBody, segments: [...this.h.segments, 'requestBody'] },
    );
    const hParams = parameters(this.head, this.h);
    for (const [key, bParam] of parameters(this.base, b)) {
      const hParam = hParams.get(key);
      if (!hParam || !isObject(bParam.node) || !isObject(hParam.node)) continue;
      this.pairs.schema(
        { node: bParam.node.schema, segments: [...bParam.segments, 'schema'] },
        { node: hParam.node.schema, segments: [...hParam.segments, 'schema'] },
      );
      this.pairs.content(bParam, hParam);
    }
  }

  /** Limits the head no longer states, or states more loosely where oasdiff has no check for it. */
  private limits(b: Record<string, unknown>, bAt: string[], h: Record<string, unknown>): void {
    for (const key of DROPPED_LIMITS) {
      if (typeof b[key] === 'number' && h[key] === undefined)
        this.relaxed(`${key} ${String(b[key])} removed`, bAt, key);
    }
    for (const side of ['lower', 'upper'] as const) {
      const bBound = effectiveBound(b, side);
      if (bBound && !effectiveBound(h, side)) this.relaxed(`${bBound.key} ${bBound.value} removed`, bAt, bBound.key);
    }
    // oasdiff compares no property counts at all.
    const [bMax, hMax, bMin, hMin] = [b.maxProperties, h.maxProperties, b.minProperties, h.minProperties];
    if (typeof bMax === 'number' && (hMax === undefined || (typeof hMax === 'number' && hMax > bMax)))
      this.relaxed(
        `maxProperties ${bMax} ${hMax === undefined ? 'removed' : `raised to ${hMax}`}`,
        bAt,
        'maxProperties',
      );
    if (typeof bMin === 'number' && (hMin === undefined || (typeof hMin === 'number' && hMin < bMin)))
      this.relaxed(
        `minProperties ${bMin} ${hMin === undefined ? 'removed' : `lowered to ${hMin}`}`,
        bAt,
        'minProperties',
      );
    // Every multiple of 10 is a multiple of 5: a step that divides the old one accepts at least what it did.
    const [bStep, hStep] = [b.multipleOf, h.multipleOf];
    if (typeof bStep === 'number' && bStep !== hStep) {
      if (hStep === undefined || (typeof hStep === 'number' && hStep !== 0 && Number.isInteger(bStep / hStep)))
        this.relaxed(`multipleOf ${bStep} ${hStep === undefined ? 'removed' : `became ${hStep}`}`, bAt, 'multipleOf');
    }
    if (b.uniqueItems === true && h.uniqueItems !== true) this.relaxed('items may repeat', bAt, 'uniqueItems');
    if (b.additionalProperties === false && h.additionalProperties === undefined)
      this.relaxed('other properties are accepted', bAt, 'additionalProperties');
    for (const key of DROPPED_KEYWORDS) {
      if (b[key] !== undefined && h[key] === undefined) this.relaxed(`\`${key}\` removed`, bAt, key);
    }
  }

  /** Placed at the keyword in the base, where it was written: the head no longer has it (or has it looser). */
  private relaxed(what: string, bAt: string[], key: string): void {
    const draft: Draft = {
      rule: 'SG052',
      message: `a request value accepts more than it did: ${what}`,
      operation: this.h.key,
      segments: [...bAt, key],
      side: 'base',
      engine: 'policy',
    };
    if (isFreePath(this.h.name)) draft.free = true;
    this.out.push(draft);
  }
}

/** An operation's parameters with its path item's, resolved, by `in` and name (operation ones override). */
function parameters(doc: Doc, op: OperationLocation): Map<string, SchemaAt> {
  const out = new Map<string, SchemaAt>();
  const item = op.segments.slice(0, -1);
  const itemNode = resolve(doc, getAt(doc, item), item).node;
  const lists: Array<[unknown, string[]]> = [
    [isObject(itemNode) ? itemNode.parameters : undefined, [...item, 'parameters']],
    [op.node.parameters, [...op.segments, 'parameters']],
  ];
  for (const [list, at] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const param = resolve(doc, raw, [...at, String(i)]);
      if (isObject(param.node)) out.set(`${String(param.node.in)} ${String(param.node.name)}`, param);
    });
  }
  return out;
}
