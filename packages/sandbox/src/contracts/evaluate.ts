import { compareDecimals } from '../decimal.js';
import { type ValidationCode, type ValidationItem, validationItem } from '../http/errors.js';
import { ownGet } from '../own.js';
import type { ContractVersion, Json } from './registry.js';

/**
 * Validates an SPV request's `attributes` against a registry template and reports the documented codes
 * (required, unknown_attribute, type, enum, pattern, max_length, min_value, max_value, format, currency_mismatch,
 * server_supplied, institutional_not_supported) with paths such as `attributes.shareClasses[0].carryPercent`.
 *
 * Definition nodes are a small JSON-Schema-like language (see README "Contract registry"): `type` is a base type
 * (string | decimal | integer | boolean | object | array) or the name of a primitive, whose definition is merged
 * under the node (the node's own keys win); a node with `catalog` takes its definition from that catalog's entry
 * of the same name; objects are closed unless `additionalProperties: true`; `dealCurrency: true` on an object
 * means its `currency` must equal the deal currency.
 */
export interface TemplateDocument extends Json {
  templateId: string;
  version: string;
  dealCurrencyAttribute?: string;
  serverSupplied?: string[];
  institutionalAttribute?: string;
  attributes: Record<string, { catalog?: string; required?: boolean } & Json>;
}

type Node = Json & {
  type?: string;
  catalog?: string;
  required?: boolean;
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  codes?: string[];
  properties?: Record<string, Node>;
  additionalProperties?: boolean;
  items?: Node;
  dealCurrency?: boolean;
};

const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

interface Context {
  version: ContractVersion;
  dealCurrency: string | undefined;
  errors: ValidationItem[];
  patterns: Map<string, RegExp>;
}

export function evaluateAttributes(
  version: ContractVersion,
  template: TemplateDocument,
  attributes: Record<string, unknown>,
): ValidationItem[] {
  const ctx: Context = { version, dealCurrency: undefined, errors: [], patterns: new Map() };
  const serverSupplied = new Set(template.serverSupplied ?? []);
  const defs = new Map<string, Node>();
  for (const [name, entry] of Object.entries(template.attributes))
    defs.set(name, resolveAttribute(version, name, entry));

  const currencyName = template.dealCurrencyAttribute;
  const currency = currencyName ? ownGet<unknown>(attributes, currencyName) : undefined;
  if (currencyName && typeof currency === 'string') {
    const def = defs.get(currencyName);
    // Only a valid deal currency is used to judge the others, so one typo is reported once, not once per amount.
    if (def && errorsFor(ctx, def, currency) === 0) ctx.dealCurrency = currency;
  }

  for (const [name, value] of Object.entries(attributes)) {
    const path = `attributes.${name}`;
    if (serverSupplied.has(name)) {
      add(ctx, path, 'server_supplied', `${name} is set by Zest and must not be sent`, value);
      continue;
    }
    const def = defs.get(name);
    if (!def) {
      add(
        ctx,
        path,
        'unknown_attribute',
        `${name} is not an attribute of template ${template.templateId} ${template.version}`,
        value,
      );
      continue;
    }
    check(ctx, def, value, path);
  }
  for (const [name, def] of defs) {
    if (def.required && ownGet(attributes, name) === undefined)
      add(ctx, `attributes.${name}`, 'required', `${name} is required`);
  }
  const institutional = template.institutionalAttribute;
  if (institutional && ownGet(attributes, institutional) === 'institutional') {
    add(
      ctx,
      `attributes.${institutional}`,
      'institutional_not_supported',
      `template ${template.templateId} does not accept institutional investors`,
      'institutional',
    );
  }
  return ctx.errors;
}

function errorsFor(ctx: Context, node: Node, value: unknown): number {
  const scratch: Context = { ...ctx, errors: [] };
  check(scratch, node, value, '');
  return scratch.errors.length;
}

const BASE_TYPES = new Set(['string', 'decimal', 'integer', 'boolean', 'object', 'array']);

function resolveAttribute(
  version: ContractVersion,
  name: string,
  entry: { catalog?: string; required?: boolean } & Json,
): Node {
  const { catalog, required, ...inline } = entry;
  return { ...catalogEntry(version, catalog, name), ...inline, required: required === true } as Node;
}

