import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiError, envelope } from '../http/errors.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface Listening {
  port: number;
  /** Closes both servers and every open connection. */
  close(): Promise<void>;
}

/** A request Node's parser could not read still gets the partner envelope (400), then the connection closes. */
function answerMalformed(error: Error, socket: { writable: boolean; end(s: string): void; destroy(): void }): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(
    envelope(new ApiError(400, 'invalid_request', `Malformed HTTP request: ${error.message}`)),
  );
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function serve(listener: Listener, sockets: Set<Socket>): Server {
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => void listener(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return server;
}

/**
 * Listens on `host:port`. On the default loopback bind it also answers on ::1 at the same port (best effort):
 * `localhost` resolves to ::1 first on some systems.
 */
export async function listen(listener: Listener, host: string, port: number): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server = serve(listener, sockets);
  server.on('clientError', (error, socket) => answerMalformed(error as Error, socket));
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
      candidate.once('error', () => resolve(undefined));
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
