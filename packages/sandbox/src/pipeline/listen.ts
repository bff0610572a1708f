import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiError, envelope } from '../http/errors.js';
import { afterAnswers } from './in-flight.js';
import { malformedRequestError } from './malformed.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface Listening {
  port: number;
  /** Closes both servers and every open connection. */
  close(): Promise<void>;
}

/**
 * A request Node's parser could not read still gets the partner envelope (400, or 408, 413, 431 by what went wrong),
 * then the connection closes. The requests before it on the connection are answered first; when one of them closed
 * the connection (`Connection: close`: nothing after it is processed, RFC 9112 section 9.6) the socket is no longer
 * writable and is just closed.
 */
function answerMalformed(error: Error, socket: { writable: boolean; end(s: string): void; destroy(): void }): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const refusal = malformedRequestError(error);
  const body = JSON.stringify(envelope(refusal));
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * An `Expect` other than `100-continue` (RFC 9110 section 10.1.1 allows 417): Node's own 417 had no body at all, so
 * the partner envelope is written here instead, and the connection closes because the body was never read.
 */
function answerExpectation(req: IncomingMessage, res: ServerResponse): void {
  const detail = `The expectation ${JSON.stringify(String(req.headers.expect).slice(0, 200))} cannot be met; only 100-continue is supported.`;
  const body = JSON.stringify(envelope(new ApiError(417, 'invalid_request', detail)));
  res.shouldKeepAlive = false;
  res.writeHead(417, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  res.end(body);
}

/** One server (IPv4 or IPv6): both answer malformed requests and unmet expectations in the partner envelope. */
function serve(listener: Listener, sockets: Set<Socket>): Server {
  // `requireHostHeader: false`: the guard stage answers a missing Host itself, in the partner envelope.
  const server = createServer({ keepAliveTimeout: 5000, requireHostHeader: false }, (req, res) => {
    void listener(req, res);
  });
  server.on('checkExpectation', answerExpectation);
  // On the server itself, not only on the IPv4 one: the IPv6 server's malformed answers had no envelope.
  server.on('clientError', (error, socket) => afterAnswers(socket, () => answerMalformed(error as Error, socket)));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return server;
}

/**
 * Listens on `host:port`. On the default loopback bind it also answers on ::1 at the same port (best effort):
 * `localhost` resolves to ::1 first on some systems. When another program holds that port on ::1, `warn` says so:
 * a client that resolves `localhost` to ::1 would talk to that program instead, which looks like a sandbox bug.
 */
export async function listen(
  listener: Listener,
  host: string,
  port: number,
  warn: (line: string) => void,
): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server = serve(listener, sockets);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  let ipv6: Server | undefined;
  if (host === '127.0.0.1') {
    const candidate = serve(listener, sockets);
    ipv6 = await new Promise<Server | undefined>((resolve) => {
      candidate.once('error', (error: NodeJS.ErrnoException) => {
        // No IPv6 loopback on this machine (EADDRNOTAVAIL, EAFNOSUPPORT): nothing can answer there, nothing to say.
        if (error.code === 'EADDRINUSE')
          warn(
            `zest-sandbox: port ${bound} on ::1 is in use by another program, so the sandbox answers on 127.0.0.1 only; a client that resolves localhost to ::1 reaches that program instead (use http://127.0.0.1:${bound})`,
          );
        resolve(undefined);
      });
      candidate.listen(bound, '::1', () => resolve(candidate));
    });
  }
  const closeOne = (srv: Server | undefined) =>
    new Promise<void>((resolve) => {
      if (!srv) return resolve();
      srv.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return { port: bound, close: async () => void (await Promise.all([server, ipv6].map(closeOne))) };
}
