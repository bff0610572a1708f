import { isObject } from '@zestequity/spec-model';
import { type Doc, deepEqual, resolve, stableStringify } from '../document.js';
import { formatWithin } from './formats.js';
import {
  compareAssertions,
  compareDiscriminator,
  comparePatterns,
  comparePrefixItems,
  formerlyAdditional,
} from './received-keywords.js';

// Compares two schemas of a value partners *receive* (a webhook payload): anything a receiver may now see that it
// could not see before breaks it; anything it will simply stop seeing does not.

export interface ReceivedChange {
  rule: string;
  message: string;
  segments: string[];
  side: 'base' | 'head';
}

interface View {
  node: Record<string, unknown>;
  segments: string[];
  props: Map<string, { node: unknown; segments: string[] }>;
  required: Set<string>;
}

const LOOSER_IF_LARGER = ['maxLength', 'maxItems', 'maxProperties', 'maxContains'] as const;
const LOOSER_IF_SMALLER = ['minLength', 'minItems', 'minProperties', 'minContains'] as const;

export class ReceivedSchemaComparer {
  private readonly seen = new Set<string>();
  readonly changes: ReceivedChange[] = [];

  constructor(
    private readonly base: Doc,
    private readonly head: Doc,
  ) {}

  compare(b: unknown, bAt: string[], h: unknown, hAt: string[], label: string): void {
    const bv = this.view(this.base, b, bAt);
    const hv = this.view(this.head, h, hAt);
    // Each pair of schema locations is compared once: that ends recursion through self-referencing schemas.
    const key = `${bv.segments.join('/')}|${hv.segments.join('/')}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const name = label === '' ? 'the payload' : `\`${label}\``;
    if (this.compareAgainstUnion(b, bAt, h, hAt, bv, hv, label, name)) return;

    this.compareTypes(bv, hv, name);
    this.compareValues(bv, hv, name);
    this.compareConstraints(bv, hv, name);
    this.compareProperties(bv, hv, label);
    compareAssertions(this, bv, hv, name);
    comparePatterns(this, bv, hv, label);
    comparePrefixItems(this, bv, hv, label);
    compareDiscriminator(this, bv, hv, name);
    // Receivers read an optional value that is not sent as its documented default: another default (or none) gives
    // the same payload another meaning; a default added documents what a missing value meant all along. (A default on
    // a required property never applies; the canonical spelling leaves it out.)
    this.compareDefault(bv, hv, name);

    const bItems = bv.node.items;
    const hItems = hv.node.items;
    if (isObject(bItems) && isObject(hItems)) {
      this.compare(bItems, [...bv.segments, 'items'], hItems, [...hv.segments, 'items'], `${label}[]`);
    }
    const bAdd = bv.node.additionalProperties;
    const hAdd = hv.node.additionalProperties;
    if (isObject(bAdd) && isObject(hAdd)) {
      this.compare(
        bAdd,
        [...bv.segments, 'additionalProperties'],
        hAdd,
        [...hv.segments, 'additionalProperties'],
        `${label}{}`,
      );
    }
    for (const keyword of ['oneOf', 'anyOf'] as const) this.compareVariants(bv, hv, keyword, label, name);
  }

