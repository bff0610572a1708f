import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the token endpoint does; every other path answers 404 at once, so only the token exchange misbehaves. */
export type TokenBehaviour =
  /** Never answers (not even headers). */
  | 'hang'
  /** Headers at once, then a body that never ends, as fast as the socket takes it. */
  | 'endless-body'
  /** Headers at once, then one byte and nothing more. */
  | 'stalled-body'
  /** 404 like everything else: a target that answers promptly, for runs that must send nothing at all. */
  | 'not-found'
  /** 404 here too, but `GET /sandbox/clock` (asked of every target) answers a JSON body that never ends. */
  | 'endless-clock';

export interface HostileServer {
  url: string;
  /** `METHOD path` of every request received, in order. */
  requests: string[];
  stop(): Promise<void>;
}

/** A loopback server that breaks the way real targets break: no answer, an endless body, a body that stalls. */
export function startHostileServer(behaviour: TokenBehaviour): Promise<HostileServer> {
  return serve((request, response) => {
    if (request.url === '/sandbox/clock' && behaviour === 'endless-clock') {
      response.writeHead(200, { 'content-type': 'application/json' });
      pour(response);
      return;
    }
    if (request.url !== '/v1/oauth2/tokens' || behaviour === 'not-found' || behaviour === 'endless-clock') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"not_found"}');
      return;
    }
    if (behaviour === 'hang') return;
    response.writeHead(201, { 'content-type': 'application/json' });
    if (behaviour === 'stalled-body') response.write('{');
    else pour(response);
  });
}

/** Starts a loopback server around `handle` (the request body is drained), recording `METHOD path` of every request. */
export async function serve(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<HostileServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers every request with a 307 to the same path at `to` (another origin). */
export function startRedirectServer(to: string): Promise<HostileServer> {
  return serve((request, response) => {
    response.writeHead(307, { location: `${to}${request.url}` }).end();
  });
}

/**
 * Answers `GET /sandbox/clock` as the sandbox does, and 404 to anything else; with `endlessDeliveries`, its delivery
 * log (`/sandbox/webhook-deliveries`) is a JSON body that never ends.
 */
export function startClockServer(endlessDeliveries = false): Promise<HostileServer> {
  return serve((request, response) => {
    if (endlessDeliveries && request.url?.startsWith('/sandbox/webhook-deliveries')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      pour(response);
      return;
    }
    const clock = request.url === '/sandbox/clock';
    response.writeHead(clock ? 200 : 404, { 'content-type': 'application/json' });
    response.end(clock ? JSON.stringify({ now: new Date().toISOString(), offsetSeconds: 0 }) : '{"code":"not_found"}');
  });
}

/** Writes 64 KiB chunks for as long as the client reads them. */
function pour(response: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const more = () => {
    while (!response.destroyed && response.write(chunk)) {}
  };
  response.on('drain', more);
  more();
}
