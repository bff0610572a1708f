import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import {
  type ClientRequest,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Duplex } from 'node:stream';
import {
  badHost,
  declaredResponsesMatcher,
  declaresStatus,
  fittedEnvelope,
  invalidUtf8Body,
  isContractError,
  isPrismProblem,
  isSecurityViolation,
  jsonBodyTooLarge,
  malformedBodyType,
  malformedHeader,
  malformedRequest,
  missingToken,
  parameterNames,
  prismGone,
  prismTimedOut,
  prismUnreachable,
  type TranslatedError,
  translateForeignError,
  translatePrismProblem,
  translateViolations,
  undecodablePath,
  unreadableTarget,
  unroutedPath,
  unservablePrefer,
  type Violation,
  withinDeclared,
} from './error-envelope.js';
import { checkAccept, contentTypeProblem } from './header-checks.js';
import { type PreferCheck, preferChecker } from './prefer.js';
import { bundledSpecPath, freePort, startPrism } from './prism-process.js';

export { translatePrismProblem } from './error-envelope.js';
export { bundledSpecPath } from './prism-process.js';

/**
 * What the proxy reads from the spec once (parameter names by their lowercase form, the responses each operation declares,
 * what `Prefer` may ask of each operation), where Prism is, and how long it may take to answer.
 */
interface SpecFacts {
  names: ReadonlyMap<string, string>;
  declared: (method: string, url: string) => readonly string[] | undefined;
  prefer: PreferCheck;
  upstream: URL;
  upstreamTimeoutMs: number;
}

/** How long the proxy waits for Prism by default (Prism answers in milliseconds, a 10 MiB body in about a second). */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * Options `startMock` cannot work with; thrown before Prism is started. `code` is always `'invalid_options'`, a
 * stable string to branch on as on the client's and auth's errors.
 */
export class MockOptionsError extends TypeError {
  override readonly name = 'MockOptionsError';
  readonly code = 'invalid_options' as const;
}

export interface MockOptions {
  /** Port for the mock; 0 (the default for tests) picks a free one. The CLI defaults to 4010. */
  port?: number;
  host?: string;
  /** Serve schema-generated data instead of the spec's examples. */
  dynamic?: boolean;
  /**
   * How long, in milliseconds, the proxy waits on Prism (for its answer once the request is passed on, or for any
   * progress while it sends one) before it answers 503 `service_unavailable` itself. Default 10000.
   */
  upstreamTimeoutMs?: number;
}

export interface RunningMock {
  /** Base URL partners point their client at. */
  url: string;
  /** Prism itself, without the error translation (for benchmarks that measure Prism alone). */
  prismUrl: string;
  /**
   * Resolves, with why, if Prism exits while the mock is running (not after `stop()`). From then on every request is
   * answered 503 `service_unavailable`; the CLI exits 1 with that line.
   */
  prismExited: Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts Prism over the bundled spec, fronted by a small proxy that turns Prism's own errors into the error shapes
 * the spec declares. Everything else (examples, `Prefer: code=… / example=…`, request validation) is Prism's.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  checkMockOptions(options);
  const host = options.host ?? '127.0.0.1';
  const prism = await startPrism({ port: await freePort(host), host, dynamic: options.dynamic ?? false });
  const spec = JSON.parse(readFileSync(bundledSpecPath, 'utf8'));
  const known: SpecFacts = {
    names: parameterNames(spec),
    declared: declaredResponsesMatcher(spec),
    prefer: preferChecker(spec),
    upstream: new URL(prism.url),
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
  };
  // Once Prism is gone nothing is forwarded: its port is free again, and whatever listens there next is not Prism.
  let gone: string | undefined;
  void prism.died.then((why) => {
    gone = why;
  });
  // `requireHostHeader: false`: a missing Host is answered in the partner envelope by `forward`.
  const server = createServer({ requireHostHeader: false }, (req, res) =>
    gone === undefined ? forward(req, res, known) : send(res, prismGone(gone), undefined),
  );
  server.on('clientError', answerMalformed);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    });
  } catch (error) {
    await prism.stop();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    prismUrl: prism.url,
    prismExited: prism.died,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await prism.stop();
    },
  };
}

