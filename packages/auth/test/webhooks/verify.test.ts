import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  signWebhook,
  verifyWebhook,
  verifyWebhookSignature,
  type WebhookEvent,
  WebhookVerificationError,
} from '../../src/index.js';
import { activeHmacBackend } from '../../src/webhooks/hmac.js';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const event = {
  eventId: 'wde_2c5d6b3e9f1a4d7c',
  eventType: 'investor.created',
  occurredAt: '2026-05-07T12:00:00.123Z',
  data: { partnerInvestorId: 'acme-inv-7341' },
};
const body = Buffer.from(JSON.stringify(event, null, 2));
const t = 1778150000;
const now = t * 1000;

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

describe('verifyWebhook', () => {
  it('runs on the HMAC path this test project selected', () => {
    expect(activeHmacBackend()).toBe(process.env.ZEST_AUTH_EXPECTED_BACKEND);
  });

  it('returns the parsed event, typed as the union of Zest events', async () => {
    const header = await signWebhook({ payload: body, secret, timestamp: t });
    const verified: WebhookEvent = await verifyWebhook({ payload: body, signatureHeader: header, secret, now });
    expect(verified).toEqual(event);
    if (verified.eventType === 'investor.created') expect(verified.data.partnerInvestorId).toBe('acme-inv-7341');
  });

  it('accepts every raw form: Buffer, Uint8Array, a view into a larger buffer, ArrayBuffer, string', async () => {
    const header = await signWebhook({ payload: body, secret, timestamp: t });
    const backing = Buffer.concat([Buffer.from('xx'), body, Buffer.from('yy')]);
    for (const payload of [
      body,
      new Uint8Array(body),
      new Uint8Array(backing.buffer, backing.byteOffset + 2, body.length),
      new Uint8Array(body).buffer,
      body.toString('utf8'),
    ]) {
      expect(await verifyWebhook({ payload, signatureHeader: header, secret, now })).toEqual(event);
    }
  });

  it('accepts an ArrayBuffer from another realm (vm, jsdom) and a SharedArrayBuffer, for signing and verifying', async () => {
    const foreign = runInNewContext('(bytes) => new Uint8Array(bytes).buffer')([...body]) as ArrayBuffer;
    expect(foreign instanceof ArrayBuffer).toBe(false);
    const shared = new SharedArrayBuffer(body.length);
    new Uint8Array(shared).set(body);
    const expected = await signWebhook({ payload: body, secret, timestamp: t });
    for (const payload of [foreign, shared]) {
      expect(await signWebhook({ payload: payload as ArrayBuffer, secret, timestamp: t })).toBe(expected);
      await expect(
        verifyWebhook({ payload: payload as ArrayBuffer, signatureHeader: expected, secret, now }),
      ).resolves.toEqual(event);
    }
  });

  it('refuses a parsed object with payload_not_raw and explains the express.json() mistake', async () => {
    const header = await signWebhook({ payload: body, secret, timestamp: t });
    const error = await rejection(verifyWebhook({ payload: event as never, signatureHeader: header, secret, now }));
    expect(error.reason).toBe('payload_not_raw');
    expect(error.message).toMatch(/express\.raw/);
    expect(
      (await rejection(verifyWebhook({ payload: undefined as never, signatureHeader: header, secret, now }))).reason,
    ).toBe('payload_not_raw');
  });

  it('diagnoses a re-serialised body and a secret without its whsec_ prefix', async () => {
    const header = await signWebhook({ payload: body, secret, timestamp: t });
    const reserialised = JSON.stringify(JSON.parse(body.toString()));
    const error = await rejection(verifyWebhook({ payload: reserialised, signatureHeader: header, secret, now }));
    expect(error.reason).toBe('signature_mismatch');
    expect(error.message).toMatch(/re-serialised/);
    const bare = secret.slice('whsec_'.length);
    const prefixError = await rejection(verifyWebhook({ payload: body, signatureHeader: header, secret: bare, now }));
    expect(prefixError.message).toMatch(/does not start with "whsec_"/);
  });

  it('says when t looks like milliseconds and in which direction the clock is off', async () => {
    const ms = await signWebhook({ payload: body, secret, timestamp: t }).then((h) => h.replace(`t=${t}`, `t=${now}`));
    expect((await rejection(verifyWebhook({ payload: body, signatureHeader: ms, secret, now }))).message).toMatch(
      /milliseconds/,
    );
    const future = await signWebhook({ payload: body, secret, timestamp: t + 400 });
    expect((await rejection(verifyWebhook({ payload: body, signatureHeader: future, secret, now }))).message).toMatch(
      /400 s in the future/,
    );
    const past = await signWebhook({ payload: body, secret, timestamp: t - 400 });
    expect((await rejection(verifyWebhook({ payload: body, signatureHeader: past, secret, now }))).message).toMatch(
      /400 s old/,
    );
  });

  it('honours toleranceSeconds and now given as a Date', async () => {
    const header = await signWebhook({ payload: body, secret, timestamp: t - 30 });
    const at = new Date(now);
    await expect(
      verifyWebhook({ payload: body, signatureHeader: header, secret, now: at, toleranceSeconds: 30 }),
    ).resolves.toEqual(event);
    expect(
      (
        await rejection(
          verifyWebhook({ payload: body, signatureHeader: header, secret, now: at, toleranceSeconds: 29 }),
        )
      ).reason,
    ).toBe('timestamp_outside_tolerance');
  });

  it('keeps the window symmetric to the millisecond: |now - t| <= toleranceSeconds, both ways', async () => {
    const header = await signWebhook({ payload: body, secret, timestamp: t });
    const at = (ms: number) => verifyWebhookSignature({ payload: body, signatureHeader: header, secret, now: ms });
    await expect(at(now + 300_000)).resolves.toEqual({ timestamp: t });
    await expect(at(now - 300_000)).resolves.toEqual({ timestamp: t });
    // 300.5 s old was accepted when "now" was floored to whole seconds, while 300.5 s ahead was refused.
    for (const ms of [now + 300_500, now + 300_001, now - 300_500, now - 300_001]) {
      const error = await rejection(at(ms));
      expect(error.reason).toBe('timestamp_outside_tolerance');
      expect(error.message).toMatch(ms > now ? /^The signature is 301 s old/ : /^The signature is 301 s in the future/);
    }
  });

  it('refuses a missing options object with a TypeError that names the call, not one from inside', async () => {
    for (const call of [verifyWebhook, verifyWebhookSignature]) {
      await expect(call(undefined as never)).rejects.toThrow(`${call.name}() needs an options object.`);
      await expect(call(null as never)).rejects.toThrow(`${call.name}() needs an options object.`);
    }
  });

  it('checks the window before the signature, so a stale forgery costs no HMAC and reports the timestamp', async () => {
    const header = `t=${t - 1000},v1=${'0'.repeat(64)}`;
    expect((await rejection(verifyWebhook({ payload: body, signatureHeader: header, secret, now }))).reason).toBe(
      'timestamp_outside_tolerance',
    );
  });

  it('treats configuration mistakes as TypeErrors, not as bad deliveries', async () => {
    const header = await signWebhook({ payload: body, secret, timestamp: t });
    await expect(verifyWebhook({ payload: body, signatureHeader: header, secret: '', now })).rejects.toThrow(TypeError);
    await expect(verifyWebhook({ payload: body, signatureHeader: header, secret: [], now })).rejects.toThrow(TypeError);
    await expect(
      verifyWebhook({ payload: body, signatureHeader: header, secret, now, toleranceSeconds: -1 }),
    ).rejects.toThrow(TypeError);
    // `now` from untyped code: a clear TypeError, not "now.getTime is not a function".
    for (const bad of ['2027', null, {}, new Date(Number.NaN)])
      await expect(
        verifyWebhook({ payload: body, signatureHeader: header, secret, now: bad as never }),
      ).rejects.toThrow(/`now` must be a valid Date/);
  });

  it('verifies many secrets and many deliveries concurrently with the same results', async () => {
    const secrets = Array.from({ length: 40 }, (_, i) => `whsec_${i.toString(16).padStart(32, '0')}`);
    const results = await Promise.all(
      secrets.map(async (s, i) => {
        const header = await signWebhook({ payload: body, secret: s, timestamp: t });
        const good = await verifyWebhookSignature({ payload: body, signatureHeader: header, secret: s, now });
        const wrong = await verifyWebhookSignature({
          payload: body,
          signatureHeader: header,
          secret: secrets[(i + 1) % 40]!,
          now,
        }).then(
          () => 'accepted',
          (e: WebhookVerificationError) => e.reason,
        );
        return [good.timestamp, wrong];
      }),
    );
    expect(results).toEqual(secrets.map(() => [t, 'signature_mismatch']));
  });

  it('reports invalid_payload for signed JSON that lacks the envelope, naming the key', async () => {
    for (const [payload, key] of [
      [{ ...event, eventType: 5 }, 'eventType'],
      [{ ...event, occurredAt: undefined }, 'occurredAt'],
      [{ ...event, data: null }, 'data'],
      [{ ...event, data: [] }, 'data'],
      [{ ...event, eventId: '' }, 'eventId'],
    ] as const) {
      const raw = JSON.stringify(payload);
      const header = await signWebhook({ payload: raw, secret, timestamp: t });
      const error = await rejection(verifyWebhook({ payload: raw, signatureHeader: header, secret, now }));
      expect(error.reason).toBe('invalid_payload');
      expect(error.message).toContain(key);
    }
  });

  it('passes through an event type added after this release (v1 only grows)', async () => {
    const raw = JSON.stringify({ ...event, eventType: 'spv.closed' });
    const header = await signWebhook({ payload: raw, secret, timestamp: t });
    expect((await verifyWebhook({ payload: raw, signatureHeader: header, secret, now })).eventType).toBe('spv.closed');
  });
});