  /**
   * A schema that became a union containing it (or a union that collapsed to one of its variants): compare the
   * matching variant with the old schema, and count the other variants as added (or removed).
   */
  private compareAgainstUnion(
    b: unknown,
    bAt: string[],
    h: unknown,
    hAt: string[],
    bv: View,
    hv: View,
    label: string,
    name: string,
  ): boolean {
    const unionOf = (v: View) =>
      Array.isArray(v.node.oneOf) ? 'oneOf' : Array.isArray(v.node.anyOf) ? 'anyOf' : undefined;
    const plain = (v: View) => v.props.size === 0 && typeSet(v.node).size === 0;
    const bUnion = unionOf(bv);
    const hUnion = unionOf(hv);
    if (!bUnion && hUnion && plain(hv)) {
      const list = hv.node[hUnion] as unknown[];
      const at = (i: number) => [...hv.segments, hUnion, String(i)];
      const match = list.findIndex(
        (v, i) => this.view(this.head, v, at(i)).segments.join('/') === bv.segments.join('/'),
      );
      if (match === -1) return false;
      list.forEach((v, i) => {
        if (i !== match)
          this.add('SG034', `${name} gained a ${hUnion} variant (${this.variantKey(this.head, v, at(i), i)})`, at(i));
      });
      this.compare(b, bAt, list[match], at(match), label);
      return true;
    }
    if (bUnion && !hUnion && plain(bv)) {
      const list = bv.node[bUnion] as unknown[];
      const at = (i: number) => [...bv.segments, bUnion, String(i)];
      const match = list.findIndex(
        (v, i) => this.view(this.base, v, at(i)).segments.join('/') === hv.segments.join('/'),
      );
      if (match === -1) return false;
      list.forEach((v, i) => {
        if (i !== match)
          this.add(
            'SG059',
            `${name} lost a ${bUnion} variant (${this.variantKey(this.base, v, at(i), i)})`,
            hv.segments,
          );
      });
      this.compare(list[match], at(match), h, hAt, label);
      return true;
    }
    return false;
  }

  private compareDefault(bv: View, hv: View, name: string): void {
    const [b, h] = [bv.node.default, hv.node.default];
    if (stableStringify(b) === stableStringify(h)) return;
    const message =
      b === undefined
        ? `${name} gained the default ${show(h)}: it documents what a value that is not sent means`
        : h === undefined
          ? `${name} lost its default ${show(b)}: a value that is not sent no longer means ${show(b)}`
          : `${name} changed its default from ${show(b)} to ${show(h)}: a value that is not sent now means ${show(h)}`;
    this.add(b === undefined ? 'SG059' : 'SG037', message, h === undefined ? hv.segments : [...hv.segments, 'default']);
  }

  add(rule: string, message: string, segments: string[], side: 'base' | 'head' = 'head'): void {
    this.changes.push({ rule, message, segments, side });
  }

  /** Resolves `$ref`s and folds `allOf` into one view, remembering where each property was written. */
  private view(doc: Doc, node: unknown, at: string[], depth = 0): View {
    const resolved = resolve(doc, node, at);
    const schema = isObject(resolved.node) ? resolved.node : {};
    const view: View = { node: { ...schema }, segments: resolved.segments, props: new Map(), required: new Set() };
    delete view.node.allOf;
    const props = schema.properties;
    if (isObject(props)) {
      for (const [name, value] of Object.entries(props)) {
        view.props.set(name, { node: value, segments: [...resolved.segments, 'properties', name] });
      }
    }
    if (Array.isArray(schema.required)) for (const r of schema.required) view.required.add(String(r));
    if (Array.isArray(schema.allOf) && depth < 32) {
      schema.allOf.forEach((member, i) => {
        const part = this.view(doc, member, [...resolved.segments, 'allOf', String(i)], depth + 1);
        for (const [name, prop] of part.props) if (!view.props.has(name)) view.props.set(name, prop);
        for (const r of part.required) view.required.add(r);
        for (const [k, v] of Object.entries(part.node)) {
          if (k !== 'properties' && k !== 'required' && !(k in view.node)) view.node[k] = v;
        }
      });
    }
    return view;
  }

