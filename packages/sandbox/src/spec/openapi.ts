import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The bundled OpenAPI document, kept as plain JSON: the sandbox reads it, it never restates it. */
export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  webhooks?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
};

export type JsonSchema = Record<string, unknown> | boolean;

export type ParameterLocation = 'path' | 'query' | 'header';

export interface ParameterSpec {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: JsonSchema;
}

export interface ResponseSpec {
  /** media type -> schema (absent when the response has no body). */
  content: Record<string, JsonSchema | undefined>;
}

export type AuthMode = 'required' | 'optional' | 'none';
export type IdempotencyMode = 'required' | 'optional' | 'none';

export interface OperationSpec {
  operationId: string;
  method: string;
  /** OpenAPI path template, e.g. `/v1/spvs/{spvSlug}/subscriptions`. */
  path: string;
  /** JSON pointer of the operation inside the document, for error messages. */
  pointer: string;
  parameters: ParameterSpec[];
  requestBody?: { required: boolean; content: Record<string, JsonSchema | undefined> };
  responses: Record<string, ResponseSpec>;
  auth: AuthMode;
  idempotency: IdempotencyMode;
  emits: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export function loadBundledSpec(): OpenApiDocument {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@zestequity/partner-api-spec/openapi.json');
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Follows local `$ref`s of non-schema objects (parameters, request bodies, responses), which ajv never sees. */
export function resolveRef<T>(doc: OpenApiDocument, value: unknown): T {
  let current = value as Record<string, unknown>;
  const seen = new Set<string>();
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/') || seen.has(ref)) throw new Error(`unsupported or circular $ref ${ref}`);
    seen.add(ref);
    let target: unknown = doc;
    for (const raw of ref.slice(2).split('/')) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = (target as Record<string, unknown> | undefined)?.[segment];
    }
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    current = target as Record<string, unknown>;
  }
  return current as T;
}

function contentSchemas(doc: OpenApiDocument, content: unknown): Record<string, JsonSchema | undefined> {
  const out: Record<string, JsonSchema | undefined> = {};
  for (const [mediaType, media] of Object.entries((content ?? {}) as Record<string, { schema?: JsonSchema }>)) {
    out[mediaType.toLowerCase()] = resolveRef<{ schema?: JsonSchema }>(doc, media).schema;
  }
  return out;
}

function authMode(security: Record<string, string[]>[] | undefined): AuthMode {
  if (!security || security.length === 0) return 'none';
  return security.some((requirement) => Object.keys(requirement).length === 0) ? 'optional' : 'required';
}

/** Every operation of the document, with parameters merged (path-level then operation-level) and refs followed. */
export function listOperations(doc: OpenApiDocument): OperationSpec[] {
  const operations: OperationSpec[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = resolveRef<Record<string, unknown>>(doc, rawItem);
    const shared = (item.parameters ?? []) as unknown[];
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const operationId = op.operationId as string | undefined;
      const pointer = `#/paths/${escapePointer(path)}/${method}`;
      if (!operationId) throw new Error(`${pointer} has no operationId`);
      const byKey = new Map<string, ParameterSpec>();
      for (const raw of [...shared, ...((op.parameters ?? []) as unknown[])]) {
        const param = resolveRef<Record<string, unknown>>(doc, raw);
        const location = param.in as string;
        if (location !== 'path' && location !== 'query' && location !== 'header') continue;
        const name = param.name as string;
        byKey.set(`${location}:${location === 'header' ? name.toLowerCase() : name}`, {
          name,
          in: location,
          required: location === 'path' || param.required === true,
          schema: (param.schema as JsonSchema | undefined) ?? {},
        });
      }
      const body = op.requestBody ? resolveRef<Record<string, unknown>>(doc, op.requestBody) : undefined;
      const responses: Record<string, ResponseSpec> = {};
      for (const [status, raw] of Object.entries((op.responses ?? {}) as Record<string, unknown>)) {
        responses[status.toUpperCase()] = {
          content: contentSchemas(doc, resolveRef<Record<string, unknown>>(doc, raw).content),
        };
      }
      const security = (op.security ?? doc.security) as Record<string, string[]>[] | undefined;
      const idempotency = (op['x-zest-idempotency'] as IdempotencyMode | undefined) ?? 'none';
      operations.push({
        operationId,
        method: method.toUpperCase(),
        path,
        pointer,
        parameters: [...byKey.values()],
        requestBody: body
          ? { required: body.required === true, content: contentSchemas(doc, body.content) }
          : undefined,
        responses,
        auth: authMode(security),
        idempotency,
        emits: (op['x-zest-emits'] as string[] | undefined) ?? [],
      });
    }
  }
  return operations;
}
