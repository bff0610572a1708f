// Hostile input, enumerated rather than sampled: for one operation of the spec, every member of each class of
// request an attacker or a careless client sends, applied to a valid baseline request. Each case says what the
// answer must be beyond the suite's general rules (never 5xx, errors in the envelope, refusals change nothing):
//
// - names inherited from Object.prototype (`constructor`, `__proto__`, ...) as keys at every object of the body, as
//   form and multipart field names, query parameter names, path parameter values and as the Content-Type must be
//   answered exactly like an unknown name (`sameAs` a control request that uses `zzUnknownName`);
// - nesting beyond the sandbox's limit, duplicate keys, invalid UTF-8 (JSON strings, form and multipart fields,
//   query values), an undeclared or missing Content-Type, and a foreign Host header must be refused.
//
// Huge arrays and strings only have to obey the general rules (some are legitimately accepted).
import type { Operation } from '@zestequity/spec-model';
import type { WireBody, WireRequest } from './wire.js';

export type Expectation =
  | { refused: true; status?: number }
  | { sameAs: (request: WireRequest) => WireRequest }
  | { anyAnswer: true };

export interface HostileCase {
  /** The class, for the tally (`inherited-name`, `nesting`, `utf-8`, ...). */
  kind: string;
  detail: string;
  apply(request: WireRequest): WireRequest;
  expect: Expectation;
}

/** Every name an object inherits: the members of the class "looks known to a plain `{}` lookup". */
export const INHERITED_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);
/** The control: a name nothing knows. */
export const CONTROL_NAME = 'zzUnknownName';

/** Byte sequences that are not UTF-8: a lone continuation byte, a truncated sequence, an overlong `/`, an encoded surrogate, 0xFF. */
export const INVALID_UTF8: readonly Uint8Array[] = [[0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff]].map(
  (b) => Uint8Array.from(b),
);

/** Host headers a DNS-rebinding page (or a confused proxy) would send. */
export const FOREIGN_HOSTS: readonly string[] = [
  'evil.example',
  'evil.example:8080',
  'localhost.evil.example',
  '127.0.0.1.nip.io',
  '0.0.0.0',
  '[::2]',
  'attacker.test:1',
];