/**
 * Options of the wrong type are refused here, before Prism is spawned: a string port such as "abc" would otherwise
 * make Node listen on a local pipe of that name (and report `http://127.0.0.1:abc`), a non-string host reaches
 * Prism's command line and fails with its usage dump, and a bad port was only found after Prism had started.
 */
function checkMockOptions(options: unknown): asserts options is MockOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new MockOptionsError(`startMock options must be an object, got ${describeValue(options)}`);
  const { port, host, dynamic, upstreamTimeoutMs } = options as Record<string, unknown>;
  if (port !== undefined && (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65535))
    throw new MockOptionsError(`port must be an integer from 0 to 65535, got ${describeValue(port)}`);
  if (host !== undefined && (typeof host !== 'string' || host.trim() === ''))
    throw new MockOptionsError(`host must be a non-empty string, got ${describeValue(host)}`);
  if (dynamic !== undefined && typeof dynamic !== 'boolean')
    throw new MockOptionsError(`dynamic must be a boolean, got ${describeValue(dynamic)}`);
  // A timer cannot be longer than 2^31 - 1 ms: Node would fire it at once.
  if (
    upstreamTimeoutMs !== undefined &&
    (!Number.isInteger(upstreamTimeoutMs) ||
      (upstreamTimeoutMs as number) < 1 ||
      (upstreamTimeoutMs as number) > MAX_TIMER_MS)
  )
    throw new MockOptionsError(
      `upstreamTimeoutMs must be an integer from 1 to ${MAX_TIMER_MS}, got ${describeValue(upstreamTimeoutMs)}`,
    );
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function describeValue(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : value === null
      ? 'null'
      : `${typeof value} ${String(value)}`;
}

/**
 * A request Node's parser refused (header fields too large, a request line that is not HTTP) would get Node's bare
 * 400/431 with no body; the partner envelope is written instead, with the status Node would send, as the sandbox does.
 */
function answerMalformed(error: Error & { code?: string }, socket: Duplex): void {
  // As Node's own handler: once an earlier response on this connection has started, bytes written here would land
  // inside it, so the connection is only closed.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const refusal = malformedRequest(error);
  const body = JSON.stringify(refusal.body);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function violationsError(
  header: string | string[] | undefined,
  names: ReadonlyMap<string, string>,
  declares415: boolean,
): TranslatedError | undefined {
  if (typeof header !== 'string') return undefined;
  const violations = readViolations(header);
  return violations ? translateViolations(violations, names, declares415) : undefined;
}

/**
 * Prism's 401 for a request whose bearer token is missing (or not a Bearer token) is the operation's 401 example,
 * whose detail says the token expired and whose `errorId` never changes; the mock answers its own envelope. A 401
 * asked for with `Prefer: code=401` and a token carries no violation and is served as the spec's example.
 */
function securityError(header: string | string[] | undefined, authorization: string | undefined) {
  if (typeof header !== 'string') return undefined;
  const violations = readViolations(header);
  return violations && isSecurityViolation(violations) ? missingToken(authorization) : undefined;
}

const TRUNCATED = 'Too many violations! ';

/**
 * The violations in Prism's `sl-violations` header. Over about 8 KB Prism cuts the JSON short behind
 * "Too many violations! "; the violations written whole before the cut are kept (the proxy answered the spec's
 * canned 422 example instead, describing some other request).
 */
function readViolations(header: string): Violation[] | undefined {
  if (!header.startsWith(TRUNCATED)) return parseViolations(header);
  const json = header.slice(TRUNCATED.length);
  let cut = json.lastIndexOf('},{');
  for (let tries = 0; cut > 0 && tries < 100; tries++) {
    const whole = parseViolations(`${json.slice(0, cut + 1)}]`);
    if (whole) return whole;
    cut = json.lastIndexOf('},{', cut - 1);
  }
  return undefined;
}

function parseViolations(json: string): Violation[] | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as Violation[]) : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, error: TranslatedError, violations: string | string[] | undefined) {
  const body = JSON.stringify(error.body);
  const headers: Record<string, string | number> = {
    ...corsHeaders(res.req),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (typeof violations === 'string') headers['sl-violations'] = violations;
  res.writeHead(error.status, headers);
  res.end(body);
}

/**
 * The CORS headers Prism puts on every answer (it runs with CORS on): the proxy's own answers carry them too, or a
 * browser would show a partner's page every answer of the mock except its errors. All but
 * `Access-Control-Allow-Credentials: true`, which Prism sends beside an echoed `Origin` and which let any web page
 * make credentialed (cookie-carrying) requests to the mock and read the answers: the mock takes bearer tokens (a
 * header the page sets itself, which needs no credentials mode), so it is left out here and taken off Prism's
 * answers (`fromPrism`).
 */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' && value !== '' ? value : '*';
  };
  return {
    'access-control-allow-origin': header('origin'),
    'access-control-allow-headers': header('access-control-request-headers'),
    'access-control-expose-headers': header('access-control-expose-headers'),
  };
}

