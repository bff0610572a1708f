// The bundled document holds exactly the agreed surface (19 operations under /v1, GET /public/hc, nine webhook
// events: docs/design-decisions.md#non-v1-endpoints) and every operationId is unique across paths and webhooks, because the generated types and the
// SDK key operations by operationId.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledSpecPath } from './helpers/paths.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  operationId?: string;
}
type PathItem = Partial<Record<(typeof METHODS)[number], Operation>>;
interface Document {
  paths: Record<string, PathItem>;
  webhooks: Record<string, PathItem>;
}

function operationsOf(map: Record<string, PathItem>) {
  return Object.entries(map).flatMap(([key, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m) => ({ key, method: m, operationId: item[m]!.operationId })),
  );
}

const doc = JSON.parse(readFileSync(bundledSpecPath, 'utf8')) as Document;
const paths = operationsOf(doc.paths);
const webhooks = operationsOf(doc.webhooks ?? {});

describe('bundled spec (dist/openapi.json)', () => {
  it('has 20 operations: 19 under /v1 and GET /public/hc', () => {
    expect(paths).toHaveLength(20);
    expect(paths.filter((op) => op.key.startsWith('/v1/'))).toHaveLength(19);
    expect(
      paths.filter((op) => !op.key.startsWith('/v1/')).map((op) => `${op.method.toUpperCase()} ${op.key}`),
    ).toEqual(['GET /public/hc']);
  });

  it('has 9 webhook events, each one POST', () => {
    expect(webhooks).toHaveLength(9);
    expect(Object.keys(doc.webhooks)).toHaveLength(9);
    expect(webhooks.every((op) => op.method === 'post')).toBe(true);
  });

  it('gives every operation a unique operationId', () => {
    const ids = [...paths, ...webhooks].map((op) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(duplicates).toEqual([]);
  });
});
