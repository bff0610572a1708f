import type { IncomingMessage } from 'node:http';
import type { Breakages } from '../breakages.js';
import { lastValues } from '../http/body.js';
import type { RequestContext } from '../http/context.js';
import { ApiError, badRequest, type ValidationItem, validationFailed } from '../http/errors.js';
import { parseUrlEncoded } from '../http/text.js';
import { mapAjvErrors } from '../spec/ajv-errors.js';
import type { OperationSpec } from '../spec/openapi.js';
import { type CompiledSpec, decimalOnly, type OperationValidators } from '../spec/validators.js';

/** Bulk operations whose rows are judged one by one: schema errors inside a row fail that row only. */
const PER_ROW_ARRAYS = new Map([['bulkCreateInvestors', 'investors']]);

function validationItems(
  compiled: CompiledSpec,
  validators: OperationValidators,
  location: 'path' | 'query' | 'header',
  data: Record<string, unknown>,
): ValidationItem[] {
  const entry = validators.params.find((p) => p.location === location);
  if (!entry) return [];
  decimalOnly(entry, data);
  if (entry.validate(data)) return [];
  return mapAjvErrors(entry.validate.errors, { codes: compiled.validationCodes, names: entry.names, data });
}

/** The operation's header parameters as sent (lower-cased names, first value). */
function headerParameters(operation: OperationSpec, req: IncomingMessage): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const param of operation.parameters) {
    if (param.in !== 'header') continue;
    const value = req.headers[param.name.toLowerCase()];
    if (value !== undefined) headers[param.name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  }
  return headers;
}

/**
 * The parameter half of "validate": path, then query (set on `ctx.query`), then headers, each against the spec.
 * A missing Idempotency-Key is not a header error here (the idempotency stage decides). Returns the headers.
 */
export function validateParameters(
  ctx: RequestContext,
  search: string,
  validators: OperationValidators,
  compiled: CompiledSpec,
  breakages: Breakages,
): Record<string, unknown> {
  const pathProblems = validationItems(compiled, validators, 'path', ctx.params as Record<string, unknown>);
  if (pathProblems.length > 0) throw validationFailed(pathProblems).at('path');
  // An operation without query parameters ignores the query string, whatever it holds (as the live service does):
  // refusing one that is not UTF-8 answered 400 where the operation declares no 400.
  const takesQuery = validators.params.some((p) => p.location === 'query');
  let query: Record<string, unknown>;
  try {
    query = lastValues(search && takesQuery ? parseUrlEncoded(search, 'The query string') : []);
  } catch (error) {
    throw error instanceof ApiError ? error.at('query') : error;
  }
  const queryProblems = validationItems(compiled, validators, 'query', query);
  if (queryProblems.length > 0) throw validationFailed(queryProblems).at('query');
  ctx.query = query;
  const headers = headerParameters(ctx.operation, ctx.req);
  const headerProblems = validationItems(compiled, validators, 'header', headers).filter(
    (p) => breakages.requiresIdempotencyKey() || !/idempotency-key/i.test(`${String(p.field)} ${p.message}`),
  );
  if (headerProblems.length > 0) throw badRequest(headerProblems.map((p) => p.message).join('; ')).at('header');
  return headers;
}

/**
 * The body half of "validate" (JSON and form bodies): a schema failure is a 400, except in a bulk body judged row by
 * row, where every problem inside a row is recorded on `ctx.rowErrors` for the handler to fail that row alone.
 */
export function validateBody(
  ctx: RequestContext,
  type: string,
  data: unknown,
  validators: OperationValidators,
  compiled: CompiledSpec,
): void {
  const validate = validators.bodies.get(type);
  if (!validate || validate(data)) return;
  const items = mapAjvErrors(validate.errors, { codes: compiled.validationCodes, data });
  const rowProperty = PER_ROW_ARRAYS.get(ctx.operation.operationId);
  const rowPattern = rowProperty ? new RegExp(`^${rowProperty}\\[(\\d+)\\]`) : undefined;
  const perRow = rowPattern && items.every((item) => rowPattern.test(String(item.field)));
  if (!perRow) throw validationFailed(items).at('body');
  for (const item of items) {
    const index = Number(rowPattern.exec(String(item.field))![1]);
    const list = ctx.rowErrors.get(index) ?? [];
    list.push(item);
    ctx.rowErrors.set(index, list);
  }
}

/** A multipart body's text fields against the spec; the file part only has to be there (format: binary). */
export function validateMultipartFields(
  fields: Record<string, unknown>,
  file: { field: string; sent: boolean },
  validators: OperationValidators,
  compiled: CompiledSpec,
): void {
  const validate = validators.bodies.get('multipart/form-data');
  const data: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, fields);
  // The file's bytes are not JSON; the schema only needs to see that the part is there. A part of that name without
  // a filename is a text field, not a file (that is how multipart parsers tell them apart; RFC 7578 section 4.2), so
  // the schema sees no file and says so, instead of the handler finding none.
  if (file.sent) data[file.field] = '';
  else delete data[file.field];
  if (validate && !validate(data))
    throw validationFailed(mapAjvErrors(validate.errors, { codes: compiled.validationCodes, data })).at('body');
}