/** Prism's answer headers as the proxy passes them on: end to end, and without `Access-Control-Allow-Credentials`. */
function fromPrism(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept = endToEnd(headers);
  delete kept['access-control-allow-credentials'];
  return kept;
}

/** Headers about one connection (RFC 9110 section 7.6.1), which a proxy does not pass on: each side sets its own. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade'];

/**
 * `headers` without the hop-by-hop ones (and those the `Connection` header names). Passing on Prism's
 * `Connection: keep-alive` kept an HTTP/1.0 client's connection open after its answer. Framing headers
 * (`Transfer-Encoding`, `Content-Length`) stay: the body is passed on byte for byte.
 */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers))
    if (!HOP_BY_HOP.includes(name) && !named.includes(name)) kept[name] = value;
  return kept;
}

/**
 * Passes a request on to Prism. Prism decodes a JSON body leniently (bytes that are not UTF-8 become U+FFFD); the
 * service, like the sandbox, refuses them. JSON bodies are small, so they are read whole and checked first.
 */
function forward(req: IncomingMessage, res: ServerResponse, known: SpecFacts) {
  // Prism decodes path parameters with decodeURIComponent and does not catch the URIError: one such request made
  // the Prism process exit, and every request after it was a 502. The service finds no resource there.
  if (!decodablePath(req.url ?? '/')) return send(res, undecodablePath(), undefined);
  // Prism reads its target with `new URL(target, base)`: `//host/rest` (or `/\host/rest`) named a host and lost its
  // first segment, and `\` became `/`. A path that starts so names no operation; a `\` inside it is sent as `%5C`.
  const path = (req.url ?? '/').split('?', 1)[0]!;
  if (/^(\/[/\\]|\\)/.test(path)) return send(res, unroutedPath(path), undefined);
  if (!readableTarget(req.url ?? '/')) return send(res, unreadableTarget(), undefined);
  if (path.includes('\\')) req.url = path.replaceAll('\\', '%5C') + (req.url ?? '').slice(path.length);
  const host = hostProblem(req);
  if (host !== undefined) return send(res, host, undefined);
  // Prism parses `Accept` and `Content-Type` with libraries that throw on a malformed value; uncaught, the throw made
  // the Prism process exit. The proxy runs the same parsers first and answers such a request itself.
  const header = headerProblem(req, known);
  if (header !== undefined) return send(res, header, undefined);
  // Prism reads `Prefer` before it validates the request; so does the proxy, against the spec.
  const prefer = known.prefer(req.method ?? 'GET', req.url ?? '/', req.headers.prefer);
  if (prefer !== undefined) return send(res, unservablePrefer(prefer), undefined);
  if (!isJsonBody(req)) return proxy(req, res, known);
  readJsonBody(req, (body) => {
    const declared = known.declared(req.method ?? 'GET', req.url ?? '/');
    if (body === undefined) return refuseTooLarge(res, declared);
    if (isUtf8(body)) proxy(req, res, known, body);
    else send(res, withinDeclared(invalidUtf8Body(), declared), undefined);
  });
}

/** Prism's own limit for a JSON body ("Body exceeded 10mb limit"), applied before the proxy buffers one. */
const MAX_JSON_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Buffers a JSON body, or hands over `undefined` as soon as it is (or is declared) larger than Prism would take:
 * buffering it whole first, as the proxy did, let one large or endless upload grow the mock without bound.
 */
