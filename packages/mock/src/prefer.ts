/**
 * `Prefer: code=…, example=…` (or Prism's `__code` / `__example` query parameters when there is no `Prefer` header)
 * picks the response the mock serves. Prism answers a status the operation does not declare with 404 `not_found`
 * (as if the resource were missing), an unknown example name with 404 or, together with `code=`, a bare 500; and it
 * serves the default example when `example` was written as a parameter of `code` (`code=404; example=…`). This
 * module checks what is asked against the spec first, so the partner gets one clear 400 `invalid_request` that names
 * what was asked and lists what exists. It reads the header exactly as Prism does (the `parse-prefer-header` rules).
 */

type Json = Record<string, unknown>;

/** One response of an operation: its status key as the spec writes it (`404`, `5XX`, `default`) and its examples. */
interface DeclaredResponse {
  key: string;
  examples: string[];
}

interface Operation {
  label: string;
  method: string;
  pattern: RegExp;
  params: number;
  responses: DeclaredResponse[];
}

/** What `Prefer` asks for, and how to name it back to the partner. */
interface Asked {
  code?: string;
  example?: string;
  /** `Prefer` or `query`: where the request said it. */
  source: 'Prefer' | 'query';
  /** A control word written as a parameter after `;` (Prism ignores it). */
  ignored?: string;
  /** A `code=` value that is not a status (`abc`, empty), which Prism refuses with its validator's tree. */
  unreadableCode?: string;
}

/** A refusal the proxy answers as 400 `invalid_request`. */
export type PreferCheck = (method: string, url: string, prefer: string | string[] | undefined) => string | undefined;

/** Builds the check from the spec once; the returned function gives the refusal's detail, or undefined to pass. */
export function preferChecker(spec: Json): PreferCheck {
  const operations = readOperations(spec);
  return (method, url, prefer) => {
    const asked = readAsked(Array.isArray(prefer) ? prefer.join(',') : prefer, url);
    if (!asked) return undefined;
    const { pathname } = new URL(url, 'http://mock.invalid');
    const operation = findOperation(operations, method.toUpperCase(), pathname);
    // No such route or method: Prism answers that itself (404 / 405), before it looks at `Prefer`.
    if (!operation) return undefined;
    return checkAsked(operation, asked);
  };
}

function checkAsked(operation: Operation, asked: Asked): string | undefined {
  const say = asked.source === 'Prefer' ? 'Prefer: ' : '__';
  const declared = operation.responses.map((response) => response.key).join(', ');
  if (asked.unreadableCode !== undefined) return unreadableCode(operation, asked);
  if (asked.ignored !== undefined)
    return `${say}${asked.ignored} is a parameter of the preference before it (after ';'), which the mock ignores: separate preferences with ',' (Prefer: code=404, example=notFound).`;
  let response: DeclaredResponse | undefined;
  if (asked.code !== undefined) {
    response = responseFor(operation, asked.code);
    if (!response)
      return `${say}code=${asked.code} asks for a status ${operation.label} does not declare; it declares ${declared || 'none'}.`;
  }
  if (asked.example === undefined) return undefined;
  // Without `code=` Prism serves the lowest 2XX response, else `default`, else the first one.
  response ??= servedWithoutCode(operation);
  if (!response) return `${operation.label} declares no response to take ${say}example=${asked.example} from.`;
  if (response.examples.includes(asked.example)) return undefined;
  const whose =
    asked.code === undefined ? `the ${response.key} response (served without code=)` : `the ${response.key} response`;
  const has =
    response.examples.length === 0
      ? `${whose} of ${operation.label} has no named examples.`
      : `${whose} of ${operation.label} has no example "${asked.example}"; its examples: ${response.examples.join(', ')}.`;
  const elsewhere = operation.responses.find(
    (other) => other !== response && /^\d(\d\d|XX)$/.test(other.key) && other.examples.includes(asked.example!),
  );
  const hint = elsewhere
    ? ` "${asked.example}" is an example of the ${elsewhere.key} response: ask for code=${elsewhere.key.replace(/XX$/, '00')}, example=${asked.example}.`
    : '';
  return `${say}example=${asked.example}: ${has}${hint}`;
}

/** A `code=` that is not a status, in one line (Prism's own detail was its validator's tree). */
function unreadableCode(operation: Operation, asked: Asked): string {
  const declared = operation.responses.map((response) => response.key).join(', ') || 'none';
  const takes =
    asked.source === 'Prefer'
      ? 'Prefer accepts code=<declared status> and example=<example name>'
      : '__code takes a declared status and __example an example name';
  return `${asked.source === 'Prefer' ? 'Prefer: ' : '__'}code=${asked.unreadableCode} is not a status: ${takes} (${operation.label} declares ${declared}).`;
}

/** The response Prism picks for a forced status: the exact code, else its `NXX` range, else `default`. */
function responseFor(operation: Operation, code: string): DeclaredResponse | undefined {
  const status = Number(code);
  // Prism reads `code=000` as no code at all (and serves a 2XX); no status below 100 exists.
  if (status < 100) return undefined;
  const { responses } = operation;
  return (
    responses.find((response) => response.key.toLowerCase() === String(status)) ??
    responses.find((response) => response.key === `${String(status).charAt(0)}XX`) ??
    responses.find((response) => response.key === 'default')
  );
}

function servedWithoutCode(operation: Operation): DeclaredResponse | undefined {
  const { responses } = operation;
  const success = responses
    .filter((response) => /^2(\d\d|XX)$/.test(response.key))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  return success[0] ?? responses.find((response) => response.key === 'default') ?? responses[0];
}

