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
  const cases: HostileCase[] = [];
  const differential = (
    kind: string,
    detail: (name: string) => string,
    apply: (name: string) => (r: WireRequest) => WireRequest,
  ) => {
    for (const name of INHERITED_NAMES)
      cases.push({ kind, detail: detail(name), apply: apply(name), expect: { sameAs: apply(CONTROL_NAME) } });
  };

  // Foreign Host header: refused on every operation, before anything runs.
  for (const host of FOREIGN_HOSTS)
    cases.push({
      kind: 'foreign-host',
      detail: `Host: ${host}`,
      apply: (r) => ({ ...r, hostHeader: host }),
      expect: { refused: true, status: 403 },
    });

  // Path parameters and query parameter names.
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    differential(
      'inherited-name',
      (n) => `path ${param.name}=${n}`,
      (n) => (r) => ({ ...r, pathParams: { ...r.pathParams, [param.name]: n } }),
    );
  }
  differential(
    'inherited-name',
    (n) => `query ${n}=1`,
    (n) => (r) => ({ ...r, query: [[n, '1'], ...r.query] }),
  );
  for (const param of op.parameters.filter((p) => p.in === 'query')) {
    for (const bad of INVALID_UTF8) {
      cases.push({
        kind: 'utf-8',
        detail: `query ${param.name}=${percent(bad)}`,
        apply: (r) => ({ ...r, rawQuery: `${encodeURIComponent(param.name)}=${percent(bad)}` }),
        expect: refused,
      });
    }
  }

  if (!op.requestBody || !example) return cases;
  const declared = Object.keys(op.requestBody.content);

  // Content types: undeclared ones, none at all, and inherited names, with the baseline's own bytes.
  differential(
    'inherited-name',
    (n) => `Content-Type: ${n}`,
    (n) => (r) => ({ ...r, contentTypeOverride: n.toLowerCase() }),
  );
  for (const type of [
    'text/plain',
    'application/xml',
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=zz',
    'application/octet-stream',
    '',
  ]) {
    const media = type.split(';', 1)[0]!;
    if (declared.includes(media)) continue;
    cases.push({
      kind: 'content-type',
      detail: type || '(none)',
      apply: (r) => ({ ...r, contentTypeOverride: type }),
      expect: refused,
    });
  }

  // Nesting beyond the limit: just past it, far past it, and 100,000 levels, as arrays and as objects. For a JSON
  // operation the deep member goes into every object of an otherwise valid body (so nothing but the depth is wrong
  // and the body would reach idempotency hashing); the others get it as a JSON body (the wrong media type).
  const nestings: [string, string][] = [];
  for (const depth of [maxDepth + 1, maxDepth * 4, 100_000]) {
    nestings.push(
      [`${depth} levels of arrays`, `${'['.repeat(depth)}${']'.repeat(depth)}`],
      [`${depth} levels of objects`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`],
    );
  }
  if (example.mediaType !== 'application/json') {
    for (const [label, inner] of nestings)
      cases.push({
        kind: 'nesting',
        detail: label,
        apply: (r) => withRaw(r, `{"deep":${inner}}`, 'application/json'),
        expect: refused,
      });
  }

  if (example.mediaType === 'application/json') {
    const sites = walk(example.value);
    // Inherited names as keys of every object of the body, at every depth.
    for (const path of sites.objects) {
      differential(
        'inherited-name',
        (n) => `${show(path)} gets key ${n}`,
        (n) => (r) =>
          withJson(
            r,
            edited(jsonBody(r), path, (node) => define(node, n, 'x')),
          ),
      );
    }
    for (const path of sites.objects) {
      for (const [label, inner] of nestings) {
        cases.push({
          kind: 'nesting',
          detail: `${show(path)} gets a member ${label} deep`,
          apply: (r) =>
            withRaw(
              r,
              JSON.stringify(edited(jsonBody(r), path, (node) => define(node, MARKER, 0))).replace(
                `"${MARKER}":0`,
                `"deep":${inner}`,
              ),
              'application/json',
            ),
          expect: refused,
        });
      }
    }
    // Duplicate keys: every object that has a key names it twice.
    for (const path of sites.objects) {
      const first = Object.keys(at(example.value, path))[0];
      if (first === undefined) continue;
      cases.push({
        kind: 'duplicate-key',
        detail: `${show(path)}.${first} twice`,
        apply: (r) => {
          const text = JSON.stringify(edited(jsonBody(r), path, (node) => define(node, MARKER, 0)));
          return withRaw(
            r,
            text.replace(`"${MARKER}":0`, `${JSON.stringify(first)}:${JSON.stringify(at(jsonBody(r), path)[first])}`),
            'application/json',
          );
        },
        expect: refused,
      });
    }
    // Invalid UTF-8 inside every string of the body.
    for (const path of sites.strings) {
      for (const bad of INVALID_UTF8) {
        cases.push({
          kind: 'utf-8',
          detail: `${show(path)} with bytes ${percent(bad)}`,
          apply: (r) => withRaw(r, jsonWithBytes(jsonBody(r), path, bad), 'application/json'),
          expect: refused,
        });
      }
    }
    // Huge arrays and strings (within the body size cap): the general rules only.
    for (const path of sites.arrays) {
      cases.push({
        kind: 'huge-array',
        detail: `${show(path)} × 100,000 zeros`,
        apply: (r) =>
          withJson(
            r,
            edited(jsonBody(r), path, (node) => node.splice(0, node.length, ...new Array(100_000).fill(0))),
          ),
        expect: { anyAnswer: true },
      });
      cases.push({
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
      });
    }
    for (const path of sites.strings) {
      cases.push({
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
      });
    }
  } else if (example.mediaType === 'application/x-www-form-urlencoded') {
    const fields = (r: WireRequest) => (r.body as Extract<WireBody, { kind: 'form' }>).fields;
    const formText = (pairs: [string, string][]) =>
      pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    differential(
      'inherited-name',
      (n) => `form field ${n}`,
      (n) => (r) => withRaw(r, formText([[n, 'x'], ...Object.entries(fields(r))]), 'application/x-www-form-urlencoded'),
    );
    for (const name of Object.keys(example.value as object)) {
      for (const bad of INVALID_UTF8) {
        const others = (r: WireRequest) => formText(Object.entries(fields(r)).filter(([k]) => k !== name));
        cases.push({
          kind: 'utf-8',
          detail: `form ${name}=…${percent(bad)} (percent-encoded)`,
          apply: (r) => withRaw(r, `${others(r)}&${name}=ok${percent(bad)}`, 'application/x-www-form-urlencoded'),
          expect: refused,
        });
        cases.push({
          kind: 'utf-8',
          detail: `form ${name}=… raw bytes ${percent(bad)}`,
          apply: (r) =>
            withRaw(r, concat(enc.encode(`${others(r)}&${name}=ok`), bad), 'application/x-www-form-urlencoded'),
          expect: refused,
        });
      }
      cases.push({
        kind: 'huge-string',
        detail: `form ${name}: 1,000,000 characters`,
        apply: (r) =>
          withRaw(
            r,
            formText([...Object.entries(fields(r)).filter(([k]) => k !== name), [name, 'é'.repeat(1_000_000)]]),
            'application/x-www-form-urlencoded',
          ),
        expect: { anyAnswer: true },
      });
    }
  } else if (example.mediaType === 'multipart/form-data') {
    const parts = (r: WireRequest) => r.body as Extract<WireBody, { kind: 'multipart' }>;
    const rebuilt = (r: WireRequest, fields: [string, Uint8Array][]) => ({
      ...r,
      body: multipartBytes(fields, parts(r).files),
    });
    const textFields = (r: WireRequest): [string, Uint8Array][] =>
      Object.entries(parts(r).fields).map(([k, v]) => [k, enc.encode(v)]);
    differential(
      'inherited-name',
      (n) => `multipart field ${n}`,
      (n) => (r) => rebuilt(r, [[n, enc.encode('x')], ...textFields(r)]),
    );
    for (const name of Object.keys(fieldsOf(example.value, op))) {
      for (const bad of INVALID_UTF8) {
        cases.push({
          kind: 'utf-8',
          detail: `multipart ${name} with bytes ${percent(bad)}`,
          apply: (r) =>
            rebuilt(
              r,
              textFields(r).map(([k, v]) => [k, k === name ? concat(enc.encode('ok'), bad) : v]),
            ),
          expect: refused,
        });
      }
    }
  }
  return cases;
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
