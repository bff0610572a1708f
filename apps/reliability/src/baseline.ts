import { randomUUID } from 'node:crypto';
import type { Operation } from '@zestequity/spec-model';
import type { WireFile, WireRequest } from './wire.js';

/** What the spec cannot know: live identifiers (slugs, person ids), a token, and values that must be fresh. */
export interface Fixtures {
  token: string;
  /** Path parameter values for an operation (names as in the spec). */
  params(op: Operation): Record<string, string>;
  /** Turns the spec's example into a body this sandbox accepts (real ids, a fresh assertion). */
  patchBody?(op: Operation, value: Record<string, unknown>): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** The media type the generators start from (the first one that has an example) and that example. */
export function exampleOf(op: Operation): { mediaType: string; value: Record<string, unknown> } | undefined {
  if (!op.requestBody) return undefined;
  for (const [mediaType, media] of Object.entries(op.requestBody.content)) {
    const value = media.examples[0];
    if (value && typeof value === 'object')
      return { mediaType, value: structuredClone(value) as Record<string, unknown> };
  }
  throw new Error(`${op.operationId}: the spec gives no example body to start from`);
}

/**
 * A valid request for `op`, built from the spec: its path template, the spec's example body, a fresh
 * Idempotency-Key when the operation declares one, and the bearer token unless the operation has no security.
 */
export async function baselineRequest(op: Operation, fixtures: Fixtures): Promise<WireRequest> {
  const headers: Record<string, string> = {};
  if (op.auth !== 'none') headers.authorization = `Bearer ${fixtures.token}`;
  for (const param of op.parameters) {
    if (param.in === 'header' && param.name.toLowerCase() === 'idempotency-key')
      headers['idempotency-key'] = randomUUID();
  }
  const request: WireRequest = {
    method: op.method,
    path: op.path,
    pathParams: fixtures.params(op),
    query: [],
    headers,
  };
  const example = exampleOf(op);
  if (!example) return request;
  const value = fixtures.patchBody ? await fixtures.patchBody(op, example.value) : example.value;
  if (example.mediaType === 'application/json') {
    request.body = { kind: 'json', value };
  } else if (example.mediaType === 'application/x-www-form-urlencoded') {
    request.body = { kind: 'form', fields: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) };
  } else if (example.mediaType === 'multipart/form-data') {
    const media = op.requestBody!.content[example.mediaType]!;
    const schema = media.schema;
    const properties = ((typeof schema === 'object' ? schema.properties : undefined) ?? {}) as Record<
      string,
      { format?: string }
    >;
    const fields: Record<string, string> = {};
    const files: WireFile[] = [];
    for (const [name, v] of Object.entries(value)) {
      if (properties[name]?.format === 'binary') {
        // The spec's example stands in for the file's bytes (it starts with the real magic bytes, e.g. `%PDF-`),
        // sent with the first part type the spec's `encoding` allows.
        files.push({
          name,
          bytes: new TextEncoder().encode(String(v)),
          type: media.encoding[name]?.[0] ?? 'application/octet-stream',
          filename: `${name}.bin`,
        });
      } else {
        fields[name] = String(v);
      }
    }
    request.body = { kind: 'multipart', fields, files };
  } else {
    throw new Error(`${op.operationId}: no generator for ${example.mediaType}`);
  }
  return request;
}