  private compareTypes(bv: View, hv: View, name: string): void {
    const bTypes = typeSet(bv.node);
    const hTypes = typeSet(hv.node);
    if (bTypes.size > 0) {
      if (hTypes.size === 0) {
        this.add('SG034', `${name} is no longer restricted to ${[...bTypes].join(' | ')}`, hv.segments);
      } else {
        const widened = [...hTypes].filter((t) => !bTypes.has(t) && !(t === 'integer' && bTypes.has('number')));
        if (widened.includes('null')) this.add('SG034', `${name} became nullable`, [...hv.segments, 'type']);
        const other = widened.filter((t) => t !== 'null');
        if (other.length > 0) {
          this.add('SG034', `${name} changed type from ${[...bTypes].join(' | ')} to ${[...hTypes].join(' | ')}`, [
            ...hv.segments,
            'type',
          ]);
        } else if (widened.length === 0 && ![...bTypes].every((t) => hTypes.has(t))) {
          this.add(
            'SG059',
            `${name} narrowed its type from ${[...bTypes].join(' | ')} to ${[...hTypes].join(' | ')}`,
            hv.segments,
          );
        }
      }
    } else if (hTypes.size > 0) {
      this.add('SG059', `${name} is now typed ${[...hTypes].join(' | ')}`, hv.segments);
    }
    const bFormat = bv.node.format;
    const hFormat = hv.node.format;
    if (bFormat !== hFormat) {
      const at = [...hv.segments, 'format'];
      if (bFormat === undefined) this.add('SG059', `${name} gained format \`${String(hFormat)}\``, at);
      else if (typeof hFormat === 'string' && formatWithin(hFormat, String(bFormat)))
        this.add('SG059', `${name} narrowed its format from \`${String(bFormat)}\` to \`${hFormat}\``, at);
      else if (hFormat === undefined) this.add('SG034', `${name} lost format \`${String(bFormat)}\``, at);
      else this.add('SG034', `${name} changed format from \`${String(bFormat)}\` to \`${String(hFormat)}\``, at);
    }
  }

  private compareValues(bv: View, hv: View, name: string): void {
    const at = [...hv.segments, 'const' in hv.node ? 'const' : 'enum'];
    const bAllowed = allowedValues(bv.node);
    const hAllowed = allowedValues(hv.node);
    const hasConst = (v: View) => Object.hasOwn(v.node, 'const');
    if (hasConst(bv) && hasConst(hv) && !deepEqual(bv.node.const, hv.node.const)) {
      this.add('SG034', `${name} changed its constant from ${show(bv.node.const)} to ${show(hv.node.const)}`, at);
      return;
    }
    if (bAllowed && !hAllowed) {
      if (hasConst(bv)) this.add('SG034', `${name} is no longer the constant ${show(bv.node.const)}`, at);
      else this.add('SG033', `${name} is no longer restricted to an enum`, at);
      return;
    }
    if (!bAllowed && hAllowed) {
      this.add('SG059', `${name} is now restricted to ${hAllowed.map(show).join(', ')}`, at);
      return;
    }
    if (bAllowed?.length === 1 && hAllowed?.length === 1 && !deepEqual(bAllowed[0], hAllowed[0])) {
      // A value of one (`const: x` and `enum: [x]` are the same) that became another one.
      this.add('SG034', `${name} changed its constant from ${show(bAllowed[0])} to ${show(hAllowed[0])}`, at);
      return;
    }
    if (bAllowed && hAllowed) {
      const bKeys = new Set(bAllowed.map(stableStringify));
      const hKeys = new Set(hAllowed.map(stableStringify));
      const added = hAllowed.filter((v) => !bKeys.has(stableStringify(v)));
      const removed = bAllowed.filter((v) => !hKeys.has(stableStringify(v)));
      if (added.length > 0) {
        const rule = hasConst(bv) && !hasConst(hv) && bAllowed.length === 1 ? 'SG034' : 'SG033';
        this.add(rule, `${name} gained enum value${added.length > 1 ? 's' : ''} ${added.map(show).join(', ')}`, at);
      }
      if (removed.length > 0) {
        this.add('SG059', `${name} no longer sends ${removed.map(show).join(', ')}`, at);
      }
    }
  }