function catalogEntry(version: ContractVersion, catalog: string | undefined, name: string): Json {
  if (!catalog) return {};
  const def = ownGet<Json>(
    version.documents.catalogs.get(catalog)?.attributes as Record<string, Json> | undefined,
    name,
  );
  if (!def) throw new Error(`contract registry ${version.version}: catalog ${catalog} does not define ${name}`);
  return def;
}

/** Expands primitive types until the node has a base type. */
function resolve(ctx: Context, node: Node): Node {
  let current = node;
  for (let depth = 0; current.type && !BASE_TYPES.has(current.type); depth++) {
    const primitive = ctx.version.documents.primitives.get(current.type);
    const definition = primitive?.definition as Node | undefined;
    if (!definition || depth > 10)
      throw new Error(`contract registry ${ctx.version.version}: unknown primitive ${current.type}`);
    const { type: _type, ...rest } = current;
    current = { ...definition, ...rest };
  }
  return current;
}

function add(ctx: Context, path: string, code: ValidationCode, message: string, value?: unknown): void {
  ctx.errors.push(validationItem(path, code, message, value));
}

function label(path: string): string {
  return path.replace(/^attributes\./, '') || 'value';
}

function regex(ctx: Context, pattern: string): RegExp {
  let compiled = ctx.patterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern, 'u');
    ctx.patterns.set(pattern, compiled);
  }
  return compiled;
}

function check(ctx: Context, raw: Node, value: unknown, path: string): void {
  const node = resolve(ctx, raw);
  const name = label(path);
  switch (node.type) {
    case 'string':
      if (typeof value !== 'string') {
        add(ctx, path, 'type', `${name} must be a string`, value);
        return;
      }
      break;
    case 'decimal':
      if (typeof value !== 'string') {
        add(ctx, path, 'type', `${name} must be a decimal string such as "2.0"`, value);
        return;
      }
      if (!DECIMAL.test(value)) {
        add(ctx, path, 'format', `${name} must be a decimal string such as "2.0"`, value);
        return;
      }
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        add(ctx, path, 'type', `${name} must be an integer`, value);
        return;
      }
      break;
    case 'boolean':
      if (typeof value !== 'boolean') {
        add(ctx, path, 'type', `${name} must be true or false`, value);
        return;
      }
      break;
    case 'object':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        add(ctx, path, 'type', `${name} must be an object`, value);
        return;
      }
      checkObject(ctx, node, value as Record<string, unknown>, path);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        add(ctx, path, 'type', `${name} must be an array`, value);
        return;
      }
      checkArray(ctx, node, value, path);
      return;
    default:
      break;
  }
  if (node.enum && !node.enum.includes(value)) {
    add(ctx, path, 'enum', `${name} must be one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`, value);
    return;
  }
  if (typeof value === 'string') {
    if (node.maxLength !== undefined && [...value].length > node.maxLength) {
      add(ctx, path, 'max_length', `${name} must be at most ${node.maxLength} characters`, value);
    }
    if (node.pattern && !regex(ctx, node.pattern).test(value))
      add(ctx, path, 'pattern', `${name} must match ${node.pattern}`, value);
    if (node.format && !formatOk(node, value))
      add(ctx, path, 'format', `${name} must be ${describeFormat(node.format)}`, value);
  }
  if (node.minimum !== undefined && (compareToBound(node, value, node.minimum) ?? 0) < 0)
    add(ctx, path, 'min_value', `${name} must be >= ${node.minimum}`, value);
  if (node.maximum !== undefined && (compareToBound(node, value, node.maximum) ?? 0) > 0)
    add(ctx, path, 'max_value', `${name} must be <= ${node.maximum}`, value);
}

/**
 * -1, 0 or 1 as a value is below, at or above a bound: a decimal attribute's string exactly, digit by digit (as a
 * number, `"100.00000000000000001"` was 100 and passed a maximum of 100), a JSON number as a number; undefined for
 * anything else, which bounds do not apply to.
 */
function compareToBound(node: Node, value: unknown, bound: number): number | undefined {
  if (node.type === 'decimal' && typeof value === 'string')
    return compareDecimals(value, bound) ?? Math.sign(Number(value) - bound);
  return typeof value === 'number' ? Math.sign(value - bound) : undefined;
}

