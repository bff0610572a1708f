import { resolveRef } from '@zestequity/spec-model';
import { describe, expect, it } from 'vitest';
import { listOperations, loadSpec, matchDeclaredStatus, ResponseValidator } from '../src/index.js';

const spec = await loadSpec();
const validator = new ResponseValidator(spec);
const operations = new Map(listOperations(spec).map((o) => [o.operationId, o]));

function respond(
  status: number,
  body: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
) {
  const bytes =
    body === undefined
      ? new Uint8Array()
      : new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  return { status, headers: new Headers({ 'content-type': contentType, ...headers }), body: bytes };
}

/** Every (operation, status, example) the bundled spec documents. */
function documentedExamples() {
  const out: Array<[string, number, unknown]> = [];
  for (const operation of operations.values()) {
    for (const [status, raw] of Object.entries<any>(operation.node.responses as Record<string, unknown>)) {
      if (!/^\d{3}$/.test(status)) continue;
      const media = resolveRef<any>(spec, raw).content?.['application/json'];
      for (const example of Object.values<any>(media?.examples ?? {})) {
        out.push([operation.operationId, Number(status), resolveRef<any>(spec, example).value]);
      }
    }
  }
  return out;
}

describe('ResponseValidator on the bundled spec', () => {
  const examples = documentedExamples();

  it('finds documented examples to judge', () => {
    expect(examples.length).toBeGreaterThan(20);
  });

  it.each(examples)("accepts the spec's own %s %i example", (operationId, status, body) => {
    expect(validator.validateResponse(operations.get(operationId)!, respond(status, body)).problems).toEqual([]);
  });

  it('names the missing required property of a broken SpvRequestResponse', () => {
    const [, , example] = examples.find(([id, status]) => id === 'getSpvRequest' && status === 200)!;
    const { createdAt: _, ...broken } = example as Record<string, unknown>;
    const outcome = validator.validateResponse(operations.get('getSpvRequest')!, respond(200, broken));
    expect(outcome.declaredAs).toBe('200');
    expect(outcome.problems).toEqual([
      { kind: 'body-schema', location: '/createdAt', message: "required property 'createdAt' is missing" },
    ]);
  });

  it('rejects a wrong enum value with its path', () => {
    const [, , example] = examples.find(([id, status]) => id === 'getSpvRequest' && status === 200)!;
    const outcome = validator.validateResponse(
      operations.get('getSpvRequest')!,
      respond(200, { ...(example as object), status: 'archived' }),
    );
    expect(outcome.problems).toHaveLength(1);
    expect(outcome.problems[0]).toMatchObject({ kind: 'body-schema', location: '/status' });
  });

  it('fails an undeclared status and does not judge its body', () => {
    const outcome = validator.validateResponse(
      operations.get('listSpvRequests')!,
      respond(400, { code: 'invalid_request' }),
    );
    expect(outcome.declaredAs).toBeUndefined();
    expect(outcome.problems).toEqual([expect.objectContaining({ kind: 'undeclared-status', location: '400' })]);
  });

  it('matches 5XX for any server error and judges it as the partner envelope', () => {
    const operation = operations.get('getHealth')!;
    const ok = validator.validateResponse(
      operation,
      respond(503, { code: 'service_unavailable', errorId: '1f1a4b3e-7c0e-4ed3-9abe-3cbef1f17c1f' }),
    );
    expect(ok).toEqual({ declaredAs: '5XX', problems: [] });
    const bad = validator.validateResponse(operation, respond(500, { code: 'boom' }));
    expect(bad.problems.map((p) => p.location)).toEqual(['/code']);
  });

  it('checks formats: an errorId that is not a UUID breaks the envelope', () => {
    const outcome = validator.validateResponse(
      operations.get('getSpvRequest')!,
      respond(404, { code: 'not_found', errorId: 'nope' }),
    );
    expect(outcome.problems).toEqual([expect.objectContaining({ kind: 'body-schema', location: '/errorId' })]);
  });

  it('fails an undeclared content type, and a body that is not JSON', () => {
    const operation = operations.get('getOauth2Info')!;
    expect(validator.validateResponse(operation, respond(200, '<html></html>', 'text/html')).problems).toEqual([
      expect.objectContaining({ kind: 'content-type' }),
    ]);
    expect(validator.validateResponse(operation, respond(200, '{"clientId":', 'application/json')).problems).toEqual([
      expect.objectContaining({ kind: 'body-parse' }),
    ]);
  });
});

describe('ResponseValidator on a minimal spec (headers, default)', () => {
  const tiny = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          responses: {
            '200': {
              description: 'ok',
              headers: {
                'X-Rate-Remaining': { required: true, schema: { type: 'integer', minimum: 0 } },
                'X-Optional': { schema: { type: 'string' } },
              },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
            '204': { description: 'nothing' },
            default: {
              description: 'error',
              content: { 'application/problem+json': { schema: { type: 'object', required: ['title'] } } },
            },
          },
        },
      },
    },
    components: { schemas: { Thing: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } },
  };
  const tinyValidator = new ResponseValidator(tiny);
  const getThing = listOperations(tiny)[0]!;

  it('requires required headers and validates their schema', () => {
    expect(tinyValidator.validateResponse(getThing, respond(200, { id: 'a' })).problems).toEqual([
      expect.objectContaining({ kind: 'missing-header', location: 'X-Rate-Remaining' }),
    ]);
    expect(
      tinyValidator.validateResponse(
        getThing,
        respond(200, { id: 'a' }, 'application/json', { 'x-rate-remaining': '-1' }),
      ).problems,
    ).toEqual([expect.objectContaining({ kind: 'header-schema', location: 'X-Rate-Remaining' })]);
    expect(
      tinyValidator.validateResponse(
        getThing,
        respond(200, { id: 'a' }, 'application/json', { 'x-rate-remaining': '7' }),
      ).problems,
    ).toEqual([]);
  });

  it('falls back to default, and refuses a body where none is declared', () => {
    expect(
      tinyValidator.validateResponse(getThing, respond(418, { title: 'teapot' }, 'application/problem+json'))
        .declaredAs,
    ).toBe('default');
    expect(tinyValidator.validateResponse(getThing, respond(204, { surprise: true })).problems).toEqual([
      expect.objectContaining({ kind: 'content-type', location: 'body' }),
    ]);
  });

  it('orders matches as OpenAPI does: exact, then range, then default', () => {
    expect(matchDeclaredStatus(['200', '2XX', 'default'], 200)).toBe('200');
    expect(matchDeclaredStatus(['200', '2XX', 'default'], 201)).toBe('2XX');
    expect(matchDeclaredStatus(['200', 'default'], 503)).toBe('default');
    expect(matchDeclaredStatus(['200', '4XX'], 503)).toBeUndefined();
  });
});
