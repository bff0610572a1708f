// Upload inputs that are a mistake in the calling code rather than a bad file, against a real local server: a clear
// TypeError before anything is sent, and a funding field left undefined is left out rather than sent as "undefined".
import { describe, expect, it } from 'vitest';
import { createZestClient, ZestUploadError } from '../src/index.js';
import { answer, type Loopback, PDF, UPLOAD_TARGET, useLoopbacks } from './helpers.js';

const loopback = useLoopbacks();
/** The server the current test started, for the helpers below. */
let server: Loopback | undefined;

const zest = () => createZestClient({ baseUrl: server!.url, auth: { accessToken: 't' } });

describe('an upload given something other than a file', () => {
  for (const [what, file] of [
    ['null', null],
    ['a string', '%PDF-1.7 as text'],
    ['{ data: a string }', { data: '%PDF-1.7 as text' }],
    ['{ data: a number }', { data: 42 }],
  ] as const) {
    it(`is a TypeError naming file, not a ZestUploadError: ${what}`, async () => {
      server = await loopback((res) => answer(res, 201, {}));
      const failure = await zest()
        .subscriptions.uploadForm({ ...UPLOAD_TARGET, file: file as never })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(TypeError);
      expect(failure).not.toBeInstanceOf(ZestUploadError);
      expect((failure as Error).message).toMatch(/^file(\.data)? must be/);
      expect(server.hits).toHaveLength(0);
    });
  }
});

describe('a funding receipt with a field left undefined or null', () => {
  it('leaves the field out of the form instead of sending "undefined"', async () => {
    server = await loopback((res) => answer(res, 201, {}));
    // A caller building the fields from optional data may pass undefined or null past the types.
    const fields = {
      ...UPLOAD_TARGET,
      amount: undefined,
      wireReference: null,
      currency: 'USD',
      file: { data: PDF, filename: 'receipt.pdf' },
    };
    await zest().subscriptions.uploadFundingReceipt(fields as never);
    const hit = server.hits[0]!;
    const form = await new Response(hit.body, {
      headers: { 'Content-Type': String(hit.headers['content-type']) },
    }).formData();
    expect(form.has('amount')).toBe(false);
    expect(form.has('wireReference')).toBe(false);
    expect(form.get('currency')).toBe('USD');
    expect(hit.body).not.toMatch(/undefined|null/);
  });
});
