// A real HTTP server on 127.0.0.1 (free port) playing the token endpoint, with a scripted answer per request.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: URLSearchParams;
}

export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  contentType?: string;
  /** Further response headers (e.g. Retry-After). */
  headers?: Record<string, string>;
  /** Wait this long before answering (ms); `Infinity` never answers. */
  delayMs?: number;
}

export interface TokenServer {
  url: string;
  requests: TokenRequest[];
  close(): Promise<void>;
}

export async function startTokenServer(
  answer: (request: TokenRequest, index: number) => ScriptedAnswer,
): Promise<TokenServer> {
  const requests: TokenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: TokenRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        form: new URLSearchParams(Buffer.concat(chunks).toString()),
      };
      requests.push(request);
      const scripted = answer(request, requests.length - 1);
      const send = () => {
        const text = typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body ?? {});
        res.writeHead(scripted.status, {
          'content-type': scripted.contentType ?? 'application/json',
          ...scripted.headers,
        });
        res.end(text);
      };
      if (scripted.delayMs === Infinity) return;
      if (scripted.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, scripted.delayMs);
        timers.add(timer);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
