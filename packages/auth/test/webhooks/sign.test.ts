import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../src/index.js';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const body =
  '{"eventId":"wde_1","eventType":"investor.created","occurredAt":"2026-05-07T12:00:00.123Z","data":{"n":"Zoë 🚀"}}';

/** The bytes a body form stands for, read without the package. */
function independentBytes(payload: unknown): Uint8Array {
  if (typeof payload === 'string') return Buffer.from(payload);
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  const view = payload as ArrayBufferView;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** The scheme from the docs, computed with node:crypto only. */
function independentV1(key: string, t: number, raw: Uint8Array | string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(Buffer.concat([Buffer.from(`${t}.`), Buffer.from(raw)]))
    .digest('hex');
}

describe('signWebhook', () => {
  it('agrees byte for byte with an independent node:crypto HMAC', async () => {
    const t = 1778150000;
    const header = await signWebhook({ payload: body, secret, timestamp: t });
    expect(header).toBe(`t=${t},v1=${independentV1(secret, t, body)}`);
    // Same bytes given as a Buffer, a Uint8Array and an ArrayBuffer sign identically.
    const bytes = Buffer.from(body, 'utf8');
    expect(await signWebhook({ payload: bytes, secret, timestamp: t })).toBe(header);
    expect(await signWebhook({ payload: new Uint8Array(bytes), secret, timestamp: t })).toBe(header);
    expect(await signWebhook({ payload: new Uint8Array(bytes).buffer, secret, timestamp: t })).toBe(header);
  });

  it('signs only the viewed bytes of a Uint8Array that is a window into a larger buffer', async () => {
    const t = 1778150000;
    const backing = Buffer.from(`GARBAGE${body}TRAILING`);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 7, Buffer.byteLength(body));
    expect(await signWebhook({ payload: view, secret, timestamp: t })).toBe(
      `t=${t},v1=${independentV1(secret, t, body)}`,
    );
  });

  it('emits one v1 entry per secret, in order, for rotations', async () => {
    const t = 1778150000;
    const other = 'whsec_ffffffffffffffffffffffffffffffff';
    expect(await signWebhook({ payload: body, secret: [secret, other], timestamp: t })).toBe(
      `t=${t},v1=${independentV1(secret, t, body)},v1=${independentV1(other, t, body)}`,
    );
  });

  it('defaults the timestamp to now, in seconds, and accepts a Date', async () => {
    const before = Math.floor(Date.now() / 1000);
    const header = await signWebhook({ payload: body, secret });
    const t = Number(/^t=(\d+),/.exec(header)![1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(await signWebhook({ payload: body, secret, timestamp: new Date(1778150000_999) })).toMatch(/^t=1778150000,/);
  });

  it('refuses millisecond timestamps, empty secrets and non-raw payloads', async () => {
    await expect(signWebhook({ payload: body, secret, timestamp: Date.now() })).rejects.toThrow(/milliseconds/);
    await expect(signWebhook({ payload: body, secret, timestamp: 1.5 })).rejects.toThrow(TypeError);
    await expect(signWebhook({ payload: body, secret: '' })).rejects.toThrow(/whsec_/);
    await expect(signWebhook({ payload: body, secret: [] })).rejects.toThrow(TypeError);
    await expect(signWebhook({ payload: { a: 1 } as never, secret })).rejects.toThrow(/JSON.stringify/);
  });

  it('round-trips through verifyWebhook', async () => {
    const header = await signWebhook({ payload: body, secret });
    expect(await verifyWebhook({ payload: body, signatureHeader: header, secret })).toEqual(JSON.parse(body));
  });

  it('signs every body form verifyWebhook accepts, DataView and other typed-array views included', async () => {
    const t = 1778150000;
    const expected = `t=${t},v1=${independentV1(secret, t, body)}`;
    const bytes = Buffer.from(`xx${body}yy`);
    const window = { buffer: bytes.buffer, offset: bytes.byteOffset + 2, length: Buffer.byteLength(body) };
    // A Uint16Array needs an even byte length: padded with a space, which JSON allows after the value.
    const even = new Uint8Array(window.length + (window.length % 2)).fill(0x20);
    even.set(bytes.subarray(2, 2 + window.length));
    const forms: [string, unknown, string][] = [
      ['string', body, expected],
      ['Buffer', Buffer.from(body), expected],
      ['ArrayBuffer', new Uint8Array(Buffer.from(body)).buffer, expected],
      ['DataView window', new DataView(window.buffer, window.offset, window.length), expected],
      ['Uint16Array', new Uint16Array(even.buffer), `t=${t},v1=${independentV1(secret, t, even)}`],
    ];
    for (const [name, payload, header] of forms) {
      const signed = await signWebhook({ payload: payload as never, secret, timestamp: t });
      expect(signed, name).toBe(header);
      await expect(
        verifyWebhook({ payload: payload as never, signatureHeader: signed, secret, now: t * 1000 }),
        name,
      ).resolves.toEqual(JSON.parse(new TextDecoder().decode(Buffer.from(independentBytes(payload)))));
    }
  });

  it('refuses a missing options object with a TypeError that names the call', async () => {
    await expect(signWebhook(undefined as never)).rejects.toThrow('signWebhook() needs an options object.');
    await expect(signWebhook({ payload: body, secret: 5 as never })).rejects.toThrow(/whsec_/);
  });
});