  private compareConstraints(bv: View, hv: View, name: string): void {
    for (const key of LOOSER_IF_LARGER) this.compareBound(bv, hv, name, key, 1);
    for (const key of LOOSER_IF_SMALLER) this.compareBound(bv, hv, name, key, -1);
    this.compareRange(bv, hv, name, 'lower');
    this.compareRange(bv, hv, name, 'upper');
    const bPattern = bv.node.pattern;
    const hPattern = hv.node.pattern;
    if (bPattern !== hPattern) {
      if (bPattern === undefined)
        this.add('SG059', `${name} gained pattern \`${String(hPattern)}\``, [...hv.segments, 'pattern']);
      else if (hPattern === undefined)
        this.add('SG035', `${name} lost its pattern \`${String(bPattern)}\``, hv.segments);
      else
        this.add('SG035', `${name} changed pattern from \`${String(bPattern)}\` to \`${String(hPattern)}\``, [
          ...hv.segments,
          'pattern',
        ]);
    }
    this.compareStep(bv, hv, name);
    if (bv.node.uniqueItems === true && hv.node.uniqueItems !== true) {
      this.add('SG035', `${name} may now repeat items`, hv.segments);
    } else if (hv.node.uniqueItems === true && bv.node.uniqueItems !== true) {
      this.add('SG059', `${name} no longer repeats items`, [...hv.segments, 'uniqueItems']);
    }
  }

  /**
   * A `multipleOf` dropped, or changed to a step the old one is not a multiple of, sends values receivers never got;
   * one set, or a step that is a multiple of the old one (5 to 10), sends a subset of them.
   */
  private compareStep(bv: View, hv: View, name: string): void {
    const [b, h] = [bv.node.multipleOf, hv.node.multipleOf];
    if (b === h) return;
    const subset =
      typeof h === 'number' && (b === undefined || (typeof b === 'number' && b !== 0 && Number.isInteger(h / b)));
    const message =
      b === undefined
        ? `${name} gained multipleOf ${show(h)}`
        : `${name} changed multipleOf from ${show(b)} to ${show(h)}`;
    if (subset) this.add('SG059', message, [...hv.segments, 'multipleOf']);
    else this.add('SG035', message, hv.segments);
  }

  /** direction 1: a larger (or missing) head value loosens; -1: a smaller (or missing) one does. */
  private compareBound(bv: View, hv: View, name: string, key: string, direction: 1 | -1): void {
    const b = bv.node[key];
    const h = hv.node[key];
    if (b === h) return;
    if (typeof b === 'number' && h === undefined) {
      this.add('SG035', `${name} lost its ${key} ${b}`, hv.segments);
    } else if (b === undefined && typeof h === 'number') {
      this.add('SG059', `${name} gained ${key} ${h}`, [...hv.segments, key]);
    } else if (typeof b === 'number' && typeof h === 'number') {
      const looser = direction === 1 ? h > b : h < b;
      this.add(looser ? 'SG035' : 'SG059', `${name} changed ${key} from ${b} to ${h}`, [...hv.segments, key]);
    }
  }

  /**
   * `minimum` and `exclusiveMinimum` (or the maxima) are one bound: the effective one is compared, so `minimum: 0`
   * becoming `exclusiveMinimum: 0` sends a subset (no more 0), and the reverse sends more.
   */
  private compareRange(bv: View, hv: View, name: string, side: 'lower' | 'upper'): void {
    const b = effectiveBound(bv.node, side);
    const h = effectiveBound(hv.node, side);
    const relation = boundRelation(b, h, side);
    if (relation === 'same') return;
    const rule = relation === 'looser' ? 'SG035' : 'SG059';
    if (b && !h) this.add(rule, `${name} lost its ${b.key} ${b.value}`, hv.segments);
    else if (h && !b) this.add(rule, `${name} gained ${h.key} ${h.value}`, [...hv.segments, h.key]);
    else if (b && h && b.key === h.key)
      this.add(rule, `${name} changed ${h.key} from ${b.value} to ${h.value}`, [...hv.segments, h.key]);
    // A bound that moved to its counterpart keyword is about both: reported at the schema that holds them.
    else if (b && h)
      this.add(rule, `${name} changed its ${side} bound from ${b.key} ${b.value} to ${h.key} ${h.value}`, hv.segments);
  }

