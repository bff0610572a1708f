// Schema-driven bad input. Every mutation is derived from the operation's declaration in the bundled spec: its
// parameters (path, query, header) with their schemas, its security, its request body media types and body
// schema (required properties, types, enums, patterns, lengths, bounds, formats), walked alongside the spec's own
// example. Each mutation is a function from a valid baseline request to a broken one, so every run starts from a
// fresh, valid request (new Idempotency-Key, new assertion) and differs from it by exactly one defect.
import { randomUUID } from 'node:crypto';
import type { Operation, JsonSchema as SpecSchema } from '@zestequity/spec-model';
import fc from 'fast-check';
import type { WireBody, WireRequest } from './wire.js';

export interface Mutation {
  /** Human-readable, for failure messages and the per-kind tally. */
  kind: string;
  detail: string;
  apply(request: WireRequest): WireRequest;
}

type Path = (string | number)[];

/** A schema as the generators walk it: an object (the dereferenced bundle has no `$ref`s left to follow). */
type JsonSchema = Record<string, unknown>;
/** A boolean schema (`true`/`false`) or none states no rule to break: walk it as `{}`. */
const rulesOf = (schema: SpecSchema | undefined): JsonSchema => (typeof schema === 'object' ? schema : {});

interface Site {
  path: Path;
  schema: JsonSchema;
  /** Whether the last key is listed in its parent's `required`. */
  required: boolean;
}

const clone = <T>(value: T): T => structuredClone(value);
const show = (path: Path) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '') || '(body)';

/** Every property and array item of `value` with the schema that governs it. */
export function sitesOf(
  schema: JsonSchema,
  value: unknown,
  path: Path = [],
  required = true,
  out: Site[] = [],
): Site[] {
  out.push({ path, schema, required });
  if (Array.isArray(value) && schema.items && typeof schema.items === 'object') {
    for (const [i, item] of value.entries()) sitesOf(schema.items as JsonSchema, item, [...path, i], true, out);
  } else if (value && typeof value === 'object' && schema.properties && typeof schema.properties === 'object') {
    const req = new Set((schema.required as string[] | undefined) ?? []);
    for (const [key, child] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
      if (key in (value as Record<string, unknown>))
        sitesOf(child, (value as Record<string, unknown>)[key], [...path, key], req.has(key), out);
    }
  }
  return out;
}

function setAt(root: unknown, path: Path, update: (parent: any, key: string | number) => void): unknown {
  if (path.length === 0) throw new Error('setAt needs a non-empty path');
  const copy = clone(root) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  update(node, path[path.length - 1]!);
  return copy;
}

function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

function isOfType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return false;
  }
}

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

type InvalidValue = fc.Arbitrary<{ rule: string; value: unknown }>;

/** Invalid values for one schema node, each labelled with the rule it breaks. */
function invalidValues(schema: JsonSchema, options: { textOnly?: boolean } = {}): InvalidValue[] {
  const types = typesOf(schema);
  return [
    // Form and multipart fields are text on the wire: a "wrong type" cannot be expressed there.
    ...(types.length > 0 && !options.textOnly ? [wrongTypes(types)] : []),
    ...(Array.isArray(schema.enum) ? [notInEnum(schema.enum as unknown[])] : []),
    ...(types.includes('string') ? invalidStrings(schema) : []),
    ...(types.includes('integer') || types.includes('number') ? invalidNumbers(schema, types) : []),
    ...(types.includes('array') ? invalidArrays(schema) : []),
  ];
}

function wrongTypes(types: string[]): InvalidValue {
  return anyJson
    .filter((v) => !types.some((t) => isOfType(v, t)))
    .map((value) => ({ rule: `type ${types.join('|')}`, value }));
}

function notInEnum(allowed: unknown[]): InvalidValue {
  return fc
    .oneof(
      fc.string({ maxLength: 30 }),
      ...allowed.filter((a) => typeof a === 'string').map((a) => fc.constant(`${(a as string).toUpperCase()}_`)),
    )
    .filter((v) => !allowed.includes(v))
    .map((value) => ({ rule: 'enum', value }));
}

