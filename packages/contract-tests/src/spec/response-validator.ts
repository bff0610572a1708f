import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { deref, escapePointer, type OpenApiDocument } from './load-spec.js';
import type { SpecOperation } from './operations.js';

// ajv-formats is CommonJS with a default export; under NodeNext its callable lives on `.default`.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

const SPEC_ID = 'urn:zest:openapi';

/** One way a response differs from what the spec declares for it. */
export interface ContractProblem {
  kind: 'undeclared-status' | 'content-type' | 'body-schema' | 'body-parse' | 'missing-header' | 'header-schema';
  /** JSON pointer into the response body (for body problems) or the header name. */
  location: string;
  message: string;
}

export interface ObservedResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

export interface ValidationOutcome {
  /** The key of `responses` that the status matched (`201`, `4XX`, `default`), if any. */
  declaredAs?: string;
  problems: ContractProblem[];
}

/**
 * Judges responses against the bundled spec. The whole document is registered with ajv once, and each response
 * schema is compiled on first use by its JSON pointer inside that document, so `#/components/...` references resolve
 * exactly as the spec wrote them and nothing is restated here.
 */
export class ResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly spec: OpenApiDocument) {
    this.ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
    addFormats(this.ajv);
    // Formats ajv-formats does not know (`binary`, house formats) stay annotations, as JSON Schema 2020-12 intends.
    for (const format of collectFormats(spec)) {
      if (!(format in this.ajv.formats)) this.ajv.addFormat(format, true);
    }
    this.ajv.addSchema(spec, SPEC_ID);
  }

  /** Compiles a schema living at `pointer` (`#/components/schemas/X`, `#/paths/...`) inside the spec. */
  schemaAt(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(`${SPEC_ID}${pointer}`);
      if (!validate) throw new Error(`No schema at ${pointer} in the spec`);
      this.compiled.set(pointer, validate);
    }
    return validate;
  }

  validateResponse(operation: SpecOperation, response: ObservedResponse): ValidationOutcome {
    const declaredAs = matchDeclaredStatus(operation.declaredStatuses, response.status);
    if (!declaredAs) {
      return {
        problems: [
          {
            kind: 'undeclared-status',
            location: String(response.status),
            message: `${operation.operationId} does not declare status ${response.status} (declared: ${operation.declaredStatuses.join(', ')})`,
          },
        ],
      };
    }
    const problems: ContractProblem[] = [];
    let responsePointer = `${operation.pointer}/responses/${escapePointer(declaredAs)}`;
    let declared = operation.operation.responses[declaredAs];
    // Follow the response-level $ref so schema pointers are built from where the content really lives.
    while (declared && typeof declared.$ref === 'string') {
      responsePointer = declared.$ref;
      declared = deref(this.spec, { $ref: declared.$ref });
    }

    for (const [name, rawHeader] of Object.entries<any>(declared.headers ?? {})) {
      if (name.toLowerCase() === 'content-type') continue;
      const header = deref<any>(this.spec, rawHeader);
      const value = response.headers.get(name);
      if (value === null) {
        if (header.required) {
          problems.push({ kind: 'missing-header', location: name, message: `required response header ${name} is missing` });
        }
        continue;
      }
      if (header.schema) {
        const pointer = headerSchemaPointer(rawHeader, `${responsePointer}/headers/${escapePointer(name)}`);
        const validate = this.schemaAt(pointer);
        const candidate = coerceHeader(value, deref<any>(this.spec, header.schema));
        if (!validate(candidate)) {
          problems.push({ kind: 'header-schema', location: name, message: `header ${name}: ${formatErrors(validate.errors)}` });
        }
      }
    }

    const content: Record<string, any> = declared.content ?? {};
    const mediaTypes = Object.keys(content);
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaTypes.length === 0) {
      if (response.body.byteLength > 0) {
        problems.push({
          kind: 'content-type',
          location: 'body',
          message: `status ${declaredAs} declares no body, but ${response.body.byteLength} bytes of ${contentType || 'unknown type'} came back`,
        });
      }
      return { declaredAs, problems };
    }
    const mediaType = mediaTypes.find((m) => mediaTypeMatches(m, contentType));
    if (!mediaType) {
      problems.push({
        kind: 'content-type',
        location: 'content-type',
        message: `content type "${contentType || '(none)'}" is not declared for ${declaredAs} (declared: ${mediaTypes.join(', ')})`,
      });
      return { declaredAs, problems };
    }
    const media = content[mediaType];
    if (!media?.schema) return { declaredAs, problems };
    if (!/json/.test(mediaType)) return { declaredAs, problems };

    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(response.body));
    } catch (error) {
      problems.push({ kind: 'body-parse', location: 'body', message: `body is not JSON: ${(error as Error).message}` });
      return { declaredAs, problems };
    }
    const validate = this.schemaAt(`${responsePointer}/content/${escapePointer(mediaType)}/schema`);
    if (!validate(body)) {
      for (const error of validate.errors ?? []) {
        problems.push({ kind: 'body-schema', location: errorLocation(error), message: describeError(error) });
      }
    }
    return { declaredAs, problems };
  }
}

/** Exact status first, then a range (`4XX`), then `default`; the order OpenAPI gives them. */
export function matchDeclaredStatus(declared: string[], status: number): string | undefined {
  const exact = declared.find((key) => key === String(status));
  if (exact) return exact;
  const range = declared.find((key) => key.toUpperCase() === `${String(status)[0]}XX`);
  if (range) return range;
  return declared.find((key) => key === 'default');
}

function mediaTypeMatches(declared: string, actual: string): boolean {
  const d = declared.toLowerCase();
  if (d === actual || d === '*/*') return true;
  if (d.endsWith('/*')) return actual.startsWith(d.slice(0, -1));
  return false;
}

function headerSchemaPointer(rawHeader: any, inlinePointer: string): string {
  // A header given by $ref has its schema under the referenced node; an inline one under the response.
  return typeof rawHeader?.$ref === 'string' ? `${rawHeader.$ref}/schema` : `${inlinePointer}/schema`;
}

function coerceHeader(value: string, schema: any): unknown {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  if ((type === 'integer' || type === 'number') && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** JSON pointer of the offending value; for a missing property, of the property that should be there. */
function errorLocation(error: ErrorObject): string {
  if (error.keyword === 'required') return `${error.instancePath}/${escapePointer(String(error.params.missingProperty))}`;
  return error.instancePath || '/';
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  if (error.keyword === 'required') return `required property '${String(error.params.missingProperty)}' is missing${error.instancePath ? ` in ${where}` : ''}`;
  if (error.keyword === 'additionalProperties') {
    return `${where} has undeclared property '${String(error.params.additionalProperty)}'`;
  }
  if (error.keyword === 'enum') return `${where} ${error.message}: ${JSON.stringify(error.params.allowedValues)}`;
  return `${where} ${error.message ?? error.keyword}`;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map(describeError).join('; ');
}

function collectFormats(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectFormats(item, found);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') found.add(value);
      else collectFormats(value, found);
    }
  }
  return found;
}