function readJsonBody(req: IncomingMessage, done: (body: Buffer | undefined) => void): void {
  if (Number(req.headers['content-length']) > MAX_JSON_BODY_BYTES) {
    done(undefined);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on('data', (chunk: Buffer) => {
    if (over) return;
    size += chunk.length;
    if (size <= MAX_JSON_BODY_BYTES) {
      chunks.push(chunk);
      return;
    }
    over = true;
    chunks.length = 0;
    done(undefined);
  });
  req.on('end', () => {
    if (!over) done(Buffer.concat(chunks));
  });
}

/**
 * 413 at once (400 `invalid_request` where the operation declares no 413), and the connection closed after it: the
 * rest of the upload is not read.
 */
function refuseTooLarge(res: ServerResponse, declared: readonly string[] | undefined): void {
  closeAfterAnswer(res);
  send(res, withinDeclared(jsonBodyTooLarge(MAX_JSON_BODY_BYTES), declared), undefined);
}

function closeAfterAnswer(res: ServerResponse): void {
  res.shouldKeepAlive = false;
  res.on('finish', () => res.socket?.destroySoon());
}

/**
 * Sends the request to Prism (its body streamed, or `body` when already read) and translates Prism's errors. Prism
 * may stop answering without exiting; the proxy then answers 503 itself after `upstreamTimeoutMs` without progress.
 */
function proxy(req: IncomingMessage, res: ServerResponse, known: SpecFacts, body?: Buffer) {
  const { upstream } = known;
  const proxied = httpRequest(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: endToEnd(req.headers) },
    (answer) => {
      watchdog.progress();
      answer.on('data', watchdog.progress);
      answer.on('end', watchdog.stop);
      relay(req, res, answer, known);
    },
  );
  const watchdog = upstreamWatchdog(known.upstreamTimeoutMs, { req, res, proxied }, () => {
    proxied.destroy();
    if (res.headersSent) return res.destroy();
    // The rest of an upload Prism stopped taking is not read: the connection closes after the answer.
    if (!req.complete) closeAfterAnswer(res);
    send(res, prismTimedOut(known.upstreamTimeoutMs), undefined);
  });
  res.on('close', () => {
    watchdog.stop();
    // The client went away before its answer: the request to Prism is not left open behind it.
    if (!res.writableFinished) proxied.destroy();
  });
  proxied.on('error', (error) => {
    watchdog.stop();
    if (watchdog.fired || res.destroyed) return;
    if (res.headersSent) return res.destroy(error);
    // Prism refused or dropped the connection (it is exiting, or has just exited): the service is unavailable.
    send(res, prismUnreachable(error.message), undefined);
  });
  if (body !== undefined) {
    proxied.end(body);
    return;
  }
  req.on('data', watchdog.progress);
  req.pipe(proxied);
}

/**
 * Fires `onStall` once nothing has moved for `timeoutMs` while the proxy waits on Prism: for its answer, for more of
 * it, or for it to take more of the request body. A client slow to send its body or to read its answer is not
 * Prism's stall.
 */
