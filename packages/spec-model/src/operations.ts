import type { OpenApiDocument, SecurityRequirement } from './document.js';
import { SpecModelError } from './errors.js';
import { formatPointer, isObject, type JsonObject } from './pointer.js';
import { locate } from './refs.js';
import { type UploadLimits, uploadLimitsOf } from './uploads.js';

/** Every method a path item may hold, in the order OpenAPI 3.1 lists them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

export type JsonSchema = JsonObject | boolean;
export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';
export type AuthMode = 'required' | 'optional' | 'none';
export type IdempotencyMode = 'required' | 'optional' | 'none';

export interface Parameter {
  name: string;
  in: ParameterLocation;
  /** Always true for path parameters, as OpenAPI requires. */
  required: boolean;
  deprecated: boolean;
  /** The parameter's schema (`{}` when it declares none). */
  schema: JsonSchema;
  /** Where that schema lives in the document, for `SpecAjv.schemaAt`; undefined when the parameter has none. */
  schemaPointer: string | undefined;
  /** Declared examples: `example`, then the values of `examples` (`$ref`s followed). */
  examples: unknown[];
  /** The parameter object itself, `$ref` followed. */
  node: JsonObject;
}

export interface Media {
  /** Lower case, e.g. `application/json`, `multipart/form-data`. */
  mediaType: string;
  schema: JsonSchema | undefined;
  schemaPointer: string | undefined;
  /** Declared examples: the values of `examples` (`$ref`s followed), then `example`. */
  examples: unknown[];
  /** Multipart parts: part name -> accepted content types (`encoding.<part>.contentType`, split on commas, lower case). */
  encoding: Record<string, string[]>;
  node: JsonObject;
}

export interface ResponseHeader {
  required: boolean;
  schema: JsonSchema | undefined;
  schemaPointer: string | undefined;
}

export interface Response {
  /** The key as declared: `201`, `4XX`, `default`. */
  status: string;
  /** Where the response object lives (the `$ref` target when it is shared). */
  pointer: string;
  description: string | undefined;
  content: Record<string, Media>;
  /** Header name (as declared) -> what the spec says about it. */
  headers: Record<string, ResponseHeader>;
}

export interface RequestBody {
  required: boolean;
  pointer: string;
  content: Record<string, Media>;
}

/** One operation of the document (under `paths`, or a webhook under `webhooks`), with every fact a reader needs. */
export interface Operation {
  /** `GET /v1/spv-requests`, or `webhook spv_request.created`: unique in the document. */
  key: string;
  kind: 'path' | 'webhook';
  method: HttpMethod;
  /** The path template (`/v1/spvs/{spvSlug}/subscriptions`), or the webhook's event type. */
  path: string;
  operationId: string;
  /** Where the operation object lives, e.g. `#/paths/~1v1~1spv-requests/post`. */
  pointer: string;
  segments: string[];
  tags: string[];
  summary: string | undefined;
  description: string | undefined;
  deprecated: boolean;
  /** The effective requirements: the operation's own, else the document's. */
  security: SecurityRequirement[];
  /** `none` with no requirement, `optional` when one requirement is empty (`{}`), `required` otherwise. */
  auth: AuthMode;
  /** Path-item parameters merged with the operation's (the operation wins on the same name and location). */
  parameters: Parameter[];
  requestBody: RequestBody | undefined;
  /** By declared status key, in document order. */
  responses: Record<string, Response>;
  /** `x-zest-idempotency` (`none` when absent). */
  idempotency: IdempotencyMode;
  /** `x-zest-emits`: the webhook event types the operation can cause. */
  emits: string[];
  /** The limits of a `multipart/form-data` body (`x-zest-max-bytes`, `encoding.<file>.contentType`). */
  upload: UploadLimits | undefined;
  /** The operation object itself, for anything the model does not name. */
  node: JsonObject;
}

/** Where an operation sits, found without judging its content: what a linter of possibly broken documents needs. */
export interface OperationLocation {
  key: string;
  kind: 'path' | 'webhook';
  /** The path, or the webhook's event name. */
  name: string;
  /** Lower case, as written in the document. */
  method: (typeof HTTP_METHODS)[number];
  node: JsonObject;
  segments: string[];
  /** Parameters declared on the path item (unresolved), shared by its operations. */
  pathParameters: unknown[];
  pathParameterSegments: string[];
}

export function operationKey(kind: 'path' | 'webhook', name: string, method: string): string {
  return kind === 'webhook' ? `webhook ${name}` : `${method.toUpperCase()} ${name}`;
}

/**
 * Every operation under `paths` or `webhooks`, leniently: a path item that cannot be resolved is skipped, nothing
 * else is read. `listOperations` builds on this.
 */
