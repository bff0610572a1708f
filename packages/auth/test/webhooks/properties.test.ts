import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, verifyWebhookSignature, WebhookVerificationError } from '../../src/index.js';

const NOW_S = 1778150000;
const TOLERANCE = 300;

const secretArb = fc.string({ minLength: 1, maxLength: 40 }).map((s) => `whsec_${s}`);
const bodyArb = fc.uint8Array({ minLength: 0, maxLength: 2048 });
const inWindow = fc.integer({ min: NOW_S - TOLERANCE, max: NOW_S + TOLERANCE });

async function verdict(run: Promise<unknown>): Promise<string> {
  return run.then(
    () => 'valid',
    (e: unknown) => {
      if (e instanceof WebhookVerificationError) return e.reason;
      throw e;
    },
  );
}

function verify(payload: Uint8Array, signatureHeader: string, secret: string) {
  return verifyWebhookSignature({ payload, signatureHeader, secret, now: NOW_S * 1000, toleranceSeconds: TOLERANCE });
}

/** A body that differs from `body`: one bit flipped, one byte inserted, or one byte removed. */
function mutatedBody(body: Uint8Array): fc.Arbitrary<Uint8Array> {
  const insert = fc.record({ index: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }).map(({ index, byte }) => {
    const at = index % (body.length + 1);
    return new Uint8Array([...body.subarray(0, at), byte, ...body.subarray(at)]);
  });
  if (body.length === 0) return insert;
  const flip = fc.record({ index: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }).map(({ index, bit }) => {
    const copy = new Uint8Array(body);
    copy[index % body.length]! ^= 1 << bit;
    return copy;
  });
  const remove = fc.nat().map((index) => {
    const at = index % body.length;
    return new Uint8Array([...body.subarray(0, at), ...body.subarray(at + 1)]);
  });
  return fc.oneof(flip, insert, remove);
}

describe('properties of Zest-Signature verification', () => {
  it('a delivery signed with the secret, inside the window, always verifies', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, secretArb, inWindow, async (body, secret, t) => {
        const header = await signWebhook({ payload: body, secret, timestamp: t });
        expect(await verdict(verify(body, header, secret))).toBe('valid');
      }),
      { numRuns: 300 },
    );
  });

  it('any valid JSON envelope round-trips through verifyWebhook unchanged', async () => {
    const envelope = fc.record({
      eventId: fc.string({ minLength: 1 }),
      eventType: fc.string({ minLength: 1 }),
      occurredAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      data: fc.dictionary(fc.string(), fc.jsonValue()),
    });
    await fc.assert(
      fc.asyncProperty(envelope, secretArb, fc.boolean(), async (event, secret, pretty) => {
        const raw = JSON.stringify(event, null, pretty ? 2 : undefined);
        const header = await signWebhook({ payload: raw, secret, timestamp: NOW_S });
        const verified = await verifyWebhook({
          payload: Buffer.from(raw),
          signatureHeader: header,
          secret,
          now: NOW_S * 1000,
        });
        expect(verified).toEqual(JSON.parse(raw));
      }),
      { numRuns: 200 },
    );
  });

  it('a mutated body never verifies', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodyArb.chain((body) => fc.tuple(fc.constant(body), mutatedBody(body))),
        secretArb,
        inWindow,
        async ([body, mutated], secret, t) => {
          const header = await signWebhook({ payload: body, secret, timestamp: t });
          expect(await verdict(verify(mutated, header, secret))).toBe('signature_mismatch');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a changed timestamp never verifies: inside the window it breaks the MAC, outside it is refused first', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodyArb,
        secretArb,
        inWindow,
        fc.integer({ min: -100000, max: 100000 }).filter((d) => d !== 0),
        async (body, secret, t, delta) => {
          const header = await signWebhook({ payload: body, secret, timestamp: t });
          const moved = t + delta;
          fc.pre(moved >= 0);
          const result = await verdict(verify(body, header.replace(`t=${t}`, `t=${moved}`), secret));
          expect(result).toBe(
            Math.abs(moved - NOW_S) > TOLERANCE ? 'timestamp_outside_tolerance' : 'signature_mismatch',
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a correct signature outside the window never verifies', async () => {
    const outside = fc.oneof(
      fc.integer({ min: 0, max: NOW_S - TOLERANCE - 1 }),
      fc.integer({ min: NOW_S + TOLERANCE + 1, max: NOW_S + 10 * 365 * 86400 }),
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, secretArb, outside, async (body, secret, t) => {
        const header = await signWebhook({ payload: body, secret, timestamp: t });
        expect(await verdict(verify(body, header, secret))).toBe('timestamp_outside_tolerance');
      }),
      { numRuns: 200 },
    );
  });

  it('a mutated signature never verifies (any hex digit changed, truncated, extended or re-cased)', async () => {
    const hexChange = fc.record({
      index: fc.integer({ min: 0, max: 63 }),
      digit: fc.constantFrom(...'0123456789abcdef'),
    });
    await fc.assert(
      fc.asyncProperty(
        bodyArb,
        secretArb,
        inWindow,
        fc.oneof(
          hexChange,
          fc.constant('truncate' as const),
          fc.constant('extend' as const),
          fc.constant('upper' as const),
        ),
        async (body, secret, t, change) => {
          const header = await signWebhook({ payload: body, secret, timestamp: t });
          const mac = header.split('v1=')[1]!;
          let forged: string;
          if (change === 'truncate') forged = mac.slice(0, 63);
          else if (change === 'extend') forged = `${mac}0`;
          else if (change === 'upper') forged = mac.toUpperCase();
          else forged = mac.slice(0, change.index) + change.digit + mac.slice(change.index + 1);
          fc.pre(forged !== mac);
          expect(await verdict(verify(body, header.replace(mac, forged), secret))).toBe('signature_mismatch');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('another secret never verifies', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, secretArb, secretArb, inWindow, async (body, a, b, t) => {
        fc.pre(a !== b);
        const header = await signWebhook({ payload: body, secret: a, timestamp: t });
        expect(await verdict(verify(body, header, b))).toBe('signature_mismatch');
      }),
      { numRuns: 200 },
    );
  });

  it('random header text never verifies and never throws anything but WebhookVerificationError', async () => {
    const headerArb = fc.oneof(
      fc.string(),
      fc
        .array(fc.tuple(fc.constantFrom('t', 'v1', 'v2', ' t', 'v1 ', ''), fc.string()), { maxLength: 5 })
        .map((entries) => entries.map(([k, v]) => `${k}=${v}`).join(',')),
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, secretArb, headerArb, async (body, secret, header) => {
        expect(await verdict(verify(body, header, secret))).not.toBe('valid');
      }),
      { numRuns: 500 },
    );
  });
});