function upstreamWatchdog(
  timeoutMs: number,
  exchange: { req: IncomingMessage; res: ServerResponse; proxied: ClientRequest },
  onStall: () => void,
) {
  const { req, res, proxied } = exchange;
  let timer: NodeJS.Timeout | undefined;
  const watchdog = {
    fired: false,
    progress() {
      clearTimeout(timer);
      if (!watchdog.fired) timer = setTimeout(check, timeoutMs);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
  const check = () => {
    // The client has not sent all of its body yet (and Prism takes what it has), or reads its answer slowly.
    const waitingOnClient =
      (!req.complete && !proxied.writableNeedDrain && !proxied.writableEnded) || res.writableNeedDrain;
    if (waitingOnClient) return watchdog.progress();
    watchdog.fired = true;
    onStall();
  };
  watchdog.progress();
  return watchdog;
}

/** Passes Prism's answer on, rewriting its own errors (and error bodies outside the contract) into contract shapes. */
function relay(req: IncomingMessage, res: ServerResponse, answer: IncomingMessage, known: SpecFacts) {
  const contentType = answer.headers['content-type'];
  const status = answer.statusCode ?? 502;
  // Answers to a violation are rebuilt from it: for an invalid request (and for a 415, the example names another
  // content type) and for a missing token, Prism serves one of the spec's examples, which describes some other request.
  const fromViolations =
    status === 401
      ? securityError(answer.headers['sl-violations'], req.headers.authorization)
      : status === 422 || status === 400 || status === 415
        ? violationsError(answer.headers['sl-violations'], known.names, declares(req, known, 415))
        : undefined;
  const declared = known.declared(req.method ?? 'GET', req.url ?? '/');
  if (fromViolations) {
    answer.resume();
    return send(res, withinDeclared(fromViolations, declared), answer.headers['sl-violations']);
  }
  if (status < 400 || !contentType?.includes('json')) {
    res.writeHead(status, fromPrism(answer.headers));
    answer.pipe(res);
    return;
  }
  const chunks: Buffer[] = [];
  answer.on('data', (chunk: Buffer) => chunks.push(chunk));
  answer.on('end', () => {
    let problem: Record<string, unknown> = {};
    try {
      problem = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      // Not JSON after all: pass it through untouched below.
    }
    const violations = answer.headers['sl-violations'];
    if (isPrismProblem(contentType, problem))
      return send(res, withinDeclared(translatePrismProblem({ ...problem, status }), declared), violations);
    // An error the spec declares (an example served for `Prefer: code=…`) goes through as it is; any other
    // error shape is not part of the contract, so it is rewritten into one that is.
    if (!isContractError(problem))
      return send(res, withinDeclared(translateForeignError(status, problem), declared), violations);
    const fitted = fittedEnvelope(status, problem);
    if (fitted !== undefined) return send(res, { status, body: fitted }, violations);
    res.writeHead(status, fromPrism(answer.headers));
    res.end(Buffer.concat(chunks));
  });
}

/**
 * What RFC 9112 section 3.2 says a server MUST answer with 400, as the sandbox answers it: an HTTP/1.1 request without
 * a Host header (Node's own answer was a bare 400 with no body; the server now leaves it to this), or with more than
 * one (it was served by the first).
 */
function hostProblem(req: IncomingMessage): TranslatedError | undefined {
  let lines = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') lines++;
  if (lines > 1) return badHost('The request has more than one Host header (RFC 9112 section 3.2).');
  if (lines === 0 && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1)
    return badHost('An HTTP/1.1 request must carry a Host header (RFC 9112 section 3.2).');
  return undefined;
}

/**
 * The `Accept` or `Content-Type` problem Prism would exit on (or answer 500 to), in the partner envelope; an `Accept`
 * with empty parts (`text/html,`) is passed on without them.
 */
function headerProblem(req: IncomingMessage, known: SpecFacts): TranslatedError | undefined {
  const type = contentTypeProblem(req.headers['content-type']);
  if (type !== undefined)
    return hasBody(req) ? malformedBodyType(type, declares(req, known, 415)) : malformedHeader(type);
  const accept = checkAccept(req.headers.accept);
  if (accept.problem !== undefined) return malformedHeader(accept.problem);
  if (accept.forward === null) delete req.headers.accept;
  else if (accept.forward !== undefined) req.headers.accept = accept.forward;
  return undefined;
}

/** Whether the operation the request reaches declares `status` (or its range). */
const declares = (req: IncomingMessage, known: SpecFacts, status: number): boolean =>
  declaresStatus(known.declared(req.method ?? 'GET', req.url ?? '/'), status);

/** Whether the request carries a body, as Prism's HTTP layer decides it (a `Content-Length` other than 0, or chunked). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return length !== undefined ? length !== '0' : req.headers['transfer-encoding'] !== undefined;
}

/** Whether the request target parses as a URL path (as Prism, and the `Prefer` check, parse it). */
const readableTarget = (url: string): boolean => URL.canParse(url, 'http://mock.invalid');

/** Whether every segment of the request's path is valid percent-encoded UTF-8. */
function decodablePath(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  try {
    for (const segment of path.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

const isJsonBody = (req: IncomingMessage) => (req.headers['content-type'] ?? '').toLowerCase().includes('json');
