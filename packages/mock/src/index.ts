import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Duplex } from 'node:stream';
import {
  declares415Matcher,
  invalidUtf8Body,
  isContractError,
  isPrismProblem,
  jsonBodyTooLarge,
  malformedRequest,
  parameterNames,
  prismGone,
  type TranslatedError,
  translateForeignError,
  translatePrismProblem,
  translateViolations,
  undecodablePath,
} from './error-envelope.js';
import { bundledSpecPath, freePort, startPrism } from './prism-process.js';

export { translatePrismProblem } from './error-envelope.js';
export { bundledSpecPath } from './prism-process.js';

/** What the proxy reads from the spec once: parameter names by their lowercase form, which operations declare 415. */
interface SpecFacts {
  names: ReadonlyMap<string, string>;
  declares415: (method: string, url: string) => boolean;
}

/** Options `startMock` cannot work with; thrown before Prism is started. */
export class MockOptionsError extends TypeError {
  override readonly name = 'MockOptionsError';
}

export interface MockOptions {
  /** Port for the mock; 0 (the default for tests) picks a free one. The CLI defaults to 4010. */
  port?: number;
  host?: string;
  /** Serve schema-generated data instead of the spec's examples. */
  dynamic?: boolean;
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
  const upstream = new URL(prism.url);
  const spec = JSON.parse(readFileSync(bundledSpecPath, 'utf8'));
  const known: SpecFacts = { names: parameterNames(spec), declares415: declares415Matcher(spec) };
  // Once Prism is gone nothing is forwarded: its port is free again, and whatever listens there next is not Prism.
  let gone: string | undefined;
  void prism.died.then((why) => {
    gone = why;
  });
  const server = createServer((req, res) =>
    gone === undefined ? forward(req, res, upstream, known) : send(res, prismGone(gone), undefined),
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
  const { port, host, dynamic } = options as Record<string, unknown>;
  if (port !== undefined && (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65535))
    throw new MockOptionsError(`port must be an integer from 0 to 65535, got ${describeValue(port)}`);
  if (host !== undefined && (typeof host !== 'string' || host.trim() === ''))
    throw new MockOptionsError(`host must be a non-empty string, got ${describeValue(host)}`);
  if (dynamic !== undefined && typeof dynamic !== 'boolean')
    throw new MockOptionsError(`dynamic must be a boolean, got ${describeValue(dynamic)}`);
}

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
  try {
    return translateViolations(JSON.parse(header), names, declares415);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, error: TranslatedError, violations: string | string[] | undefined) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (typeof violations === 'string') headers['sl-violations'] = violations;
  res.writeHead(error.status, headers);
  res.end(JSON.stringify(error.body));
}

/**
 * Passes a request on to Prism. Prism decodes a JSON body leniently (bytes that are not UTF-8 become U+FFFD); the
 * service, like the sandbox, refuses them. JSON bodies are small, so they are read whole and checked first.
 */
function forward(req: IncomingMessage, res: ServerResponse, upstream: URL, known: SpecFacts) {
  // Prism decodes path parameters with decodeURIComponent and does not catch the URIError: one such request made
  // the Prism process exit, and every request after it was a 502. The service finds no resource there.
  if (!decodablePath(req.url ?? '/')) return send(res, undecodablePath(), undefined);
  if (!isJsonBody(req)) return proxy(req, res, upstream, known);
  readJsonBody(req, (body) => {
    if (body === undefined) return refuseTooLarge(res);
    if (isUtf8(body)) proxy(req, res, upstream, known, body);
    else send(res, invalidUtf8Body(), undefined);
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

/** 413 at once, and the connection closed after it: the rest of the upload is not read. */
function refuseTooLarge(res: ServerResponse): void {
  res.shouldKeepAlive = false;
  send(res, jsonBodyTooLarge(MAX_JSON_BODY_BYTES), undefined);
  res.on('finish', () => res.socket?.destroySoon());
}

/** Sends the request to Prism (its body streamed, or `body` when already read) and translates Prism's errors. */
function proxy(req: IncomingMessage, res: ServerResponse, upstream: URL, known: SpecFacts, body?: Buffer) {
  const proxied = httpRequest(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      const contentType = answer.headers['content-type'];
      const status = answer.statusCode ?? 502;
      // Only request-validation answers are rebuilt (for a 415 Prism serves the spec's example, which names another
      // content type); a 401 for a missing token already carries the spec's own example.
      const fromViolations =
        status === 422 || status === 400 || status === 415
          ? violationsError(
              answer.headers['sl-violations'],
              known.names,
              known.declares415(req.method ?? 'GET', req.url ?? '/'),
            )
          : undefined;
      if (fromViolations) {
        answer.resume();
        return send(res, fromViolations, answer.headers['sl-violations']);
      }
      if (status < 400 || !contentType?.includes('json')) {
        res.writeHead(status, answer.headers);
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
          return send(res, translatePrismProblem({ ...problem, status }), violations);
        // An error the spec declares (an example served for `Prefer: code=…`) goes through as it is; any other
        // error shape is not part of the contract, so it is rewritten into one that is.
        if (!isContractError(problem)) return send(res, translateForeignError(status, problem), violations);
        res.writeHead(status, answer.headers);
        res.end(Buffer.concat(chunks));
      });
    },
  );
  proxied.on('error', (error) => {
    if (res.headersSent) return res.destroy(error);
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        code: 'service_unavailable',
        detail: `Mock backend unavailable: ${error.message}`,
        errorId: crypto.randomUUID(),
      }),
    );
  });
  if (body === undefined) req.pipe(proxied);
  else proxied.end(body);
}

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
