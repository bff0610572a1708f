// What a partner needs to send a request right the first time, stated in the spec itself: a field that takes one
// value says so as `const`; every operation's Idempotency-Key example is its own (two operations sharing one would
// get 409 when both examples are sent as written) and says what a key is scoped to; every request body states its
// size limit, and JSON bodies their nesting limit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specDir } from './helpers/paths.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Parameter {
  name: string;
  in: string;
  description?: string;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { description?: string; content: Record<string, { schema: Record<string, unknown> }> };
}
interface Document {
  info: { description: string };
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}

const doc = JSON.parse(readFileSync(join(specDir, 'dist/openapi.dereferenced.json'), 'utf8')) as Document;
const operations = Object.values(doc.paths).flatMap((item) => METHODS.flatMap((m) => (item[m] ? [item[m]!] : [])));

const NESTING = /at most\s+32 levels/i;
const SIZE = /5 MiB\s+\(5,242,880\s+bytes\)/;

describe('Idempotency-Key', () => {
  const keyed = operations.flatMap((op) =>
    (op.parameters ?? [])
      .filter((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')
      .map((p) => ({ op: op.operationId, parameter: p })),
  );
  const examplesOf = (p: Parameter) =>
    [p.example, ...Object.values(p.examples ?? {}).map((e) => e.value)].filter((v) => v !== undefined);

  it('is taken by the three creating operations, each with an example', () => {
    expect(keyed.map((k) => k.op).sort()).toEqual(['bulkCreateInvestors', 'createSpvRequest', 'createSubscriptions']);
    for (const { op, parameter } of keyed) expect(examplesOf(parameter), op).not.toEqual([]);
  });

  it('has an example value no other operation uses', () => {
    const values = keyed.flatMap(({ op, parameter }) => examplesOf(parameter).map((value) => ({ op, value })));
    const shared = values.filter((a) => values.some((b) => b.op !== a.op && b.value === a.value));
    expect(shared).toEqual([]);
  });

  it('says a key is scoped to the client, across operations', () => {
    for (const { op, parameter } of keyed) {
      expect(parameter.description, op).toMatch(/belongs to your client \(`client_id`\), not to one operation/);
      expect(parameter.description, op).toMatch(
        /another operation or with another body is refused with\s+`409 conflict`/,
      );
    }
  });
});

describe('request bodies', () => {
  const withBody = operations.filter((op) => op.requestBody !== undefined);

  it('state their size limit, and JSON ones their nesting limit', () => {
    expect(withBody.length).toBeGreaterThan(0);
    for (const op of withBody) {
      const types = Object.keys(op.requestBody!.content);
      if (types.some((t) => t.startsWith('multipart/'))) continue; // file parts carry x-zest-max-bytes instead
      expect(op.requestBody!.description, op.operationId).toMatch(SIZE);
      if (types.includes('application/json')) expect(op.requestBody!.description, op.operationId).toMatch(NESTING);
    }
  });

  it('are described once for all in the API description', () => {
    expect(doc.info.description).toMatch(NESTING);
    expect(doc.info.description).toMatch(SIZE);
  });
});

describe('single-valued fields', () => {
  it('state the token request grant_type as a const, the one value the exchange accepts', () => {
    const exchange = operations.find((op) => op.operationId === 'exchangeJwtAssertion')!;
    const schema = exchange.requestBody!.content['application/x-www-form-urlencoded']!.schema as {
      properties: Record<string, { const?: unknown; examples?: unknown[] }>;
    };
    expect(schema.properties.grant_type!.const).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(schema.properties.grant_type!.examples).toEqual([schema.properties.grant_type!.const]);
  });
});
