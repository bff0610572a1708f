import { isObject, type OperationLocation } from '@zestequity/spec-model';
import { isEmptySchema } from '../canonical-rules.js';
import { type Doc, isFreePath, resolve } from '../document.js';
import type { Draft } from '../draft.js';
import { matchedOperations } from '../operations.js';
import { formatWithin } from './formats.js';
import { boundRelation, effectiveBound } from './received-schema.js';
import { SchemaPairs } from './schema-pairs.js';

// What oasdiff leaves out of responses. It reports a response limit only when it gets looser (SG013); a response whose
// limits got tighter sends a subset of what it sent (SG054), and without a finding for it the fail-closed engine could
// not tell it from an unknown change. Compared per operation, status and media type, following the schemas side by
// side. It does not compare status ranges (`5XX`) and `default` either.

const UPPER = ['maxLength', 'maxItems', 'maxProperties'] as const;
const LOWER = ['minLength', 'minItems', 'minProperties'] as const;

export function responseNarrowingFindings(base: Doc, head: Doc, pathMatch: Map<string, string>): Draft[] {
  const out: Draft[] = [];
  for (const [b, h] of matchedOperations(base, head, pathMatch)) new Narrowing(base, head, h, out).operation(b);
  return out;
}

class Narrowing {
  constructor(
    private readonly base: Doc,
    private readonly head: Doc,
    private readonly h: OperationLocation,
    private readonly out: Draft[],
  ) {}

  operation(b: OperationLocation): void {
    const bResponses = resolve(this.base, b.node.responses, [...b.segments, 'responses']);
    const hResponses = resolve(this.head, this.h.node.responses, [...this.h.segments, 'responses']);
    if (!isObject(bResponses.node) || !isObject(hResponses.node)) return;
    this.ranges(Object.keys(bResponses.node), bResponses.segments, Object.keys(hResponses.node), hResponses.segments);
    const pairs = new SchemaPairs(this.base, this.head, (bNode, _bAt, hNode, hAt) => this.limits(bNode, hNode, hAt));
    for (const [status, raw] of Object.entries(bResponses.node)) {
      if (!Object.hasOwn(hResponses.node, status)) continue;
      pairs.content(
        { node: raw, segments: [...bResponses.segments, status] },
        { node: hResponses.node[status], segments: [...hResponses.segments, status] },
      );
    }
  }

  /**
   * Status ranges (`5XX`) and `default`, which oasdiff does not compare: one added documents answers that could
   * already come (SG055); one removed is SG055 too, unless it is the `2XX` success range partners branch on (SG002).
   */
  private ranges(bKeys: string[], bAt: string[], hKeys: string[], hAt: string[]): void {
    const ranged = (key: string) => key === 'default' || /^[1-5]XX$/i.test(key);
    for (const key of hKeys) {
      if (ranged(key) && !bKeys.includes(key)) this.add('SG055', `documents a new \`${key}\` response`, [...hAt, key]);
    }
    for (const key of bKeys) {
      if (!ranged(key) || hKeys.includes(key)) continue;
      const rule = /^2XX$/i.test(key) ? 'SG002' : 'SG055';
      this.add(rule, `no longer documents the \`${key}\` response`, [...bAt, key], [], 'base');
    }
  }