export function locateOperations(doc: unknown, kind: 'path' | 'webhook'): OperationLocation[] {
  const sectionName = kind === 'path' ? 'paths' : 'webhooks';
  const section = isObject(doc) ? doc[sectionName] : undefined;
  if (!isObject(section)) return [];
  const out: OperationLocation[] = [];
  for (const [name, raw] of Object.entries(section)) {
    const item = locate(doc, raw, [sectionName, name], false);
    if (!isObject(item.node) || typeof item.node.$ref === 'string') continue;
    const pathItem = item.node;
    const pathParameters = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    for (const method of HTTP_METHODS) {
      const op = pathItem[method];
      if (!isObject(op)) continue;
      out.push({
        key: operationKey(kind, name, method),
        kind,
        name,
        method,
        node: op,
        segments: [...item.segments, method],
        pathParameters,
        pathParameterSegments: [...item.segments, 'parameters'],
      });
    }
  }
  return out;
}

/** Every operation under `paths`, in document order. Throws `SpecModelError` where the document is incomplete. */
export function listOperations(doc: OpenApiDocument): Operation[] {
  return locateOperations(doc, 'path').map((at) => buildOperation(doc, at));
}

/** Every webhook under `webhooks`, in document order, as operations whose `path` is the event type. */
export function listWebhooks(doc: OpenApiDocument): Operation[] {
  return locateOperations(doc, 'webhook').map((at) => buildOperation(doc, at));
}

/** The declared response key a status falls under: the exact code, then its `4XX` range, then `default`. */
export function matchResponse(operation: Pick<Operation, 'responses'>, status: number): string | undefined {
  const keys = Object.keys(operation.responses);
  const exact = String(status);
  const range = `${exact[0]}XX`;
  return (
    keys.find((k) => k === exact) ??
    keys.find((k) => k.toUpperCase() === range) ??
    keys.find((k) => k.toLowerCase() === 'default')
  );
}

const IDEMPOTENCY_MODES = new Set<string>(['required', 'optional', 'none']);
const LOCATIONS = new Set<string>(['path', 'query', 'header', 'cookie']);

function buildOperation(doc: OpenApiDocument, at: OperationLocation): Operation {
  const { node: op, segments } = at;
  const pointer = formatPointer(segments);
  const operationId = op.operationId;
  if (typeof operationId !== 'string' || operationId === '')
    throw new SpecModelError('operation has no operationId', pointer);
  const idempotency = op['x-zest-idempotency'] ?? 'none';
  if (typeof idempotency !== 'string' || !IDEMPOTENCY_MODES.has(idempotency)) {
    throw new SpecModelError(
      `x-zest-idempotency must be required, optional or none, not ${JSON.stringify(idempotency)}`,
      pointer,
    );
  }
  const emits = op['x-zest-emits'] ?? [];
  if (!Array.isArray(emits) || !emits.every((e) => typeof e === 'string')) {
    throw new SpecModelError('x-zest-emits must be a list of event types', pointer);
  }
  const security = (op.security ?? doc.security ?? []) as SecurityRequirement[];
  const requestBody =
    op.requestBody === undefined ? undefined : buildRequestBody(doc, op.requestBody, [...segments, 'requestBody']);
  const operation: Operation = {
    key: at.key,
    kind: at.kind,
    method: at.method.toUpperCase() as HttpMethod,
    path: at.name,
    operationId,
    pointer,
    segments,
    tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
    summary: typeof op.summary === 'string' ? op.summary : undefined,
    description: typeof op.description === 'string' ? op.description : undefined,
    deprecated: op.deprecated === true,
    security,
    auth: security.length === 0 ? 'none' : security.some((r) => Object.keys(r).length === 0) ? 'optional' : 'required',
    parameters: mergeParameters(doc, at),
    requestBody,
    responses: buildResponses(doc, op.responses, [...segments, 'responses']),
    idempotency: idempotency as IdempotencyMode,
    emits: emits as string[],
    upload: undefined,
    node: op,
  };
  const multipart = requestBody?.content['multipart/form-data'];
  if (multipart)
    operation.upload = uploadLimitsOf(
      doc,
      multipart,
      `${operationId} (${pointer}/requestBody/content/multipart~1form-data)`,
    );
  return operation;
}

