import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Partner } from '../partners.js';
import { describeAttemptError } from './attempt-error.js';
import type { DeliveryRecord } from './outbox.js';

export const DELIVERY_TIMEOUT_SECONDS = 10;
export const USER_AGENT = 'ZestWebhooks/1.0';
/** The error of an attempt cut short by shutdown (not the partner's doing: the row stays pending). */
export const STOPPED = 'dispatcher stopped';
/** The longest delay `setTimeout` honours (~24.8 days); a longer one would fire after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface DeliveryOutcome {
  statusCode?: number;
  error?: string;
  /** The Zest-Signature header value sent, when signing got that far. */
  signature?: string;
}

export interface DeliveryTarget {
  partner: Partner | undefined;
  sign: (payload: string, secret: string) => Promise<string>;
  timeoutMs: number;
  /** Receives the function that aborts this attempt (shutdown). */
  onAbort: (abort: () => void) => void;
}

/** One HTTP attempt: signs the row's bytes afresh and POSTs them. Never throws; a failure is in the outcome. */
export async function deliver(row: DeliveryRecord, target: DeliveryTarget): Promise<DeliveryOutcome> {
  const { partner } = target;
  let signature: string | undefined;
  try {
    if (!partner?.webhookUrl || !partner.webhookSecret) throw new Error('The partner has no webhookUrl configured.');
    signature = await target.sign(row.payload, partner.webhookSecret);
    const outcome = await post(partner.webhookUrl, row, signature, target.timeoutMs, target.onAbort);
    return { ...outcome, signature };
  } catch (error) {
    return { error: describeAttemptError(error), ...(signature !== undefined ? { signature } : {}) };
  }
}

function post(
  url: string,
  row: DeliveryRecord,
  signature: string,
  timeoutMs: number,
  onAbort: (abort: () => void) => void,
): Promise<{ statusCode?: number; error?: string }> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const body = Buffer.from(row.payload, 'utf8');
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let done = false;
    const finish = (result: { statusCode?: number; error?: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = send(target, {
      method: 'POST',
      agent: false,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': String(body.length),
        'User-Agent': USER_AGENT,
        'Zest-Signature': signature,
        'Zest-Event-Id': row.eventId,
        'Zest-Event-Type': row.eventType,
        Connection: 'close',
      },
    });
    // A tiny time scale or a huge webhookTimeoutMs asks for more than a timer can wait; waiting ~24.8 days is the
    // same thing in practice, where an overflowing timer would fail every attempt at once.
    const waitMs = Math.min(timeoutMs, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      finish({ error: `no response within ${waitMs} ms` });
      req.destroy();
    }, waitMs);
    onAbort(() => {
      finish({ error: STOPPED });
      req.destroy();
    });
    req.on('response', (res) => {
      finish({ statusCode: res.statusCode ?? 0 });
      // The status decides the attempt; the body is never read. Reading it would let a receiver that trickles or
      // streams forever keep this socket (and the process) alive after the attempt has left the dispatcher's
      // in-flight set, where stop() could no longer reach it.
      res.on('error', () => {});
      res.destroy();
      req.destroy();
    });
    req.on('error', (error) => finish({ error: describeAttemptError(error) }));
    req.end(body);
  });
}