type Path = (string | number)[];
const show = (path: Path) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '') || '(root)';
const percent = (bytes: Uint8Array) =>
  [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const enc = new TextEncoder();

/** Paths of every object, array and string inside a JSON value. */
function walk(
  value: unknown,
  path: Path = [],
  out = { objects: [] as Path[], arrays: [] as Path[], strings: [] as Path[] },
) {
  if (Array.isArray(value)) {
    out.arrays.push(path);
    for (const [i, item] of value.entries()) walk(item, [...path, i], out);
  } else if (value !== null && typeof value === 'object') {
    out.objects.push(path);
    for (const [key, child] of Object.entries(value)) walk(child, [...path, key], out);
  } else if (typeof value === 'string') {
    out.strings.push(path);
  }
  return out;
}

function at(root: any, path: Path): any {
  let node = root;
  for (const key of path) node = node[key];
  return node;
}

/** A deep copy with `update` applied to the node at `path` (its parent and key, or the root itself). */
function edited(root: unknown, path: Path, update: (node: any) => void): unknown {
  const copy = structuredClone(root);
  update(at(copy, path));
  return copy;
}

/** Defines an own, enumerable member: `__proto__` becomes a key of the JSON text, not the prototype. */
function define(node: object, name: string, value: unknown): void {
  Object.defineProperty(node, name, { value, enumerable: true, writable: true, configurable: true });
}

const MARKER = `zz-marker-${Math.random().toString(36).slice(2)}`;

/** JSON text of `value` with the string at `path` replaced by raw `bytes` (inside the quotes). */
function jsonWithBytes(value: unknown, path: Path, bytes: Uint8Array): Uint8Array {
  const text = JSON.stringify(
    path.length === 0
      ? MARKER
      : edited(value, path.slice(0, -1), (parent) => (parent[path[path.length - 1]!] = MARKER)),
  );
  const [head, tail] = text.split(MARKER) as [string, string];
  return concat(enc.encode(head), enc.encode('ok'), bytes, enc.encode(tail));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A multipart body built by hand, so a text field can carry any bytes. */
export function multipartBytes(
  fields: [string, Uint8Array][],
  files: { name: string; bytes: Uint8Array; type: string; filename: string }[],
): WireBody {
  const boundary = `zest-hostile-${Math.random().toString(36).slice(2)}`;
  const parts: Uint8Array[] = [];
  for (const [name, value] of fields)
    parts.push(
      enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
      value,
      enc.encode('\r\n'),
    );
  for (const file of files) {
    parts.push(
      enc.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      enc.encode('\r\n'),
    );
  }
  parts.push(enc.encode(`--${boundary}--\r\n`));
  return { kind: 'raw', text: concat(...parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const jsonBody = (r: WireRequest) => (r.body as Extract<WireBody, { kind: 'json' }>).value;
const withJson = (r: WireRequest, value: unknown): WireRequest => ({ ...r, body: { kind: 'json', value } });
const withRaw = (r: WireRequest, text: string | Uint8Array, contentType?: string): WireRequest => ({
  ...r,
  body: { kind: 'raw', text, ...(contentType === undefined ? {} : { contentType }) },
});
const refused = { refused: true } as const;

/** Every hostile case for `op`, given the media type of its baseline body (if any) and the nesting limit. */
export function hostileCasesFor(
  op: Operation,
  example: { mediaType: string; value: unknown } | undefined,
  maxDepth: number,
): HostileCase[] {
  const requestCases = [...foreignHostCases(), ...pathParameterCases(op), ...queryCases(op)];
  if (!op.requestBody || !example) return requestCases;
  return [
    ...requestCases,
    ...contentTypeCases(Object.keys(op.requestBody.content)),
    ...bodyCases(op, example, nestingsPast(maxDepth)),
  ];
}

/** The body's own classes, by the media type of the baseline body. */
function bodyCases(op: Operation, example: { mediaType: string; value: unknown }, nestings: Nesting[]): HostileCase[] {
  if (example.mediaType === 'application/json') return jsonBodyCases(example.value, nestings);
  // Not a JSON operation: the deep nesting arrives as a JSON body (the wrong media type), before the field cases.
  const nestedJson = nestingAsJsonBodyCases(nestings);
  if (example.mediaType === 'application/x-www-form-urlencoded')
    return [...nestedJson, ...formCases(Object.keys(example.value as object))];
  if (example.mediaType === 'multipart/form-data')
    return [...nestedJson, ...multipartCases(Object.keys(fieldsOf(example.value, op)))];
  return nestedJson;
}

/**
 * One case per inherited name, each expected to be answered like the same request with `CONTROL_NAME` in its place.
 */
function differentialCases(
  kind: string,
  detail: (name: string) => string,
  apply: (name: string) => (r: WireRequest) => WireRequest,
): HostileCase[] {
  return INHERITED_NAMES.map((name) => ({
    kind,
    detail: detail(name),
    apply: apply(name),
    expect: { sameAs: apply(CONTROL_NAME) },
  }));
}

/** Foreign Host header: refused on every operation, before anything runs. */
function foreignHostCases(): HostileCase[] {
  return FOREIGN_HOSTS.map((host) => ({
    kind: 'foreign-host',
    detail: `Host: ${host}`,
    apply: (r) => ({ ...r, hostHeader: host }),
    expect: { refused: true, status: 403 },
  }));
}

/** Inherited names as the value of every path parameter. */
function pathParameterCases(op: Operation): HostileCase[] {
  return op.parameters
    .filter((p) => p.in === 'path')
    .flatMap((param) =>
      differentialCases(
        'inherited-name',
        (n) => `path ${param.name}=${n}`,
        (n) => (r) => ({ ...r, pathParams: { ...r.pathParams, [param.name]: n } }),
      ),
    );
}

/** Inherited names as a query parameter name, and invalid UTF-8 as the value of every declared query parameter. */
function queryCases(op: Operation): HostileCase[] {
  const inheritedNames = differentialCases(
    'inherited-name',
    (n) => `query ${n}=1`,
    (n) => (r) => ({ ...r, query: [[n, '1'], ...r.query] }),
  );
  const invalidUtf8 = op.parameters
    .filter((p) => p.in === 'query')
    .flatMap((param) =>
      INVALID_UTF8.map(
        (bad): HostileCase => ({
          kind: 'utf-8',
          detail: `query ${param.name}=${percent(bad)}`,
          apply: (r) => ({ ...r, rawQuery: `${encodeURIComponent(param.name)}=${percent(bad)}` }),
          expect: refused,
        }),
      ),
    );
  return [...inheritedNames, ...invalidUtf8];
}

/** Content types: inherited names, undeclared ones and none at all, with the baseline's own bytes. */
function contentTypeCases(declared: string[]): HostileCase[] {
  const inheritedNames = differentialCases(
    'inherited-name',
    (n) => `Content-Type: ${n}`,
    (n) => (r) => ({ ...r, contentTypeOverride: n.toLowerCase() }),
  );
  const undeclared = [
    'text/plain',
    'application/xml',
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=zz',
    'application/octet-stream',
    '',
  ]
    .filter((type) => !declared.includes(type.split(';', 1)[0]!))
    .map(
      (type): HostileCase => ({
        kind: 'content-type',
        detail: type || '(none)',
        apply: (r) => ({ ...r, contentTypeOverride: type }),
        expect: refused,
      }),
    );
  return [...inheritedNames, ...undeclared];
}

/** A label and the JSON text of a value nested too deep. */
type Nesting = [label: string, json: string];

/**
 * Nesting beyond the limit: just past it, far past it, and 100,000 levels, as arrays and as objects. For a JSON
 * operation the deep member goes into every object of an otherwise valid body (so nothing but the depth is wrong
 * and the body would reach idempotency hashing); the others get it as a JSON body (the wrong media type).
 */
function nestingsPast(maxDepth: number): Nesting[] {
  return [maxDepth + 1, maxDepth * 4, 100_000].flatMap((depth): Nesting[] => [
    [`${depth} levels of arrays`, `${'['.repeat(depth)}${']'.repeat(depth)}`],
    [`${depth} levels of objects`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`],
  ]);
}

function nestingAsJsonBodyCases(nestings: Nesting[]): HostileCase[] {
  return nestings.map(([label, inner]) => ({
    kind: 'nesting',
    detail: label,
    apply: (r) => withRaw(r, `{"deep":${inner}}`, 'application/json'),
    expect: refused,
  }));
}

/** Every class that reaches inside a JSON body, at every object, array and string of the baseline's example. */
function jsonBodyCases(example: unknown, nestings: Nesting[]): HostileCase[] {
  const sites = walk(example);
  return [
    ...sites.objects.flatMap(inheritedKeyCases),
    ...sites.objects.flatMap((path) => deepMemberCases(path, nestings)),
    ...sites.objects.flatMap((path) => duplicateKeyCases(example, path)),
    ...sites.strings.flatMap(invalidUtf8StringCases),
    ...sites.arrays.flatMap(hugeArrayCases),
    ...sites.strings.flatMap(hugeStringCases),
  ];
}

/** Inherited names as keys of the object at `path`. */
function inheritedKeyCases(path: Path): HostileCase[] {
  return differentialCases(
    'inherited-name',
    (n) => `${show(path)} gets key ${n}`,
    (n) => (r) =>
      withJson(
        r,
        edited(jsonBody(r), path, (node) => define(node, n, 'x')),
      ),
  );
}

/** JSON text of the body with the member `MARKER: 0` added to the object at `path` replaced by `member`. */
const withMemberAt = (r: WireRequest, path: Path, member: (body: unknown) => string): WireRequest =>
  withRaw(
    r,
    JSON.stringify(edited(jsonBody(r), path, (node) => define(node, MARKER, 0))).replace(
      `"${MARKER}":0`,
      member(jsonBody(r)),
    ),
    'application/json',
  );

/** A member nested too deep in the object at `path`. */
function deepMemberCases(path: Path, nestings: Nesting[]): HostileCase[] {
  return nestings.map(([label, inner]) => ({
    kind: 'nesting',
    detail: `${show(path)} gets a member ${label} deep`,
    apply: (r) => withMemberAt(r, path, () => `"deep":${inner}`),
    expect: refused,
  }));
}

/** Duplicate keys: the object at `path`, if it has a key, names its first one twice. */
function duplicateKeyCases(example: unknown, path: Path): HostileCase[] {
  const first = Object.keys(at(example, path))[0];
  if (first === undefined) return [];
  return [
    {
      kind: 'duplicate-key',
      detail: `${show(path)}.${first} twice`,
      apply: (r) =>
        withMemberAt(r, path, (body) => `${JSON.stringify(first)}:${JSON.stringify(at(body, path)[first])}`),
      expect: refused,
    },
  ];
}

/** Invalid UTF-8 inside the string at `path`. */
function invalidUtf8StringCases(path: Path): HostileCase[] {
  return INVALID_UTF8.map((bad) => ({
    kind: 'utf-8',
    detail: `${show(path)} with bytes ${percent(bad)}`,
    apply: (r) => withRaw(r, jsonWithBytes(jsonBody(r), path, bad), 'application/json'),
    expect: refused,
  }));
}

/** Huge arrays (within the body size cap): the general rules only. */
function hugeArrayCases(path: Path): HostileCase[] {
  return [
    {
      kind: 'huge-array',
      detail: `${show(path)} × 100,000 zeros`,
      apply: (r) =>
        withJson(
          r,
          edited(jsonBody(r), path, (node) => node.splice(0, node.length, ...new Array(100_000).fill(0))),
        ),
      expect: { anyAnswer: true },
    },
    {
      kind: 'huge-array',
      detail: `${show(path)} × 1,000 copies of its first item`,
      apply: (r) =>
        withJson(
          r,
          edited(jsonBody(r), path, (node) =>
            node.splice(0, node.length, ...Array.from({ length: 1_000 }, () => structuredClone(node[0]))),
          ),
        ),
      expect: { anyAnswer: true },
    },
  ];
}

/** A huge string (within the body size cap) at `path`: the general rules only. */
function hugeStringCases(path: Path): HostileCase[] {
  return [
    {
      kind: 'huge-string',
      detail: `${show(path)}: 1,000,000 characters`,
      apply: (r) =>
        withJson(
          r,
          path.length === 0
            ? 'é'.repeat(1_000_000)
            : edited(
                jsonBody(r),
                path.slice(0, -1),
                (parent) => (parent[path[path.length - 1]!] = 'é'.repeat(1_000_000)),
              ),
        ),
      expect: { anyAnswer: true },
    },
  ];
}

const formFields = (r: WireRequest) => (r.body as Extract<WireBody, { kind: 'form' }>).fields;
const formText = (pairs: [string, string][]) =>
  pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const FORM = 'application/x-www-form-urlencoded';

/** A form body: inherited names as field names, then invalid UTF-8 and a huge value in every field of the example. */
function formCases(names: string[]): HostileCase[] {
  const inheritedNames = differentialCases(
    'inherited-name',
    (n) => `form field ${n}`,
    (n) => (r) => withRaw(r, formText([[n, 'x'], ...Object.entries(formFields(r))]), FORM),
  );
  return [...inheritedNames, ...names.flatMap(formFieldCases)];
}

function formFieldCases(name: string): HostileCase[] {
  const others = (r: WireRequest) => formText(Object.entries(formFields(r)).filter(([k]) => k !== name));
  const invalidUtf8 = INVALID_UTF8.flatMap((bad): HostileCase[] => [
    {
      kind: 'utf-8',
      detail: `form ${name}=…${percent(bad)} (percent-encoded)`,
      apply: (r) => withRaw(r, `${others(r)}&${name}=ok${percent(bad)}`, FORM),
      expect: refused,
    },
    {
      kind: 'utf-8',
      detail: `form ${name}=… raw bytes ${percent(bad)}`,
      apply: (r) => withRaw(r, concat(enc.encode(`${others(r)}&${name}=ok`), bad), FORM),
      expect: refused,
    },
  ]);
  const huge: HostileCase = {
    kind: 'huge-string',
    detail: `form ${name}: 1,000,000 characters`,
    apply: (r) =>
      withRaw(
        r,
        formText([...Object.entries(formFields(r)).filter(([k]) => k !== name), [name, 'é'.repeat(1_000_000)]]),
        FORM,
      ),
    expect: { anyAnswer: true },
  };
  return [...invalidUtf8, huge];
}

const multipartOf = (r: WireRequest) => r.body as Extract<WireBody, { kind: 'multipart' }>;
/** The request with its multipart body rebuilt by hand from `fields` (and its own files). */
const rebuilt = (r: WireRequest, fields: [string, Uint8Array][]) => ({
  ...r,
  body: multipartBytes(fields, multipartOf(r).files),
});
const textFields = (r: WireRequest): [string, Uint8Array][] =>
  Object.entries(multipartOf(r).fields).map(([k, v]) => [k, enc.encode(v)]);

/** A multipart body: inherited names as field names, then invalid UTF-8 in every text field of the example. */
function multipartCases(names: string[]): HostileCase[] {
  const inheritedNames = differentialCases(
    'inherited-name',
    (n) => `multipart field ${n}`,
    (n) => (r) => rebuilt(r, [[n, enc.encode('x')], ...textFields(r)]),
  );
  const invalidUtf8 = names.flatMap((name) =>
    INVALID_UTF8.map(
      (bad): HostileCase => ({
        kind: 'utf-8',
        detail: `multipart ${name} with bytes ${percent(bad)}`,
        apply: (r) =>
          rebuilt(
            r,
            textFields(r).map(([k, v]) => [k, k === name ? concat(enc.encode('ok'), bad) : v]),
          ),
        expect: refused,
      }),
    ),
  );
  return [...inheritedNames, ...invalidUtf8];
}

/** The text (non-file) fields of a multipart example, as the baseline sends them. */
function fieldsOf(value: unknown, op: Operation): Record<string, string> {
  const schema = op.requestBody?.content['multipart/form-data']?.schema;
  const properties = ((typeof schema === 'object' ? schema.properties : undefined) ?? {}) as Record<
    string,
    { format?: string }
  >;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => properties[k]?.format !== 'binary')
      .map(([k, v]) => [k, String(v)]),
  );
}