/** A string schema's pattern, lengths and formats broken, and a huge string. */
function invalidStrings(schema: JsonSchema): InvalidValue[] {
  const out: InvalidValue[] = [];
  if (typeof schema.pattern === 'string') {
    const re = new RegExp(schema.pattern as string, 'u');
    out.push(
      fc
        .string({ maxLength: 40 })
        .filter((s) => !re.test(s))
        .map((value) => ({ rule: `pattern ${schema.pattern}`, value })),
    );
  }
  if (typeof schema.maxLength === 'number') {
    const max = schema.maxLength as number;
    out.push(
      fc.integer({ min: max + 1, max: max + 64 }).map((n) => ({ rule: `maxLength ${max}`, value: 'x'.repeat(n) })),
    );
  }
  if (typeof schema.minLength === 'number' && (schema.minLength as number) > 0) {
    const min = schema.minLength as number;
    out.push(fc.integer({ min: 0, max: min - 1 }).map((n) => ({ rule: `minLength ${min}`, value: 'x'.repeat(n) })));
  }
  if (schema.format === 'date' || schema.format === 'date-time') {
    out.push(
      fc
        .constantFrom('2026-02-30', '12/04/1985', 'yesterday', '1985-13-01', '')
        .map((value) => ({ rule: `format ${schema.format}`, value })),
    );
  }
  if (schema.format === 'email') {
    out.push(
      fc
        .constantFrom('alice', 'alice@', '@example.com', 'a b@example.com')
        .map((value) => ({ rule: 'format email', value })),
    );
  }
  // A boundary rather than a rule: a very long string must be refused or accepted, never crash the server.
  out.push(fc.integer({ min: 10_000, max: 200_000 }).map((n) => ({ rule: 'huge string', value: 'é'.repeat(n) })));
  return out;
}

/** A number below its minimum, above its maximum, and a fraction where an integer is declared. */
function invalidNumbers(schema: JsonSchema, types: string[]): InvalidValue[] {
  const out: InvalidValue[] = [];
  if (typeof schema.minimum === 'number') {
    const min = schema.minimum as number;
    out.push(
      fc.integer({ min: -1_000_000, max: Math.ceil(min) - 1 }).map((value) => ({ rule: `minimum ${min}`, value })),
    );
  }
  if (typeof schema.maximum === 'number') {
    const max = schema.maximum as number;
    out.push(
      fc
        .integer({ min: Math.floor(max) + 1, max: Number.MAX_SAFE_INTEGER })
        .map((value) => ({ rule: `maximum ${max}`, value })),
    );
  }
  if (types.includes('integer'))
    out.push(fc.constantFrom(1.5, 1e300, -0.5).map((value) => ({ rule: 'integer', value })));
  return out;
}

/** An array with fewer items than minItems, or (`__repeat__`, expanded where the site is known) more than maxItems. */
function invalidArrays(schema: JsonSchema): InvalidValue[] {
  const out: InvalidValue[] = [];
  if (typeof schema.minItems === 'number' && (schema.minItems as number) > 0)
    out.push(fc.constant({ rule: `minItems ${schema.minItems}`, value: [] }));
  if (typeof schema.maxItems === 'number')
    out.push(fc.constant({ rule: `maxItems ${schema.maxItems}`, value: '__repeat__' }));
  return out;
}

/** Mutations of a structured body (JSON value, or the named fields of a form / multipart body). */
function structuredMutations(schema: JsonSchema, example: unknown, fieldsOnly: boolean): fc.Arbitrary<Mutation>[] {
  const sites = sitesOf(schema, example).filter((s) => s.path.length > 0);
  const out: fc.Arbitrary<Mutation>[] = [];
  const edit = (site: Site, rule: string, value: unknown): Mutation => ({
    kind: `body ${rule.split(' ')[0]}`,
    detail: `${show(site.path)}: ${rule}`,
    apply: (request) => {
      const body = request.body!;
      const holder = body.kind === 'json' ? body.value : (body as { fields: Record<string, string> }).fields;
      const next = setAt(holder, site.path, (parent, key) => {
        if (value === '__repeat__') {
          const max = site.schema.maxItems as number;
          parent[key] = Array.from({ length: max + 1 }, (_, i) => clone(parent[key][i % parent[key].length]));
        } else {
          parent[key] = fieldsOnly && typeof value !== 'string' ? JSON.stringify(value) : value;
        }
      });
      return {
        ...request,
        body: body.kind === 'json' ? { kind: 'json', value: next } : ({ ...body, fields: next } as WireBody),
      };
    },
  });
  for (const site of sites) {
    if (site.required && typeof site.path[site.path.length - 1] === 'string') {
      out.push(
        fc.constant<Mutation>({
          kind: 'body missing-required',
          detail: `drop ${show(site.path)}`,
          apply: (request) => {
            const body = request.body!;
            if (
              body.kind === 'multipart' &&
              site.path.length === 1 &&
              body.files.some((f) => f.name === site.path[0])
            ) {
              return { ...request, body: { ...body, files: body.files.filter((f) => f.name !== site.path[0]) } };
            }
            const holder = body.kind === 'json' ? body.value : (body as { fields: Record<string, string> }).fields;
            const next = setAt(holder, site.path, (parent, key) => delete parent[key]);
            return {
              ...request,
              body: body.kind === 'json' ? { kind: 'json', value: next } : ({ ...body, fields: next } as WireBody),
            };
          },
        }),
      );
    }
    // A file part is bytes, not a field value; its mutations are the file ones below.
    if (site.schema.format === 'binary') continue;
    for (const arb of invalidValues(site.schema, { textOnly: fieldsOnly }))
      out.push(arb.map(({ rule, value }) => edit(site, rule, value)));
  }
  if (!fieldsOnly && schema.type === 'object') {
    out.push(
      anyJson
        .filter((v) => !isOfType(v, 'object'))
        .map((value) => ({
          kind: 'body not-an-object',
          detail: JSON.stringify(value),
          apply: (r: WireRequest) => ({ ...r, body: { kind: 'json', value } as WireBody }),
        })),
    );
  }
  return out;
}

