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
  const state = newReceiverState();
  const handler = createProcessingHandler(options, state);
  const server: Server = createServer(frontDoor(options, state, handler));
  server.on('connection', (socket) => {
    state.sockets.add(socket);
    socket.on('close', () => state.sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhooks/zest`,
    processed: state.processed,
    rejected: state.rejected,
    tally: state.tally,
    busy: () => state.sleeping,
    async close() {
      for (const res of state.held) res.destroy();
      for (const socket of state.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the front door and the processing handler share while the receiver runs. */
interface ReceiverState {
  processed: Map<string, ProcessedEvent[]>;
  rejected: Map<string, number>;
  tally: Map<Behaviour | 'duplicate', number>;
  /** Requests seen per eventId. */
  attempts: Map<string, number>;
  /** Each eventId's rank of first arrival. */
  order: Map<string, number>;
  /** The behaviour chosen for the request being handled, by eventId, read back by onEvent. */
  current: Map<string, Behaviour>;
  /** Responses of `hang` attempts, never answered (destroyed on close). */
  held: Set<ServerResponse>;
  sockets: Set<Socket>;
  requests: number;
  /** Processing runs finished so far. */
  seq: number;
  /** Processing runs still sleeping (slow ones). */
  sleeping: number;
}

function newReceiverState(): ReceiverState {
  return {
    processed: new Map(),
    rejected: new Map(),
    tally: new Map(),
    attempts: new Map(),
    order: new Map(),
    current: new Map(),
    held: new Set(),
    sockets: new Set(),
    requests: 0,
    seq: 0,
    sleeping: 0,
  };
}

const count = (state: ReceiverState, key: Behaviour | 'duplicate') =>
  state.tally.set(key, (state.tally.get(key) ?? 0) + 1);

/** The auth package's handler: verification failures tallied by reason, processing that crashes or sleeps on cue. */
function createProcessingHandler(options: ChaosOptions, state: ReceiverState) {
  return createNodeWebhookHandler({
    secret: options.secret,
    dedup: options.dedup === false ? false : createMemoryDedupStore(),
    respond: 'after-processing',
    onError: (error, info) => {
      if (info.stage === 'verification') {
        const reason = (error as { reason?: string }).reason ?? 'unknown';
        state.rejected.set(reason, (state.rejected.get(reason) ?? 0) + 1);
      }
    },
    async onEvent(event) {
      const behaviour = state.current.get(event.eventId) ?? 'ok';
      if (behaviour === 'crash') throw new Error(`injected processing failure for ${event.eventId}`);
      if (behaviour === 'slow') {
        state.sleeping += 1;
        await new Promise((resolve) => setTimeout(resolve, options.slowMs));
        state.sleeping -= 1;
      }
      const list = state.processed.get(event.eventId) ?? [];
      list.push({ event, seq: ++state.seq });
      state.processed.set(event.eventId, list);
    },
  });
}

/** The front door: picks the attempt's behaviour, answers `down` and `hang` itself, passes the rest to `handler`. */
function frontDoor(
  options: ChaosOptions,
  state: ReceiverState,
  handler: ReturnType<typeof createNodeWebhookHandler>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    state.requests += 1;
    const header = req.headers['zest-event-id'];
    const eventId = typeof header === 'string' ? header : '';
    const attempt = (state.attempts.get(eventId) ?? 0) + 1;
    state.attempts.set(eventId, attempt);
    if (!state.order.has(eventId)) state.order.set(eventId, state.order.size);
    const behaviour = eventId
      ? options.behaviour({ eventId, attempt, index: state.order.get(eventId)!, requestNumber: state.requests })
      : 'ok';
    count(state, behaviour);
    if (behaviour === 'down') {
      req.resume();
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"receiver unavailable"}');
      return;
    }
    if (behaviour === 'hang') {
      req.resume();
      state.held.add(res);
      res.on('close', () => state.held.delete(res));
      return;
    }
    state.current.set(eventId, behaviour);
    countDuplicateAcknowledgements(state, res, eventId, behaviour);
    void handler(req, res);
  };
}

/** Spots duplicate acknowledgements: a 200 for an event that processing did not touch on this attempt. */
function countDuplicateAcknowledgements(
  state: ReceiverState,
  res: ServerResponse,
  eventId: string,
  behaviour: Behaviour,
): void {
  const before = state.processed.get(eventId)?.length ?? 0;
  const end = res.end.bind(res);
  res.end = ((...args: Parameters<ServerResponse['end']>) => {
    if (res.statusCode === 200 && behaviour !== 'slow' && (state.processed.get(eventId)?.length ?? 0) === before)
      count(state, 'duplicate');
    return end(...args);
  }) as ServerResponse['end'];
}