function checkObject(ctx: Context, node: Node, value: Record<string, unknown>, path: string): void {
  // A Map, not `{}`: the keys looked up are the partner's, and `{}` "knows" constructor, toString, __proto__, ….
  const properties = new Map<string, Node>();
  for (const [key, def] of Object.entries(node.properties ?? {})) {
    properties.set(key, node.catalog ? ({ ...catalogEntry(ctx.version, node.catalog, key), ...def } as Node) : def);
  }
  for (const [key, child] of Object.entries(value)) {
    const def = properties.get(key);
    if (def) check(ctx, def, child, `${path}.${key}`);
    else if (node.additionalProperties !== true)
      add(ctx, `${path}.${key}`, 'unknown_attribute', `${label(path)}.${key} is not a known field`, child);
  }
  for (const [key, def] of properties) {
    if (def.required && ownGet(value, key) === undefined)
      add(ctx, `${path}.${key}`, 'required', `${label(path)}.${key} is required`);
  }
  const currency = ownGet<unknown>(value, 'currency');
  if (node.dealCurrency && ctx.dealCurrency && typeof currency === 'string' && currency !== ctx.dealCurrency) {
    const currencyDef = properties.get('currency');
    if (!currencyDef || errorsFor(ctx, currencyDef, currency) === 0) {
      add(
        ctx,
        `${path}.currency`,
        'currency_mismatch',
        `${label(path)}.currency must be the deal currency ${ctx.dealCurrency}`,
        currency,
      );
    }
  }
}

function checkArray(ctx: Context, node: Node, value: unknown[], path: string): void {
  if (node.minItems !== undefined && value.length < node.minItems) {
    add(ctx, path, 'required', `${label(path)} needs at least ${node.minItems} item(s)`);
  }
  if (node.maxItems !== undefined && value.length > node.maxItems) {
    add(ctx, path, 'max_value', `${label(path)} accepts at most ${node.maxItems} item(s)`);
  }
  if (node.items) {
    const items = node.items;
    for (const [index, item] of value.entries()) check(ctx, items, item, `${path}[${index}]`);
  }
}

function formatOk(node: Node, value: string): boolean {
  switch (node.format) {
    case 'date': {
      const m = DATE.exec(value);
      return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
    }
    case 'date-time':
      return isDateTime(value);
    case 'uri':
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || url.protocol === 'http:';
      } catch {
        return false;
      }
    case 'iso4217':
      return /^[A-Z]{3}$/.test(value) && (!node.codes || node.codes.includes(value));
    default:
      return true;
  }
}

/**
 * Year, month and day name a day of the proleptic Gregorian calendar (RFC 3339 full-date, years 0000-9999). Counted
 * here rather than through `Date.UTC`, which reads the years 0-99 as 1900-1999 and so refused `0050-06-30`.
 */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * An RFC 3339 date-time with an upper-case `T` and `Z` (`2026-06-01T00:00:00Z`, `2026-06-01T04:00:00+04:00`): a real
 * calendar day, hours 00-23, minutes 00-59, seconds 00-59 or a leap second (:60) in the last minute of a UTC day,
 * offsets up to 23:59. `Date.parse` alone, used before, accepted `2026-02-30T00:00:00Z` (it rolls the day over into
 * March) and `24:00:00`, and refused leap seconds.
 */
function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const field = (index: number) => Number(m[index] ?? 0);
  const [hour, minute, second, offsetHours, offsetMinutes] = [field(4), field(5), field(6), field(8), field(9)];
  if (!isCalendarDate(field(1), field(2), field(3)) || hour > 23 || minute > 59 || second > 60) return false;
  if (offsetHours > 23 || offsetMinutes > 59) return false;
  const offset = (m[7] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const utcMinute = (((hour * 60 + minute - offset) % 1440) + 1440) % 1440;
  return second < 60 || utcMinute === 23 * 60 + 59;
}

function describeFormat(format: string): string {
  switch (format) {
    case 'date':
      return 'a calendar date YYYY-MM-DD';
    case 'date-time':
      return 'an ISO 8601 date-time such as 2026-06-01T00:00:00Z';
    case 'uri':
      return 'an absolute http(s) URL';
    case 'iso4217':
      return 'a supported ISO 4217 currency code such as USD';
    default:
      return `in ${format} format`;
  }
}
