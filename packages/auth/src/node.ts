// Node-only glue, kept out of the main entry so browsers and workers never see a Node module:
// - webhook endpoints for node:http and Express (raw body, 2xx fast, 4xx on a bad signature);
// - loading PEM key files into KeyObjects;
// - registering node:crypto as the fast HMAC path even where `process.getBuiltinModule` is missing.

import { createHmac, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkKeyShape } from './assertion/keys.js';
import { UnsupportedKeyError } from './errors.js';
import {
  bodyTooLarge,
  createDeliveryProcessor,
  type DeliveryResponse,
  type WebhookHandlerOptions,
} from './webhooks/delivery.js';
import { registerNodeCrypto } from './webhooks/hmac.js';

registerNodeCrypto({ createHmac });

export * from './index.js';

/** A request that a body parser may already have read (Express `express.raw()` sets `body` to a Buffer). */
export type NodeWebhookRequest = IncomingMessage & { body?: unknown };

export type NodeWebhookHandler = (req: NodeWebhookRequest, res: ServerResponse) => Promise<void>;

class BodyTooLarge extends Error {}

async function readStream(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/**
 * The raw body: from a body parser that kept it raw (`express.raw()`, `express.text()`), else from the stream.
 * A parsed object after the stream was consumed means `express.json()` ran first: verification then reports
 * `payload_not_raw` with the fix.
 */
async function rawBody(req: NodeWebhookRequest, limit: number): Promise<unknown> {
  const parsed = req.body;
  if (typeof parsed === 'string' || parsed instanceof Uint8Array) return parsed;
  if (!req.readableEnded) return readStream(req, limit);
  return parsed ?? new Uint8Array(0);
}

function send(res: ServerResponse, result: DeliveryResponse): void {
  if (res.headersSent) return;
  res.writeHead(result.status, { ...result.headers, 'content-length': Buffer.byteLength(result.body) });
  res.end(result.body);
}

function signatureHeaderOf(req: IncomingMessage): string | undefined {
  const value = req.headers['zest-signature'];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * A node:http request listener for Zest webhooks: `http.createServer(createNodeWebhookHandler({ secret, onEvent }))`
 * or mounted on a route. Reads the raw body itself (bounded by `maxBodyBytes`). Never rejects: node:http does not
 * await its listeners, so a rejection would be unhandled and end the process. What can fail is reading the body
 * (the sender hung up mid-body); nobody is left to answer, so the request is closed.
 */
export function createNodeWebhookHandler(options: WebhookHandlerOptions): NodeWebhookHandler {
  const handle = deliveryListener(options);
  return (req, res) =>
    handle(req, res).catch(() => {
      req.destroy();
      res.destroy();
    });
}

/** The listener itself; a body stream that fails rejects it (Express passes that to `next`). */
function deliveryListener(options: WebhookHandlerOptions): NodeWebhookHandler {
  const processor = createDeliveryProcessor(options);
  return async (req, res) => {
    const method = req.method ?? 'GET';
    if (method.toUpperCase() !== 'POST') {
      send(res, await processor.process({ method, signatureHeader: undefined, body: undefined }));
      return;
    }
    if (Number(req.headers['content-length']) > processor.maxBodyBytes) {
      res.on('finish', () => req.destroy());
      send(res, bodyTooLarge(processor.maxBodyBytes));
      return;
    }
    let body: unknown;
    try {
      body = await rawBody(req, processor.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      res.on('finish', () => req.destroy());
      send(res, bodyTooLarge(processor.maxBodyBytes));
      return;
    }
    send(res, await processor.process({ method, signatureHeader: signatureHeaderOf(req), body }));
  };
}

/** Express (4 or 5) middleware form; mount it on the route before any JSON body parser. */
export type ExpressWebhookMiddleware = (
  req: NodeWebhookRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * `app.post('/webhooks/zest', createExpressWebhookHandler({ secret, onEvent }))`. Works with no body parser on the
 * route (the stream is read here) or after `express.raw({ type: 'application/json' })`. After `express.json()` the
 * bytes are gone and every delivery is refused with `payload_not_raw`.
 */
export function createExpressWebhookHandler(options: WebhookHandlerOptions): ExpressWebhookMiddleware {
  const handle = deliveryListener(options);
  return (req, res, next) => {
    handle(req, res).catch(next);
  };
}

/**
 * The PEM's own label decides its kind, as for every other key form: createPublicKey quietly derives a public key
 * from a private PEM (a private key file kept where a public one belongs), and createPrivateKey's error for a public
 * PEM read as a corrupt file (`invalid_key`) instead of `wrong_key_kind`.
 */
function checkPemKind(path: string, pem: string, kind: 'private' | 'public'): void {
  const other = kind === 'private' ? 'PUBLIC' : 'PRIVATE';
  if (!new RegExp(`-----BEGIN [A-Z ]*${other} KEY-----`).test(pem)) return;
  throw new UnsupportedKeyError(
    'wrong_key_kind',
    `${path} holds a ${other.toLowerCase()} key; ${kind === 'private' ? 'signing' : 'verification'} needs the ` +
      `Ed25519 ${kind} key (${kind === 'private' ? 'PKCS#8' : 'SPKI'} PEM).`,
  );
}

async function loadKey(path: string, kind: 'private' | 'public'): Promise<KeyObject> {
  const pem = await readFile(path, 'utf8');
  checkPemKind(path, pem, kind);
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch (cause) {
    throw new UnsupportedKeyError(
      'invalid_key',
      `${path} does not hold a readable ${kind} key: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  // Same checks (Ed25519, right kind) and messages as every other key form.
  checkKeyShape(key, kind);
  return key;
}

/** Reads an Ed25519 private key PEM file (PKCS#8) into a KeyObject; refuses any other algorithm. */
export function loadPrivateKey(path: string): Promise<KeyObject> {
  return loadKey(path, 'private');
}

/** Reads an Ed25519 public key PEM file (SPKI) into a KeyObject; refuses any other algorithm. */
export function loadPublicKey(path: string): Promise<KeyObject> {
  return loadKey(path, 'public');
}