  private compareProperties(bv: View, hv: View, label: string): void {
    const at = (name: string) => (label === '' ? name : `${label}.${name}`);
    for (const [name, bProp] of bv.props) {
      const hProp = hv.props.get(name);
      if (!hProp) {
        const where = hv.props.size > 0 || isObject(hv.node.properties) ? [...hv.segments, 'properties'] : hv.segments;
        this.add('SG031', `property \`${at(name)}\` was removed`, where);
        continue;
      }
      if (bv.required.has(name) && !hv.required.has(name)) {
        this.add('SG032', `property \`${at(name)}\` is no longer required`, hProp.segments);
      } else if (!bv.required.has(name) && hv.required.has(name)) {
        this.add('SG059', `property \`${at(name)}\` is now always sent`, hProp.segments);
      }
      this.compare(bProp.node, bProp.segments, hProp.node, hProp.segments, at(name));
    }
    for (const [name, hProp] of hv.props) {
      if (bv.props.has(name)) continue;
      const how = hv.required.has(name) ? 'always sent' : 'optional';
      this.add('SG058', `new ${how} property \`${at(name)}\``, hProp.segments);
      // A key a typed map (`additionalProperties: {…}`) already sent, now declared with a schema of its own.
      const was = formerlyAdditional(bv, name);
      if (was) this.compare(was.node, was.segments, hProp.node, hProp.segments, at(name));
    }
  }

  private compareVariants(bv: View, hv: View, keyword: 'oneOf' | 'anyOf', label: string, name: string): void {
    const bList = Array.isArray(bv.node[keyword]) ? (bv.node[keyword] as unknown[]) : undefined;
    const hList = Array.isArray(hv.node[keyword]) ? (hv.node[keyword] as unknown[]) : undefined;
    if (!bList && !hList) return;
    if (!hList) {
      // The union became a single shape: no longer polymorphic is a narrowing only if that shape was a variant.
      this.add('SG059', `${name} is no longer a ${keyword}`, hv.segments);
      return;
    }
    if (!bList) {
      this.add('SG034', `${name} became a ${keyword} of ${hList.length} variants`, [...hv.segments, keyword]);
      return;
    }
    const bIds = bList.map((v, i) => this.variantIdentity(this.base, v, [...bv.segments, keyword, String(i)], i));
    const hIds = hList.map((v, i) => this.variantIdentity(this.head, v, [...hv.segments, keyword, String(i)], i));
    const pairs = matchVariants(bIds, hIds);
    hList.forEach((variant, i) => {
      const j = pairs.get(i);
      const hAt = [...hv.segments, keyword, String(i)];
      if (j === undefined) {
        this.add('SG034', `${name} gained a ${keyword} variant (${hIds[i]?.label})`, hAt);
        return;
      }
      this.compare(bList[j], [...bv.segments, keyword, String(j)], variant, hAt, label);
    });
    const matched = new Set(pairs.values());
    bIds.forEach((id, j) => {
      if (!matched.has(j))
        this.add('SG059', `${name} lost a ${keyword} variant (${id.label})`, [...hv.segments, keyword]);
    });
  }

  /** How a variant is told apart, for messages. */
  private variantKey(doc: Doc, variant: unknown, at: string[], index: number): string {
    return this.variantIdentity(doc, variant, at, index).label;
  }

  /**
   * What tells a variant apart: every property with a single value (`eventType`, `kind`, `schemaVersion`), in no
   * particular order; else its $ref name; else its position.
   */
  private variantIdentity(doc: Doc, variant: unknown, at: string[], index: number): VariantIdentity {
    const v = this.view(doc, variant, at);
    const consts = new Map<string, string>();
    const shown: string[] = [];
    for (const [prop, value] of [...v.props].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const schema = resolve(doc, value.node, value.segments).node;
      const values = isObject(schema) ? allowedValues(schema) : undefined;
      if (values?.length !== 1) continue;
      consts.set(prop, stableStringify(values[0]));
      shown.push(`${prop}=${show(values[0])}`);
    }
    const ref = isObject(variant) && typeof variant.$ref === 'string' ? variant.$ref : undefined;
    const label = shown.length > 0 ? shown.join(', ') : ref ? (ref.split('/').pop() ?? ref) : `#${index}`;
    return { consts, ref, index, label };
  }
}

