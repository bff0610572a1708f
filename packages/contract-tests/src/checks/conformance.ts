import { randomUUID } from 'node:crypto';
import { resolveRef } from '@zestequity/spec-model';
import type { CallOptions } from '../http/api.js';
import { parameterExample, requestExample } from '../spec/examples.js';
import type { SpecOperation } from '../spec/operations.js';
import type { Check, CheckContext } from './check.js';
import { filePart, tinyPdf } from './files.js';

/** A request built only from the spec: parameter examples, the body example, a fresh Idempotency-Key. */
export function exampleRequest(ctx: CheckContext, operation: SpecOperation): CallOptions {
  const options: CallOptions = { params: {}, headers: {}, query: {} };
  for (const parameter of operation.parameters) {
    if (parameter.in === 'header' && String(parameter.name).toLowerCase() === 'idempotency-key') {
      options.headers!['idempotency-key'] = randomUUID();
      continue;
    }
    if (!parameter.required) continue;
    const value = parameterExample(ctx.spec, parameter);
    if (value === undefined) continue;
    if (parameter.in === 'path') options.params![parameter.name] = String(value);
    else if (parameter.in === 'query') options.query![parameter.name] = String(value);
    else if (parameter.in === 'header') options.headers![parameter.name] = String(value);
  }
  const content = operation.requestBody?.content ?? {};
  if (content['application/json']) {
    options.json = requestExample(operation, 'application/json') ?? {};
  } else if (content['application/x-www-form-urlencoded']) {
    const example = (requestExample(operation, 'application/x-www-form-urlencoded') ?? {}) as Record<string, unknown>;
    options.form = Object.fromEntries(Object.entries(example).map(([k, v]) => [k, String(v)]));
  } else if (content['multipart/form-data']) {
    const example = (requestExample(operation, 'multipart/form-data') ?? {}) as Record<string, unknown>;
    const schema = resolveRef<any>(ctx.spec, content['multipart/form-data'].schema);
    const form = new FormData();
    for (const [name, value] of Object.entries(example)) {
      const property = resolveRef<any>(ctx.spec, schema?.properties?.[name]);
      if (property?.format === 'binary') form.append(name, filePart(tinyPdf(), 'application/pdf', `${name}.pdf`));
      else form.append(name, String(value));
    }
    options.multipart = form;
  }
  // `security: []` means no authentication at all; anything else (including optional `{}`) gets the bearer token.
  if (operation.security.length === 0) options.auth = false;
  return options;
}

export const everyOperationCheck: Check = {
  id: 'conformance.every-operation',
  title: "Every operation not yet exercised is called once with the spec's examples and answers a declared status",
  tags: ['conformance'],
  operations: ['*'],
  async run(ctx) {
    // Calls refused for their token (the bearer check) did not exercise the operation itself.
    const called = new Set(
      ctx.exchanges.filter((e) => e.status !== undefined && e.status !== 401).map((e) => e.operationId),
    );
    for (const operation of ctx.operations.values()) {
      if (called.has(operation.operationId)) continue;
      const response = await ctx.call(operation.operationId, exampleRequest(ctx, operation));
      // Any declared status is acceptable for example data (a 404 for an example slug is honest); a server error is not.
      ctx.expect(
        response.status < 500,
        `${operation.operationId} with the spec's example request answered ${response.status}`,
      );
    }
  },
};
