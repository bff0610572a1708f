import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createMemoryDedupStore, createNodeWebhookHandler, type WebhookEvent } from '@zestequity/partner-auth/node';

/**
 * What the receiver does with one delivery attempt of an event, decided before the real handler sees it:
 * - `down`: 500 from the front door (the app is not there; nothing is verified or claimed);
 * - `hang`: accept the connection and never answer (the sender's timeout has to fire);
 * - `crash`: the handler verifies and claims the event, then processing throws (claim released, 500);
 * - `slow`: processing takes longer than the sender waits (claimed; the retry must be answered as a duplicate);
 * - `ok`: verify, claim, process, 200.
 */
export type Behaviour = 'down' | 'hang' | 'crash' | 'slow' | 'ok';

export interface ProcessedEvent {
  event: WebhookEvent;
  /** Order in which processing finished (1-based). */
  seq: number;
}

export interface ChaosReceiver {
  url: string;
  /** Successful processing runs, per eventId (exactly-once means one entry each). */
  processed: Map<string, ProcessedEvent[]>;
  /** Deliveries the handler refused (bad signature, stale timestamp, ...), by reason. */
  rejected: Map<string, number>;
  /** Attempts per behaviour, and duplicate acknowledgements. */
  tally: Map<Behaviour | 'duplicate', number>;
  /** Processing runs still sleeping (slow ones). */
  busy(): number;
  close(): Promise<void>;
}

export interface ChaosOptions {
  secret: string;
  /** Decides the behaviour for the `attempt`-th request carrying `eventId` (1-based), `index` being the event's rank of first arrival. */
  behaviour(input: { eventId: string; attempt: number; index: number; requestNumber: number }): Behaviour;
  /** How long a `slow` processing run takes, ms. */
  slowMs: number;
  /** Deduplicate on eventId (default true). `false` is the broken receiver of the negative runs. */
  dedup?: boolean;
}

/**
 * A loopback webhook endpoint built on the auth package's Node handler (verification over the raw body, dedup on
 * eventId with the memory store, answer after processing), behind a front door that misbehaves on cue.
 */
export async function startChaosReceiver(options: ChaosOptions): Promise<ChaosReceiver> {
  const processed = new Map<string, ProcessedEvent[]>();
  const rejected = new Map<string, number>();
  const tally = new Map<Behaviour | 'duplicate', number>();
  const attempts = new Map<string, number>();
  const order = new Map<string, number>();
  /** The behaviour chosen for the request being handled, by eventId, read back by onEvent. */
  const current = new Map<string, Behaviour>();
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let requests = 0;
  let seq = 0;
  let sleeping = 0;
  const count = (key: Behaviour | 'duplicate') => tally.set(key, (tally.get(key) ?? 0) + 1);

  const handler = createNodeWebhookHandler({
    secret: options.secret,
    dedup: options.dedup === false ? false : createMemoryDedupStore(),
    respond: 'after-processing',
    onError: (error, info) => {
      if (info.stage === 'verification') {
        const reason = (error as { reason?: string }).reason ?? 'unknown';
        rejected.set(reason, (rejected.get(reason) ?? 0) + 1);
      }
    },
    async onEvent(event) {
      const behaviour = current.get(event.eventId) ?? 'ok';
      if (behaviour === 'crash') throw new Error(`injected processing failure for ${event.eventId}`);
      if (behaviour === 'slow') {
        sleeping += 1;
        await new Promise((resolve) => setTimeout(resolve, options.slowMs));
        sleeping -= 1;
      }
      const list = processed.get(event.eventId) ?? [];
      list.push({ event, seq: ++seq });
      processed.set(event.eventId, list);
    },
  });

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    const header = req.headers['zest-event-id'];
    const eventId = typeof header === 'string' ? header : '';
    const attempt = (attempts.get(eventId) ?? 0) + 1;
    attempts.set(eventId, attempt);
    if (!order.has(eventId)) order.set(eventId, order.size);
    const behaviour = eventId
      ? options.behaviour({ eventId, attempt, index: order.get(eventId)!, requestNumber: requests })
      : 'ok';
    count(behaviour);
    if (behaviour === 'down') {
      req.resume();
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"receiver unavailable"}');
      return;
    }
    if (behaviour === 'hang') {
      req.resume();
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    current.set(eventId, behaviour);
    const before = processed.get(eventId)?.length ?? 0;
    const end = res.end.bind(res);
    // Spot duplicate acknowledgements: a 200 for an event that processing did not touch on this attempt.
    res.end = ((...args: Parameters<ServerResponse['end']>) => {
      if (res.statusCode === 200 && behaviour !== 'slow' && (processed.get(eventId)?.length ?? 0) === before)
        count('duplicate');
      return end(...args);
    }) as ServerResponse['end'];
    void handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhooks/zest`,
    processed,
    rejected,
    tally,
    busy: () => sleeping,
    async close() {
      for (const res of held) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