interface VariantIdentity {
  /** Each single-value property and its value (stable JSON). */
  consts: Map<string, string>;
  ref: string | undefined;
  index: number;
  label: string;
}

/**
 * Pairs head variants with base variants (head index → base index). Variants with constants pair when every
 * constant they share has the same value, the most shared constants first, so reordering properties or adding a
 * constant changes nothing; variants without constants pair by $ref, else by position.
 */
function matchVariants(base: VariantIdentity[], head: VariantIdentity[]): Map<number, number> {
  const candidates: Array<{ h: number; b: number; score: number }> = [];
  head.forEach((h, i) => {
    base.forEach((b, j) => {
      const score = variantAffinity(b, h);
      if (score > 0) candidates.push({ h: i, b: j, score });
    });
  });
  candidates.sort((x, y) => y.score - x.score || Math.abs(x.h - x.b) - Math.abs(y.h - y.b) || x.h - y.h);
  const out = new Map<number, number>();
  const used = new Set<number>();
  for (const { h, b } of candidates) {
    if (out.has(h) || used.has(b)) continue;
    out.set(h, b);
    used.add(b);
  }
  return out;
}

function variantAffinity(b: VariantIdentity, h: VariantIdentity): number {
  if (b.consts.size > 0 || h.consts.size > 0) {
    let shared = 0;
    for (const [prop, value] of h.consts) {
      const other = b.consts.get(prop);
      if (other === undefined) continue;
      if (other !== value) return 0;
      shared++;
    }
    return shared;
  }
  if (b.ref !== undefined || h.ref !== undefined) return b.ref === h.ref ? 1 : 0;
  return b.index === h.index ? 1 : 0;
}

export interface Bound {
  key: string;
  value: number;
  exclusive: boolean;
}

/** The tighter of `minimum`/`exclusiveMinimum` (or of the maxima), if either is set. */
export function effectiveBound(schema: Record<string, unknown>, side: 'lower' | 'upper'): Bound | undefined {
  const [inclusiveKey, exclusiveKey] =
    side === 'lower' ? ['minimum', 'exclusiveMinimum'] : ['maximum', 'exclusiveMaximum'];
  const inclusive = schema[inclusiveKey];
  const exclusive = schema[exclusiveKey];
  const a = typeof inclusive === 'number' ? { key: inclusiveKey, value: inclusive, exclusive: false } : undefined;
  const e = typeof exclusive === 'number' ? { key: exclusiveKey, value: exclusive, exclusive: true } : undefined;
  if (!a || !e) return a ?? e;
  const exclusiveIsTighter = side === 'lower' ? e.value >= a.value : e.value <= a.value;
  return exclusiveIsTighter ? e : a;
}

/** Whether the head's bound lets through values the base's did not (`looser`), fewer (`tighter`), or the same. */
export function boundRelation(
  b: Bound | undefined,
  h: Bound | undefined,
  side: 'lower' | 'upper',
): 'looser' | 'tighter' | 'same' {
  if (!b) return h ? 'tighter' : 'same';
  if (!h) return 'looser';
  // Positive: the head reaches further than the base.
  const wider = side === 'lower' ? b.value - h.value : h.value - b.value;
  if (wider !== 0) return wider > 0 ? 'looser' : 'tighter';
  if (b.exclusive === h.exclusive) return 'same';
  return b.exclusive ? 'looser' : 'tighter';
}

function typeSet(schema: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const type = schema.type;
  if (typeof type === 'string') out.add(type);
  else if (Array.isArray(type)) for (const t of type) out.add(String(t));
  if (out.size > 0 && schema.nullable === true) out.add('null');
  return out;
}

function allowedValues(schema: Record<string, unknown>): unknown[] | undefined {
  if (Object.hasOwn(schema, 'const')) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  return undefined;
}

function show(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}
