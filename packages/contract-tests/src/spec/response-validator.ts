import {
  createSpecAjv,
  type ErrorObject,
  escapePointer,
  matchResponse,
  type OpenApiDocument,
  resolveRef,
  type SpecAjv,
  type ValidateFunction,
} from '@zestequity/spec-model';
import type { SpecOperation } from './operations.js';

/** One way a response differs from what the spec declares for it. */
export interface ContractProblem {
  kind:
    | 'undeclared-status'
    | 'content-type'
    | 'body-schema'
    | 'body-parse'
    | 'missing-header'
    | 'header-schema'
    | 'body-too-large';
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
 * Judges responses against the spec. The document is registered with ajv once (`createSpecAjv`), and each response
 * schema is compiled on first use by its JSON pointer inside that document, so `#/components/...` references resolve
 * exactly as the spec wrote them and nothing is restated here.
 */
export class ResponseValidator {
  private readonly specAjv: SpecAjv;

  constructor(private readonly spec: OpenApiDocument) {
    this.specAjv = createSpecAjv(spec);
  }

  /** Compiles a schema living at `pointer` (`#/components/schemas/X`, `#/paths/...`) inside the spec. */
  schemaAt(pointer: string): ValidateFunction {
    return this.specAjv.schemaAt(pointer);
  }

  validateResponse(operation: SpecOperation, response: ObservedResponse): ValidationOutcome {
    const declaredAs = matchResponse(operation, response.status);
    if (!declaredAs) {
      return {
        problems: [
          {
            kind: 'undeclared-status',
            location: String(response.status),
            message: `${operation.operationId} does not declare status ${response.status} (declared: ${Object.keys(operation.responses).join(', ')})`,
          },
        ],
      };
    }
    const declared = operation.responses[declaredAs]!;
    const schemaAt = (pointer: string) => this.schemaAt(pointer);
    const problems = [
      ...headerProblems(declared, response, this.spec, schemaAt),
      ...bodyProblems(declaredAs, declared, response, schemaAt),
    ];
    return { declaredAs, problems };
  }
}

type DeclaredResponse = SpecOperation['responses'][string];

/** Declared response headers that are missing (when required) or break their schema; Content-Type is the body's. */
function headerProblems(
  declared: DeclaredResponse,
  response: ObservedResponse,
  spec: OpenApiDocument,
  schemaAt: (pointer: string) => ValidateFunction,
): ContractProblem[] {
  const problems: ContractProblem[] = [];
  for (const [name, header] of Object.entries(declared.headers)) {
    if (name.toLowerCase() === 'content-type') continue;
    const value = response.headers.get(name);
    if (value === null) {
      if (header.required) {
        problems.push({
          kind: 'missing-header',
          location: name,
          message: `required response header ${name} is missing`,
        });
      }
      continue;
    }
    if (header.schemaPointer) {
      const validate = schemaAt(header.schemaPointer);
      const candidate = coerceHeader(value, resolveRef(spec, header.schema));
      if (!validate(candidate)) {
        problems.push({
          kind: 'header-schema',
          location: name,
          message: `header ${name}: ${formatErrors(validate.errors)}`,
        });
      }
    }
  }
  return problems;
}

/** The body against the declared content: a body where none is declared, an undeclared type, JSON, its schema. */
function bodyProblems(
  declaredAs: string,
  declared: DeclaredResponse,
  response: ObservedResponse,
  schemaAt: (pointer: string) => ValidateFunction,
): ContractProblem[] {
  const mediaTypes = Object.keys(declared.content);
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaTypes.length === 0) {
    if (response.body.byteLength === 0) return [];
    return [
      {
        kind: 'content-type',
        location: 'body',
        message: `status ${declaredAs} declares no body, but ${response.body.byteLength} bytes of ${contentType || 'unknown type'} came back`,
      },
    ];
  }
  const mediaType = mediaTypes.find((m) => mediaTypeMatches(m, contentType));
  if (!mediaType) {
    return [
      {
        kind: 'content-type',
        location: 'content-type',
        message: `content type "${contentType || '(none)'}" is not declared for ${declaredAs} (declared: ${mediaTypes.join(', ')})`,
      },
    ];
  }
  const media = declared.content[mediaType]!;
  if (!media.schemaPointer) return [];
  if (!/json/.test(mediaType)) return [];

  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(response.body));
  } catch (error) {
    return [{ kind: 'body-parse', location: 'body', message: `body is not JSON: ${(error as Error).message}` }];
  }
  const validate = schemaAt(media.schemaPointer);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => ({
    kind: 'body-schema',
    location: errorLocation(error),
    message: describeError(error),
  }));
}

/** Exact status first, then a range (`4XX`), then `default`; the order OpenAPI gives them. */
export function matchDeclaredStatus(declared: string[], status: number): string | undefined {
  // `matchResponse` reads only the keys of `responses`; this keeps the list form callers of earlier versions use.
  const responses = Object.fromEntries(
    declared.map((key) => [key, undefined]),
  ) as unknown as SpecOperation['responses'];
  return matchResponse({ responses }, status);
}

function mediaTypeMatches(declared: string, actual: string): boolean {
  const d = declared.toLowerCase();
  if (d === actual || d === '*/*') return true;
  if (d.endsWith('/*')) return actual.startsWith(d.slice(0, -1));
  return false;
}

function coerceHeader(value: string, schema: any): unknown {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  if ((type === 'integer' || type === 'number') && value.trim() !== '' && !Number.isNaN(Number(value)))
    return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** JSON pointer of the offending value; for a missing property, of the property that should be there. */
function errorLocation(error: ErrorObject): string {
  if (error.keyword === 'required')
    return `${error.instancePath}/${escapePointer(String(error.params.missingProperty))}`;
  return error.instancePath || '/';
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  if (error.keyword === 'required')
    return `required property '${String(error.params.missingProperty)}' is missing${error.instancePath ? ` in ${where}` : ''}`;
  if (error.keyword === 'additionalProperties') {
    return `${where} has undeclared property '${String(error.params.additionalProperty)}'`;
  }
  if (error.keyword === 'enum') return `${where} ${error.message}: ${JSON.stringify(error.params.allowedValues)}`;
  return `${where} ${error.message ?? error.keyword}`;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map(describeError).join('; ');
}
