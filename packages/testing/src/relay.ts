import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Relay {
  /** Where to send requests: the relay's address with `path`. */
  url: string;
  /** Forward everything, from now on and everything held so far, to this origin (the request's path is kept). */
  pointAt(url: string): void;
  close(): Promise<void>;
}

/**
 * A loopback relay to hand out as a webhook URL before the real receiver exists: a receiver that picks its own port
 * (port 0) prints it once it listens, and the relay forwards there from then on; requests that arrive earlier wait.
 * (Reserving a port, closing it and handing the number over races with anything else on the machine that may take
 * it.) Answers 502 when the receiver cannot be reached.
 */
export async function startRelay(path = '/'): Promise<Relay> {
  let target: string | undefined;
  const waiting: Array<() => void> = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!target) await new Promise<void>((resolve) => waiting.push(resolve));
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name]) => !['host', 'content-length', 'connection', 'transfer-encoding'].includes(name),
      ),
    ) as Record<string, string>;
    try {
      const answer = await fetch(new URL(req.url ?? '/', target), {
        method: req.method,
        headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    pointAt(url) {
      target = url;
      for (const resolve of waiting.splice(0)) resolve();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
