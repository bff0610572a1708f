import type { ErrorObject } from '@zestequity/spec-model';
import { type ValidationCode, type ValidationItem, validationItem } from '../http/errors.js';
import { ownGet } from '../own.js';

/** JSON pointer (`/investors/0/email`) -> the partner path notation (`investors[0].email`). */
export function pointerToPath(pointer: string, prefix = ''): string {
  let out = prefix;
  if (!pointer) return out;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** Keyword -> documented codes, best first; the first one the spec's vocabulary contains wins. */
const CODES: Record<string, ValidationCode[]> = {
  required: ['required'],
  dependentRequired: ['required'],
  additionalProperties: ['unknown_attribute'],
  unevaluatedProperties: ['unknown_attribute'],
  propertyNames: ['unknown_attribute'],
  type: ['type'],
  enum: ['enum'],
  const: ['enum'],
  pattern: ['pattern'],
  maxLength: ['max_length'],
  minLength: ['min_length' as ValidationCode, 'required'],
  minimum: ['min_value'],
  exclusiveMinimum: ['min_value'],
  maximum: ['max_value'],
  exclusiveMaximum: ['max_value'],
  minItems: ['min_items' as ValidationCode, 'required'],
  maxItems: ['max_items' as ValidationCode, 'max_value'],
  format: ['format'],
};

export interface MapOptions {
  /** Codes the spec publishes (ValidationErrorCode enum); unknown means "trust the table". */
  codes: Set<string> | undefined;
  /** Prefix for paths, e.g. nothing for bodies, or the parameter location. */
  prefix?: string;
  /** Declared names for keys that were normalised (lower-cased headers). */
  names?: Map<string, string>;
  data?: unknown;
}

function pick(keyword: string, codes: Set<string> | undefined): ValidationCode {
  const candidates = ownGet<ValidationCode[]>(CODES, keyword) ?? ['type'];
  if (!codes) return candidates[0]!;
  return candidates.find((code) => codes.has(code)) ?? (codes.has('type') ? 'type' : candidates[0]!);
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  if (!pointer) return current;
  for (const raw of pointer.slice(1).split('/')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = ownGet(current, raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return current;
}

/**
 * Turns ajv's errors into partner validation items: one per failing location and code, with a path in the
 * partner notation and the offending value when it is a scalar. Composite failures (anyOf/oneOf) report their own
 * item only when no more precise error was found for that location.
 */
export function mapAjvErrors(errors: ErrorObject[] | null | undefined, options: MapOptions): ValidationItem[] {
  const items: ValidationItem[] = [];
  const seen = new Set<string>();
  const rename = (path: string) =>
    options.names ? path.replace(/^[^.[]+/, (head) => options.names?.get(head) ?? head) : path;
  const composite: ErrorObject[] = [];
  for (const error of errors ?? []) {
    if (
      error.keyword === 'anyOf' ||
      error.keyword === 'oneOf' ||
      error.keyword === 'allOf' ||
      error.keyword === 'if' ||
      error.keyword === 'not'
    ) {
      composite.push(error);
      continue;
    }
    let path = pointerToPath(error.instancePath, options.prefix);
    let value: unknown = valueAt(options.data, error.instancePath);
    let message: string;
    if (error.keyword === 'required' || error.keyword === 'dependentRequired') {
      path = join(path, String(error.params.missingProperty));
      value = undefined;
      message = `${rename(path)} is required`;
    } else if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
      const name = String(error.params.additionalProperty ?? error.params.unevaluatedProperty);
      path = join(path, name);
      value = undefined;
      message = `${rename(path)} is not a known field`;
    } else if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
      message = `${rename(path) || 'value'} must be one of ${error.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}`;
    } else {
      message = `${rename(path) || 'value'} ${error.message ?? 'is invalid'}`;
    }
    path = rename(path);
    const code = pick(error.keyword, options.codes);
    const key = `${path}\u0000${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(validationItem(path, code, message, value));
  }
  for (const error of composite) {
    const path = rename(pointerToPath(error.instancePath, options.prefix));
    if (
      items.some(
        (item) =>
          item.attribute === path ||
          String(item.attribute).startsWith(`${path}.`) ||
          String(item.attribute).startsWith(`${path}[`),
      )
    )
      continue;
    const code = pick('type', options.codes);
    const key = `${path}\u0000${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(
      validationItem(
        path,
        code,
        `${path || 'value'} does not match any allowed shape`,
        valueAt(options.data, error.instancePath),
      ),
    );
  }
  return items;
}
