import { createServer, type Server } from 'node:http';
import type { ReceivedWebhook, WebhookSource } from './source.js';

/** Bounds what a misbehaving sender can make the receiver hold. */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DELIVERIES = 10_000;

export interface WebhookReceiver extends WebhookSource {
  /** The URL to register as the partner's webhook URL. */
  url: string;
}

/**
 * A loopback endpoint that acknowledges every POST with 200 and keeps the raw bytes and headers. It does not verify
 * anything itself: the webhook check verifies each delivery with the auth package, so a bad signature is reported
 * instead of being silently dropped.
 */
export async function startWebhookReceiver(listen: string): Promise<WebhookReceiver> {
  const { host, port } = parseListen(listen);
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      if (received.length < MAX_DELIVERIES) {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        const via = `delivery #${received.length + 1}${headers['zest-event-id'] ? ` (${headers['zest-event-id']})` : ''}`;
        received.push({ body: new Uint8Array(Buffer.concat(chunks)), headers, at: Date.now(), via });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    kind: 'receiver',
    url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}/`,
    async collect(sinceMs) {
      return received.filter((d) => d.at >= sinceMs);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen.trim());
  if (!match) throw new Error(`--webhook-listen must be host:port (e.g. 127.0.0.1:0), got "${listen}"`);
  const port = Number(match[3]);
  if (port > 65535) throw new Error(`--webhook-listen port out of range: ${port}`);
  return { host: match[1] ?? match[2]!, port };
}
