// A scripted fetch for black-box tests: nothing inside the SDK is mocked, the test plays the server.
import type { SpvRequest, SpvRequestCreate } from '@zestequity/partner-api-types';
import { loadSpec, specExample } from '@zestequity/testing';
import { afterEach } from 'vitest';
import type { FetchLike } from '../src/index.js';

export interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  request: Request;
  signal: AbortSignal | undefined;
}

export type Handler = (seen: Seen, index: number) => Response | Promise<Response>;

export function scriptedFetch(handler: Handler): FetchLike & { calls: Seen[] } {
  const calls: Seen[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.body === null ? '' : await request.clone().text();
    const seen: Seen = {
      method: request.method,
      url: new URL(request.url),
      headers: new Headers(request.headers),
      body,
      request,
      signal: init?.signal ?? undefined,
    };
    calls.push(seen);
    return handler(seen, calls.length - 1);
  };
  return Object.assign(fetch, { calls });
}

/** Answers in turn from a list; the last answer repeats. */
export function sequence(...answers: Array<Response | (() => Response) | Error>): Handler {
  return (_seen, index) => {
    const answer = answers[Math.min(index, answers.length - 1)]!;
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer() : answer.clone();
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function envelope(status: number, code: string, extra: Record<string, unknown> = {}): Response {
  return json(status, { code, detail: `${code} happened`, errorId: '1f1a4b3e-7c0e-4ed3-9abe-3cbef1f17c1f', ...extra });
}

/** Retry options that never wait: delays are recorded instead. */
export function instantRetry(extra: Record<string, unknown> = {}) {
  const delays: number[] = [];
  return {
    delays,
    retry: {
      sleep: async (ms: number) => {
        delays.push(ms);
      },
      ...extra,
    },
  };
}

export const BASE = 'https://zest.test';

// Bodies come from the spec's own examples, so the tests play a server that answers what the contract shows.
const spec = loadSpec();
const example = (name: string) => specExample(name, spec);

export const spvRequest: SpvRequest = example('SpvRequestPendingReview');

export const spvCreate: SpvRequestCreate = example('SpvRequestCreateSyndicateSecondary');

/** The smallest PDF the upload checks accept (its magic bytes and an end marker). */
export const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

/** The subscription the upload tests address: the spec examples' SPV and person. */
export const UPLOAD_TARGET = { spvSlug: 'veh_klm456', personId: 'psn_abc123' };

/** `n` valid, distinct investor rows for bulkCreate. */
export const investorRows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    partnerInvestorId: `inv-${i}`,
    email: `investor${i}@example.com`,
    firstName: 'Ada',
    lastName: `Number${i}`,
    dateOfBirth: '1985-04-12',
  }));

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface Loopback {
  url: string;
  /** Every request the server received, in order. */
  hits: Array<{ method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string }>;
  close: () => Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that answers with `handler`; `close` drops its connections and stops it. */
export async function loopback(
  handler: (res: import('node:http').ServerResponse, index: number, body: string) => void,
): Promise<Loopback> {
  const { createServer } = await import('node:http');
  const hits: Loopback['hits'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(res, hits.length - 1, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * For a test file whose tests start loopback servers: a `loopback` that closes every server it started once the test
 * is over (all of them, so a test that starts one per case in a loop leaves none running).
 */
export function useLoopbacks(): typeof loopback {
  const open: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await loopback(handler);
    open.push(server);
    return server;
  };
}

/** Writes a JSON answer with a Content-Length. */
export function answer(res: import('node:http').ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