function bodyText(body: WireBody | undefined): string {
  if (body?.kind === 'json') return JSON.stringify(body.value);
  if (body?.kind === 'form') return new URLSearchParams(body.fields).toString();
  return '{"x":1}';
}

/** Every mutation that applies to `op`, as one fast-check arbitrary. */
export function mutationsFor(
  op: Operation,
  example: { mediaType: string; value: unknown } | undefined,
  /** Methods the spec declares on the same path: switching to one of them is another operation, not a defect. */
  servedMethods: readonly string[] = [op.method],
): fc.Arbitrary<Mutation> {
  const all: fc.Arbitrary<Mutation>[] = [
    ...authMutations(op),
    ...op.parameters.filter((p) => p.in === 'path').map(pathParameterMutations),
    ...op.parameters.filter((p) => p.in === 'query').flatMap(queryParameterMutations),
    ...op.parameters.filter((p) => p.in === 'header').map(headerParameterMutations),
    ...idempotencyConflictMutations(op, example),
    ...(op.requestBody && example ? bodyMutations(op, example) : []),
    ...anyOperationMutations(op, servedMethods),
  ];
  return fc.oneof(...all).map((m) => Object.assign(m, { [fc.toStringMethod]: () => `${m.kind}: ${m.detail}` }));
}

type Parameter = Operation['parameters'][number];

/** Security: no token, a token the server never issued, the wrong scheme. */
function authMutations(op: Operation): fc.Arbitrary<Mutation>[] {
  if (op.auth === 'none') return [];
  return [
    fc
      .oneof(
        fc.constant<string | null>(null),
        fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Token abc', 'bearer zsbx_forged'),
        fc
          .string({ unit: fc.constantFrom(...'abcdefABCDEF0123456789-_.'.split('')), minLength: 1, maxLength: 80 })
          .map((t) => `Bearer ${t}`),
      )
      .map((value) => ({
        kind: 'auth',
        detail: value === null ? 'no Authorization header' : `Authorization: ${value.slice(0, 40)}`,
        apply: (r: WireRequest) => {
          const headers = { ...r.headers };
          if (value === null) delete headers.authorization;
          else headers.authorization = value;
          return { ...r, headers };
        },
      })),
  ];
}

/** A path parameter: any text (percent-encoded), very long values, and raw segments that are not valid encodings. */
function pathParameterMutations(param: Parameter): fc.Arbitrary<Mutation> {
  const set =
    (value: string, raw: boolean) =>
    (r: WireRequest): WireRequest =>
      raw
        ? { ...r, rawPathParams: { ...r.rawPathParams, [param.name]: value } }
        : { ...r, pathParams: { ...r.pathParams, [param.name]: value } };
  return fc.oneof(
    fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .map((v) => ({ kind: 'path', detail: `${param.name}=${JSON.stringify(v)}`, apply: set(v, false) })),
    fc
      .integer({ min: 1_000, max: 8_000 })
      .map((n) => ({ kind: 'path', detail: `${param.name}: ${n} chars`, apply: set('a'.repeat(n), false) })),
    fc
      .constantFrom('%', '%zz', '%E0%A4%A', '%00', '%2F', '%2e%2e', '..%2F..', '%C0%AF', '%FF%FE', 'a%20b')
      .map((v) => ({ kind: 'path', detail: `${param.name} raw ${v}`, apply: set(v, true) })),
  );
}