  /** Tighter lengths, counts, ranges, a new `multipleOf` or `uniqueItems`: the response sends a subset. */
  private limits(b: Record<string, unknown>, h: Record<string, unknown>, at: string[]): void {
    for (const key of UPPER) {
      const [bv, hv] = [b[key], h[key]];
      if (typeof hv === 'number' && (bv === undefined || (typeof bv === 'number' && hv < bv)))
        this.narrowed(`${key} ${bv === undefined ? 'set to' : `lowered from ${String(bv)} to`} ${hv}`, [...at, key]);
    }
    for (const key of LOWER) {
      const [bv, hv] = [b[key], h[key]];
      if (typeof hv === 'number' && (bv === undefined || (typeof bv === 'number' && hv > bv)))
        this.narrowed(`${key} ${bv === undefined ? 'set to' : `raised from ${String(bv)} to`} ${hv}`, [...at, key]);
    }
    for (const side of ['lower', 'upper'] as const) {
      const bBound = effectiveBound(b, side);
      const hBound = effectiveBound(h, side);
      if (!hBound || boundRelation(bBound, hBound, side) !== 'tighter') continue;
      const what = bBound
        ? `${side} bound ${bBound.key} ${bBound.value} became ${hBound.key} ${hBound.value}`
        : `${hBound.key} set to ${hBound.value}`;
      const covers = bBound && bBound.key !== hBound.key ? [[...at, bBound.key]] : [];
      this.narrowed(what, [...at, hBound.key], covers);
    }
    const [bStep, hStep] = [b.multipleOf, h.multipleOf];
    if (typeof hStep === 'number' && bStep !== hStep) {
      if (bStep === undefined || (typeof bStep === 'number' && bStep !== 0 && Number.isInteger(hStep / bStep)))
        this.narrowed(`multipleOf ${bStep === undefined ? 'set to' : `${String(bStep)} became`} ${hStep}`, [
          ...at,
          'multipleOf',
        ]);
    }
    if (h.uniqueItems === true && b.uniqueItems !== true) this.narrowed('items are now unique', [...at, 'uniqueItems']);
    // oasdiff has no check for a format that only narrows (`int64` to `int32`, `idn-email` to `email`).
    const [bFormat, hFormat] = [b.format, h.format];
    if (typeof bFormat === 'string' && typeof hFormat === 'string' && bFormat !== hFormat)
      if (formatWithin(hFormat, bFormat))
        this.narrowed(`format \`${bFormat}\` became \`${hFormat}\``, [...at, 'format']);
    // Nor for an object that stops sending properties it does not name, or sends them only as its new schema says.
    if (openMap(b.additionalProperties) && !openMap(h.additionalProperties)) {
      const what = h.additionalProperties === false ? 'no other properties are sent' : 'other properties are sent';
      this.narrowed(
        h.additionalProperties === false ? what : `${what} only as \`additionalProperties\` now describes them`,
        [...at, 'additionalProperties'],
      );
    }
    // oasdiff has no check for a response that is no longer nullable (it has one for a request).
    if (onlyNullDropped(b.type, h.type)) this.narrowed('it is never `null` any more', [...at, 'type']);
    // oasdiff has no check for these: a `not` that holds as well, fewer or more matches of `contains` required.
    if (h.not !== undefined && b.not === undefined) this.narrowed('a `not` now holds as well', [...at, 'not']);
    const [bMax, hMax] = [b.maxContains, h.maxContains];
    if (typeof hMax === 'number' && (bMax === undefined || (typeof bMax === 'number' && hMax < bMax)))
      this.narrowed(`maxContains ${bMax === undefined ? 'set to' : `lowered from ${String(bMax)} to`} ${hMax}`, [
        ...at,
        'maxContains',
      ]);
    // An unwritten minContains is 1.
    const [bMin, hMin] = [b.minContains ?? 1, h.minContains ?? 1];
    if (typeof bMin === 'number' && typeof hMin === 'number' && hMin > bMin)
      this.narrowed(`minContains raised from ${bMin} to ${hMin}`, [...at, 'minContains']);
  }

  private narrowed(what: string, segments: string[], covers: string[][] = []): void {
    this.add('SG054', `a response value sends a subset of what it sent: ${what}`, segments, covers);
  }

  private add(
    rule: string,
    message: string,
    segments: string[],
    covers: string[][] = [],
    side: 'base' | 'head' = 'head',
  ): void {
    const draft: Draft = {
      rule,
      message,
      operation: this.h.key,
      segments,
      side,
      engine: 'policy',
    };
    if (covers.length > 0) draft.covers = covers;
    if (isFreePath(this.h.name)) draft.free = true;
    this.out.push(draft);
  }
}

/** Whether `additionalProperties` lets any other property through with any value (unwritten, `true` or `{}`). */
function openMap(value: unknown): boolean {
  return value === undefined || value === true || isEmptySchema(value);
}

/** Whether the head's list of types is the base's without `null`, and nothing else changed in it. */
function onlyNullDropped(bType: unknown, hType: unknown): boolean {
  const list = (type: unknown) => (Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : []);
  const [bTypes, hTypes] = [list(bType), list(hType)];
  if (!bTypes.includes('null') || hTypes.includes('null') || hTypes.length === 0) return false;
  const rest = bTypes.filter((t) => t !== 'null');
  return rest.length === hTypes.length && rest.every((t) => hTypes.includes(t));
}
