import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS; under NodeNext their default export is the module object.
type AjvClass = typeof Ajv2020Module.default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: InstanceType<AjvClass>,
) => unknown;

export type JsonSchema = Record<string, unknown>;

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface SpecMedia {
  schema: JsonSchema;
  /** Example values declared for this media type (`examples.*.value`, then `example`). */
  examples: unknown[];
  /** `encoding.<part>.contentType`, split on commas (multipart). */
  partTypes: Record<string, string[]>;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  parameters: SpecParameter[];
  body?: { required: boolean; content: Record<string, SpecMedia> };
  /** Declared response keys: `200`, `4XX`, `5XX`, ... */
  responses: string[];
  auth: 'required' | 'optional' | 'none';
  idempotency: 'required' | 'optional' | 'none';
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The dereferenced bundle (every $ref inlined), so the generators can walk schemas without resolving anything. */
export function loadSpec(): Record<string, any> {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve('@zestequity/partner-api-spec/openapi.dereferenced.json'), 'utf8'));
}

function authOf(security: Record<string, unknown>[] | undefined): SpecOperation['auth'] {
  if (!security || security.length === 0) return 'none';
  return security.some((s) => Object.keys(s).length === 0) ? 'optional' : 'required';
}

export function listOperations(doc: Record<string, any>): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = new Map<string, SpecParameter>();
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        params.set(`${p.in}:${p.name}`, {
          name: p.name,
          in: p.in,
          required: p.in === 'path' || p.required === true,
          schema: p.schema ?? {},
        });
      }
      let body: SpecOperation['body'];
      if (op.requestBody) {
        const content: Record<string, SpecMedia> = {};
        for (const [type, media] of Object.entries<Record<string, any>>(op.requestBody.content)) {
          const examples = [
            ...Object.values<{ value?: unknown }>(media.examples ?? {}).map((e) => e.value),
            ...(media.example === undefined ? [] : [media.example]),
          ].filter((v) => v !== undefined);
          const partTypes: Record<string, string[]> = {};
          for (const [part, enc] of Object.entries<Record<string, any>>(media.encoding ?? {})) {
            if (typeof enc.contentType === 'string')
              partTypes[part] = enc.contentType.split(',').map((t: string) => t.trim());
          }
          content[type] = { schema: media.schema ?? {}, examples, partTypes };
        }
        body = { required: op.requestBody.required === true, content };
      }
      out.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        parameters: [...params.values()],
        ...(body ? { body } : {}),
        responses: Object.keys(op.responses ?? {}).map((k) => k.toUpperCase()),
        auth: authOf(op.security ?? doc.security),
        idempotency: op['x-zest-idempotency'] ?? 'none',
      });
    }
  }
  return out;
}

/** Whether the operation declares `status` (exactly, or through a `4XX`/`5XX` range). */
export function declares(op: SpecOperation, status: number): boolean {
  return op.responses.includes(String(status)) || op.responses.includes(`${String(status)[0]}XX`);
}

export interface ErrorValidators {
  /** PartnerErrorResponse, as the spec defines it. */
  envelope: ValidateFunction;
  /** HTTPValidationError (FastAPI's 422), where the spec declares it. */
  httpValidation: ValidateFunction;
}

/** Validators for the two error shapes, compiled from the spec's own schemas (nothing restated here). */
export function errorValidators(doc: Record<string, any>): ErrorValidators {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const schemas = doc.components.schemas as Record<string, JsonSchema>;
  const compile = (name: string) => {
    const schema = schemas[name];
    if (!schema) throw new Error(`the spec has no components.schemas.${name}`);
    return ajv.compile(schema);
  };
  return { envelope: compile('PartnerErrorResponse'), httpValidation: compile('HTTPValidationError') };
}