/** A query parameter: every rule its schema states, plus repeats. */
function queryParameterMutations(param: Parameter): fc.Arbitrary<Mutation>[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const broken = invalidValues(rulesOf(param.schema)).map((arb) =>
    arb.map(({ rule, value }) => ({
      kind: 'query',
      detail: `${param.name}: ${rule} (${text(value).slice(0, 20)})`,
      apply: (r: WireRequest) => ({
        ...r,
        query: [...r.query.filter(([k]) => k !== param.name), [param.name, text(value)]] as [string, string][],
      }),
    })),
  );
  const repeated = fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => ({
    kind: 'query',
    detail: `${param.name} repeated`,
    apply: (r: WireRequest) => ({
      ...r,
      query: [...r.query, [param.name, a], [param.name, b]] as [string, string][],
    }),
  }));
  return [...broken, repeated];
}

/** A header parameter (Idempotency-Key): empty, oversized, or absent when required. */
function headerParameterMutations(param: Parameter): fc.Arbitrary<Mutation> {
  const name = param.name.toLowerCase();
  const setHeader =
    (value: string | null) =>
    (r: WireRequest): WireRequest => {
      const headers = { ...r.headers };
      if (value === null) delete headers[name];
      else headers[name] = value;
      return { ...r, headers };
    };
  const choices: fc.Arbitrary<Mutation>[] = [
    fc.constant({ kind: 'header', detail: `${param.name} empty`, apply: setHeader('') }),
    fc
      .integer({ min: 256, max: 16_000 })
      .map((n) => ({ kind: 'header', detail: `${param.name}: ${n} chars`, apply: setHeader('k'.repeat(n)) })),
  ];
  if (param.required)
    choices.push(fc.constant({ kind: 'header', detail: `${param.name} missing`, apply: setHeader(null) }));
  return fc.oneof(...choices);
}

/** The same key twice, the second time with a different body: 409, and the first answer stays as it was. */
function idempotencyConflictMutations(
  op: Operation,
  example: { mediaType: string } | undefined,
): fc.Arbitrary<Mutation>[] {
  if (op.idempotency === 'none' || example?.mediaType !== 'application/json') return [];
  return [
    fc.constant<Mutation>({
      kind: 'idempotency-conflict',
      detail: 'key reused with a different body',
      apply: (r) => ({ ...r, headers: { ...r.headers, 'idempotency-key': REUSED_KEY_MARKER } }),
    }),
  ];
}

/** The body: its schema's rules broken, malformed and mistyped bodies, an oversize JSON body, bad files. */
function bodyMutations(op: Operation, example: { mediaType: string; value: unknown }): fc.Arbitrary<Mutation>[] {
  const content = op.requestBody!.content;
  const media = content[example.mediaType]!;
  const schema = rulesOf(media.schema);
  return [
    ...structuredMutations(schema, example.value, example.mediaType !== 'application/json'),
    ...malformedBodyMutations(example.mediaType, Object.keys(content)),
    ...(example.mediaType === 'application/json' ? [oversizeJsonMutation()] : []),
    ...(example.mediaType === 'multipart/form-data' ? fileMutations(op, media, schema) : []),
  ];
}

/** Malformed and mistyped bodies: the baseline's text cut short, sent as undeclared types, and broken texts. */
function malformedBodyMutations(mediaType: string, declared: string[]): fc.Arbitrary<Mutation>[] {
  const contentType = mediaType === 'multipart/form-data' ? 'multipart/form-data; boundary=zest' : mediaType;
  return [
    fc.nat().map((cut) => ({
      kind: 'body malformed',
      detail: `truncated at ${cut}`,
      apply: (r: WireRequest) => {
        const text = bodyText(r.body);
        return {
          ...r,
          body: { kind: 'raw', text: text.slice(0, Math.max(1, cut % text.length)), contentType } as WireBody,
        };
      },
    })),
    fc
      .constantFrom(
        'text/plain',
        'application/xml',
        'application/json; charset=utf-16',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=zz',
        'image/png',
        '',
      )
      .filter((type) => !declared.includes(type))
      .map((type) => ({
        kind: 'body content-type',
        detail: type || '(none)',
        apply: (r: WireRequest) => ({
          ...r,
          body: { kind: 'raw', text: bodyText(r.body), ...(type ? { contentType: type } : {}) } as WireBody,
        }),
      })),
    fc.constantFrom('', ' ', 'null', '[]', '\u0000', '{"a":').map((text) => ({
      kind: 'body malformed',
      detail: JSON.stringify(text),
      apply: (r: WireRequest) => ({ ...r, body: { kind: 'raw', text, contentType } as WireBody }),
    })),
  ];
}