/**
 * What the request asks for, as Prism reads it: the `Prefer` header when it is non-empty, else the `__code` and
 * `__example` query parameters. Only values Prism itself accepts are returned (a three-digit code, a non-empty
 * example name); anything else Prism refuses on its own, and the proxy already answers that 400.
 */
function readAsked(prefer: string | undefined, url: string): Asked | undefined {
  let asked: Asked;
  if (prefer) {
    const { values, parameters } = parsePrefer(prefer);
    const ignored = parameters.find((word) => CONTROL_WORDS.has(word.split('=', 1)[0]!.trim().toLowerCase()));
    const code = values.get('code');
    asked = { code: stringValue(code), example: stringValue(values.get('example')), source: 'Prefer' };
    if (ignored !== undefined) asked.ignored = ignored.trim();
    if (code === true) asked.unreadableCode = '';
  } else {
    const query = new URL(url, 'http://mock.invalid').searchParams;
    const single = (name: string) => (query.getAll(name).length === 1 ? query.get(name)! : undefined);
    asked = { code: single('__code'), example: single('__example'), source: 'query' };
  }
  // Prism refuses a code that is not a whole number (its validator's tree as the detail); the proxy says it plainly.
  if (asked.code !== undefined && !/^\d+$/.test(asked.code)) asked.unreadableCode = asked.code;
  if (asked.code !== undefined && !/^\d{3}$/.test(asked.code)) asked.code = undefined;
  if (asked.example === '') asked.example = undefined;
  const nothing = [asked.code, asked.example, asked.ignored, asked.unreadableCode].every((part) => part === undefined);
  return nothing ? undefined : asked;
}

const CONTROL_WORDS = new Set(['code', 'example', 'dynamic', 'seed']);

const stringValue = (value: string | true | undefined) => (typeof value === 'string' ? value : undefined);

/**
 * `parse-prefer-header`, which Prism uses: preferences split on `,` and their parameters on `;` (outside quotes);
 * a token is lowercased and camel-cased, a parameter's key is its preference's token joined to its own, values lose
 * one pair of surrounding quotes, an empty value is `true`, and the first occurrence of a key wins.
 */
function parsePrefer(header: string): { values: Map<string, string | true>; parameters: string[] } {
  const values = new Map<string, string | true>();
  const parameters: string[] = [];
  for (const preference of splitUnquoted(header, ',')) {
    let base: string | undefined;
    for (const segment of splitUnquoted(preference, ';')) {
      const index = segment.indexOf('=');
      let token = (index < 0 ? segment : segment.slice(0, index)).trim().toLowerCase();
      let value = index < 0 ? '' : segment.slice(index + 1).trim();
      if (value[0] === '"' && value[value.length - 1] === '"') value = value.slice(1, -1);
      if (base === undefined) base = token;
      else {
        parameters.push(segment);
        token = `${base}-${token}`;
      }
      const key = camelCase(token);
      if (!values.has(key)) values.set(key, value.length ? value : true);
    }
  }
  return { values, parameters };
}

function splitUnquoted(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const char = i < text.length ? text[i] : separator;
    if (char === '"') quoted = !quoted;
    else if (char === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return parts;
}

/** lodash's camelCase for a lowercased token: its words joined, each after the first capitalised. */
function camelCase(token: string): string {
  const words = token.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
}

/** The operations of the spec, with their responses and the names of each response's examples. */
function readOperations(spec: Json): Operation[] {
  const operations: Operation[] = [];
  const paths = (spec.paths ?? {}) as Record<string, Json>;
  for (const [template, item] of Object.entries(paths)) {
    // Prism's router lets a parameter match an empty segment (`/v1/spv-requests/` reaches `{slug}`, and fails validation).
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]*')}$`);
    const params = (template.match(/\{[^}]+\}/g) ?? []).length;
    for (const [method, operation] of Object.entries(item ?? {})) {
      const responses = (operation as { responses?: unknown } | null)?.responses;
      if (!responses || typeof responses !== 'object') continue;
      operations.push({
        label: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        pattern,
        params,
        responses: Object.entries(responses as Json).map(([key, response]) => ({
          key,
          examples: exampleNames(spec, resolve(spec, response)),
        })),
      });
    }
  }
  return operations;
}

/** A path with literal segments wins over one with parameters, as in Prism's router. */
function findOperation(operations: Operation[], method: string, path: string): Operation | undefined {
  return operations
    .filter((operation) => operation.method === method && operation.pattern.test(path))
    .sort((a, b) => a.params - b.params)[0];
}

/**
 * The example names Prism knows for a response: each media type's `examples`, and `default` for its `example` (or
 * its schema's first `examples` entry), as `@stoplight/http-spec` names them.
 */
function exampleNames(spec: Json, response: unknown): string[] {
  const names = new Set<string>();
  const content = (response as { content?: Record<string, unknown> } | undefined)?.content ?? {};
  for (const media of Object.values(content)) {
    if (!media || typeof media !== 'object') continue;
    const { examples, schema } = media as { examples?: unknown; schema?: unknown };
    const schemaExamples = (resolve(spec, schema) as { examples?: unknown } | undefined)?.examples;
    if ('example' in media || (Array.isArray(schemaExamples) && schemaExamples.length > 0)) names.add('default');
    if (examples && typeof examples === 'object') for (const name of Object.keys(examples)) names.add(name);
  }
  return [...names];
}

function resolve(spec: Json, node: unknown): unknown {
  let current = node;
  for (let depth = 0; depth < 32; depth++) {
    const ref = (current as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return current;
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((acc, key) => (acc as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current;
}