function mergeParameters(doc: OpenApiDocument, at: OperationLocation): Parameter[] {
  const byKey = new Map<string, Parameter>();
  const lists: Array<[unknown, string[]]> = [
    [at.pathParameters, at.pathParameterSegments],
    [at.node.parameters ?? [], [...at.segments, 'parameters']],
  ];
  for (const [list, base] of lists) {
    if (!Array.isArray(list)) throw new SpecModelError('parameters must be a list', formatPointer(base));
    list.forEach((raw, index) => {
      const { node, segments } = locate<unknown>(doc, raw, [...base, String(index)]);
      const where = formatPointer(segments);
      if (!isObject(node) || typeof node.name !== 'string' || typeof node.in !== 'string' || !LOCATIONS.has(node.in)) {
        throw new SpecModelError('a parameter needs a name and an in of path, query, header or cookie', where);
      }
      const location = node.in as ParameterLocation;
      const schema = located(doc, node.schema, [...segments, 'schema']);
      const examples = [
        ...(node.example === undefined ? [] : [node.example]),
        ...namedExamples(doc, node.examples, [...segments, 'examples']),
      ];
      // Header names are case-insensitive on the wire; every other location compares names exactly.
      byKey.set(`${location}:${location === 'header' ? node.name.toLowerCase() : node.name}`, {
        name: node.name,
        in: location,
        required: location === 'path' || node.required === true,
        deprecated: node.deprecated === true,
        schema: (schema.value as JsonSchema | undefined) ?? {},
        schemaPointer: schema.pointer,
        examples,
        node,
      });
    });
  }
  return [...byKey.values()];
}

/** A schema-valued field: the value as written (refs are left for ajv), and where its target lives. */
function located(
  doc: OpenApiDocument,
  value: unknown,
  segments: string[],
): { value: unknown; pointer: string | undefined } {
  if (value === undefined) return { value: undefined, pointer: undefined };
  // A schema that is a bare `$ref` is pointed at its target, so a validator compiled there is shared by every user.
  const target =
    isObject(value) && typeof value.$ref === 'string' && Object.keys(value).length === 1
      ? locate(doc, value, segments)
      : undefined;
  return { value, pointer: formatPointer(target ? target.segments : segments) };
}

function namedExamples(doc: OpenApiDocument, examples: unknown, segments: string[]): unknown[] {
  if (!isObject(examples)) return [];
  const out: unknown[] = [];
  for (const [name, raw] of Object.entries(examples)) {
    const example = locate<unknown>(doc, raw, [...segments, name]).node;
    if (isObject(example) && example.value !== undefined) out.push(example.value);
  }
  return out;
}

function buildContent(doc: OpenApiDocument, content: unknown, segments: string[]): Record<string, Media> {
  const out: Record<string, Media> = {};
  if (!isObject(content)) return out;
  for (const [type, raw] of Object.entries(content)) {
    const at = locate<unknown>(doc, raw, [...segments, type]);
    if (!isObject(at.node))
      throw new SpecModelError('a media type object must be an object', formatPointer(at.segments));
    const media = at.node;
    const schema = located(doc, media.schema, [...at.segments, 'schema']);
    const encoding: Record<string, string[]> = {};
    for (const [part, enc] of Object.entries(isObject(media.encoding) ? media.encoding : {})) {
      if (isObject(enc) && typeof enc.contentType === 'string') {
        encoding[part] = enc.contentType
          .split(',')
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean);
      }
    }
    out[type.toLowerCase()] = {
      mediaType: type.toLowerCase(),
      schema: schema.value as JsonSchema | undefined,
      schemaPointer: schema.pointer,
      examples: [
        ...namedExamples(doc, media.examples, [...at.segments, 'examples']),
        ...(media.example === undefined ? [] : [media.example]),
      ],
      encoding,
      node: media,
    };
  }
  return out;
}

function buildRequestBody(doc: OpenApiDocument, raw: unknown, segments: string[]): RequestBody {
  const at = locate<unknown>(doc, raw, segments);
  if (!isObject(at.node)) throw new SpecModelError('requestBody must be an object', formatPointer(at.segments));
  return {
    required: at.node.required === true,
    pointer: formatPointer(at.segments),
    content: buildContent(doc, at.node.content, [...at.segments, 'content']),
  };
}

function buildResponses(doc: OpenApiDocument, responses: unknown, segments: string[]): Record<string, Response> {
  const out: Record<string, Response> = {};
  if (!isObject(responses)) return out;
  for (const [status, raw] of Object.entries(responses)) {
    const at = locate<unknown>(doc, raw, [...segments, status]);
    if (!isObject(at.node)) throw new SpecModelError('a response must be an object', formatPointer(at.segments));
    const headers: Record<string, ResponseHeader> = {};
    for (const [name, rawHeader] of Object.entries(isObject(at.node.headers) ? at.node.headers : {})) {
      const header = locate<unknown>(doc, rawHeader, [...at.segments, 'headers', name]);
      const node = isObject(header.node) ? header.node : {};
      const schema = located(doc, node.schema, [...header.segments, 'schema']);
      headers[name] = {
        required: node.required === true,
        schema: schema.value as JsonSchema | undefined,
        schemaPointer: schema.pointer,
      };
    }
    out[status] = {
      status,
      pointer: formatPointer(at.segments),
      description: typeof at.node.description === 'string' ? at.node.description : undefined,
      content: buildContent(doc, at.node.content, [...at.segments, 'content']),
      headers,
    };
  }
  return out;
}