function oversizeJsonMutation(): fc.Arbitrary<Mutation> {
  return fc.constant<Mutation>({
    kind: 'body oversize',
    detail: '6 MB JSON',
    apply: (r) => ({ ...r, body: { kind: 'json', value: { padding: 'p'.repeat(6 * 1024 * 1024) } } }),
  });
}

/** The file part: an undeclared part type, no bytes, random bytes, one byte over the spec's limit. */
function fileMutations(
  op: Operation,
  media: NonNullable<Operation['requestBody']>['content'][string],
  schema: JsonSchema,
): fc.Arbitrary<Mutation>[] {
  const filePart = Object.keys(media.encoding)[0] ?? 'file';
  // One byte over the limit the spec states for this part (the dereferenced bundle inlines the schema).
  const maxBytes = (schema.properties as Record<string, JsonSchema> | undefined)?.[filePart]?.['x-zest-max-bytes'];
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new Error(`${op.operationId}: file part ${filePart} has no x-zest-max-bytes in the spec`);
  }
  const swapFile = (
    update: (file: { bytes: Uint8Array; type: string }) => { bytes: Uint8Array; type: string },
    detail: string,
  ): Mutation => ({
    kind: 'body file',
    detail,
    apply: (r) => {
      const body = r.body as Extract<WireBody, { kind: 'multipart' }>;
      return {
        ...r,
        body: { ...body, files: body.files.map((f) => (f.name === filePart ? { ...f, ...update(f) } : f)) },
      };
    },
  });
  return [
    fc
      .constantFrom('text/plain', 'application/zip', 'image/gif', 'application/octet-stream')
      .filter((type) => !(media.encoding[filePart] ?? []).includes(type))
      .map((type) => swapFile((f) => ({ ...f, type }), `part type ${type}`)),
    fc.constant(swapFile((f) => ({ ...f, bytes: new Uint8Array(0) }), 'empty file')),
    fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((bytes) => swapFile((f) => ({ ...f, bytes }), 'random bytes with a declared type')),
    fc.constant(
      swapFile(
        (f) => ({ ...f, bytes: new Uint8Array(maxBytes + 1).fill(0x25) }),
        `x-zest-max-bytes (${maxBytes}) + 1 byte`,
      ),
    ),
  ];
}

/** Whatever the operation: a method the path does not serve, unknown query parameters, a body it does not take. */
function anyOperationMutations(op: Operation, servedMethods: readonly string[]): fc.Arbitrary<Mutation>[] {
  const all: fc.Arbitrary<Mutation>[] = [
    fc
      .constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE')
      .filter((method) => !servedMethods.includes(method))
      .map((method) => ({
        kind: 'method',
        detail: method,
        // fetch cannot send a GET with a body; the wrong method alone is the defect.
        apply: (r: WireRequest) => (method === 'GET' ? { ...r, method, body: undefined } : { ...r, method }),
      })),
    fc
      .array(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 12 })), {
        minLength: 1,
        maxLength: 4,
      })
      .map((pairs) => ({
        kind: 'query unknown',
        detail: JSON.stringify(pairs),
        apply: (r: WireRequest) => ({ ...r, query: [...r.query, ...pairs] }),
      })),
  ];
  if (!op.requestBody && op.method !== 'GET') {
    all.push(
      fc.json({ maxDepth: 2 }).map((text) => ({
        kind: 'body unexpected',
        detail: text.slice(0, 40),
        apply: (r: WireRequest) => ({
          ...r,
          body: { kind: 'raw', text, contentType: 'application/json' } as WireBody,
        }),
      })),
    );
  }
  return all;
}

/** Replaced by the suite with a key it already used for this operation (with a different body). */
export const REUSED_KEY_MARKER = `reuse-${randomUUID()}`;
