import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  invalidUtf8Body,
  isContractError,
  isPrismProblem,
  parameterNames,
  type TranslatedError,
  translateForeignError,
  translatePrismProblem,
  translateViolations,
} from './error-envelope.js';
import { bundledSpecPath, freePort, startPrism } from './prism-process.js';

export { translatePrismProblem } from './error-envelope.js';
export { bundledSpecPath } from './prism-process.js';

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
  stop(): Promise<void>;
}

/**
 * Starts Prism over the bundled spec, fronted by a small proxy that turns Prism's own errors into the error shapes
 * the spec declares. Everything else (examples, `Prefer: code=… / example=…`, request validation) is Prism's.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  const prism = await startPrism({ port: await freePort(host), host, dynamic: options.dynamic ?? false });
  const upstream = new URL(prism.url);
  const names = parameterNames(JSON.parse(readFileSync(bundledSpecPath, 'utf8')));
  const server = createServer((req, res) => forward(req, res, upstream, names));
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
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await prism.stop();
    },
  };
}

function violationsError(
  header: string | string[] | undefined,
  names: ReadonlyMap<string, string>,
): TranslatedError | undefined {
  if (typeof header !== 'string') return undefined;
  try {
    return translateViolations(JSON.parse(header), names);
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
function forward(req: IncomingMessage, res: ServerResponse, upstream: URL, names: ReadonlyMap<string, string>) {
  if (!isJsonBody(req)) return proxy(req, res, upstream, names);
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (isUtf8(body)) proxy(req, res, upstream, names, body);
    else send(res, invalidUtf8Body(), undefined);
  });
}

/** Sends the request to Prism (its body streamed, or `body` when already read) and translates Prism's errors. */
function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: URL,
  names: ReadonlyMap<string, string>,
  body?: Buffer,
) {
  const proxied = httpRequest(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      const contentType = answer.headers['content-type'];
      const status = answer.statusCode ?? 502;
      // Only request-validation answers are rebuilt; a 401 for a missing token already carries the spec's own example.
      const fromViolations =
        status === 422 || status === 400 ? violationsError(answer.headers['sl-violations'], names) : undefined;
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

const isJsonBody = (req: IncomingMessage) => (req.headers['content-type'] ?? '').toLowerCase().includes('json');
