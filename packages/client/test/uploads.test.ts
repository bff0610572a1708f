import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createZestClient, uploadLimits, ZestUploadError } from '../src/index.js';
import { fileFromPath } from '../src/node.js';
import { BASE, envelope, instantRetry, json, PDF, scriptedFetch, sequence, UPLOAD_TARGET } from './helpers.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0]);
const WEBP = new TextEncoder().encode('RIFF\x24\x00\x00\x00WEBPVP8 ');
const TEXT = new TextEncoder().encode('just some text, not a document');

const formUploaded = {
  subscriptionSlug: 'sub_p9q8r7',
  spvSlug: 'veh_klm456',
  personId: 'psn_abc123',
  subscriptionFormUrl: 'https://storage.zestequity.com/forms/x.pdf',
  uploadedAt: '2026-05-07T13:45:11.000Z',
};

function client() {
  const fetch = scriptedFetch(sequence(json(201, formUploaded)));
  return { fetch, zest: createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch, ...instantRetry() }) };
}

async function refused(file: Parameters<ReturnType<typeof client>['zest']['subscriptions']['uploadForm']>[0]['file']) {
  const { fetch, zest } = client();
  const error = await zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file }).catch((e: unknown) => e);
  expect(fetch.calls).toHaveLength(0);
  expect(error).toBeInstanceOf(ZestUploadError);
  return error as ZestUploadError;
}

describe('upload checks, before any byte is sent', () => {
  it('takes its limits from the spec: 10,485,760 bytes; PDF, JPEG, PNG, WEBP', () => {
    // docs/design-decisions.md#upload-limits
    expect(uploadLimits.maxBytes).toBe(10_485_760);
    expect([...uploadLimits.contentTypes].sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);
  });

  it('refuses a file one byte over the limit', async () => {
    const big = new Uint8Array(uploadLimits.maxBytes + 1);
    big.set(PDF);
    const error = await refused({ data: big, filename: 'big.pdf', contentType: 'application/pdf' });
    expect(error).toMatchObject({ reason: 'too_large', size: uploadLimits.maxBytes + 1 });
  });

  it('accepts a file of exactly the limit', async () => {
    const { fetch, zest } = client();
    const exact = new Uint8Array(uploadLimits.maxBytes);
    exact.set(PDF);
    await zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file: { data: exact, filename: 'exact.pdf' } });
    expect(fetch.calls).toHaveLength(1);
  });

  it.each([
    ['a declared type outside the list', { data: PDF, contentType: 'text/plain' }, 'unsupported_type'],
    ['content that is none of the formats', { data: TEXT }, 'unrecognised_content'],
    [
      'content that is none of the formats, declared as PDF',
      { data: TEXT, contentType: 'application/pdf' },
      'unrecognised_content',
    ],
    ['a PNG declared as PDF', { data: PNG, contentType: 'application/pdf' }, 'type_mismatch'],
    ['an empty file', { data: new Uint8Array(0), contentType: 'application/pdf' }, 'empty'],
  ] as const)('refuses %s', async (_name, file, reason) => {
    expect((await refused(file)).reason).toBe(reason);
  });

  it('refuses a Blob whose own type is wrong', async () => {
    expect((await refused(new Blob([PDF], { type: 'image/png' }))).reason).toBe('type_mismatch');
  });
});

describe('upload requests', () => {
  it.each([
    ['a Uint8Array', { data: PDF, filename: 'form.pdf' }, 'form.pdf', 'application/pdf'],
    [
      'a Node Buffer',
      { data: Buffer.from(JPEG), filename: 'scan.jpg', contentType: 'image/jpeg' },
      'scan.jpg',
      'image/jpeg',
    ],
    ['an ArrayBuffer', { data: PNG.slice().buffer, filename: 'p.png' }, 'p.png', 'image/png'],
    ['a Blob without type or name', new Blob([WEBP]), 'upload.webp', 'image/webp'],
    ['a File', new File([PDF], 'signed.pdf', { type: 'application/pdf' }), 'signed.pdf', 'application/pdf'],
  ] as const)('sends %s as a multipart `file` part with name and type', async (_name, file, filename, type) => {
    const { fetch, zest } = client();
    const { data } = await zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file });
    expect(data).toEqual(formUploaded);
    const seen = fetch.calls[0]!;
    expect(seen.url.pathname).toBe('/v1/spvs/veh_klm456/subscription/psn_abc123/forms');
    expect(seen.headers.get('Content-Type')).toMatch(/^multipart\/form-data; boundary=/);
    const part = (await seen.request.clone().formData()).get('file') as File;
    expect(part.name).toBe(filename);
    expect(part.type).toBe(type);
    expect(part.size).toBeGreaterThan(0);
  });

  it('sends the funding fields beside the receipt', async () => {
    const fetch = scriptedFetch(sequence(json(201, {})));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch });
    await zest.subscriptions.uploadFundingReceipt({
      ...UPLOAD_TARGET,
      amount: '50000.00',
      currency: 'USD',
      wireReference: 'ACME-WIRE-1',
      file: { data: PDF, filename: 'receipt.pdf' },
    });
    const form = await fetch.calls[0]!.request.clone().formData();
    expect(form.get('amount')).toBe('50000.00');
    expect(form.get('currency')).toBe('USD');
    expect(form.get('wireReference')).toBe('ACME-WIRE-1');
    expect((form.get('file') as File).name).toBe('receipt.pdf');
    expect(fetch.calls[0]!.url.pathname).toBe('/v1/spvs/veh_klm456/subscription/psn_abc123/fundings');
  });

  it('does not retry an upload (no idempotency key) on a 503', async () => {
    const fetch = scriptedFetch(sequence(envelope(503, 'service_unavailable')));
    const zest = createZestClient({ baseUrl: BASE, auth: { accessToken: 't' }, fetch, ...instantRetry() });
    const { response } = await zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file: { data: PDF } });
    expect(response.status).toBe(503);
    expect(fetch.calls).toHaveLength(1);
  });

  it('replays the same multipart body after a 401 renewal', async () => {
    let n = 0;
    const fetch = scriptedFetch((seen) =>
      seen.headers.get('Authorization') === 'Bearer t2' ? json(201, formUploaded) : envelope(401, 'invalid_token'),
    );
    const zest = createZestClient({
      baseUrl: BASE,
      auth: { getToken: async () => `t${++n}`, invalidate: () => {} },
      fetch,
    });
    await zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file: { data: PDF, filename: 'form.pdf' } });
    expect(fetch.calls).toHaveLength(2);
    // Parsing checks that the resent body agrees with its own multipart boundary.
    const parts = await Promise.all(
      fetch.calls.map(async (c) => (await c.request.clone().formData()).get('file') as File),
    );
    expect(parts.map((p) => p.name)).toEqual(['form.pdf', 'form.pdf']);
    const [first, second] = await Promise.all(parts.map((p) => p.text()));
    expect(second).toBe(first);
    expect(second).toContain('%PDF-1.7');
  });
});

describe('fileFromPath (Node)', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('reads a file with its name and lets the SDK detect its type', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zest-client-'));
    dirs.push(dir);
    const path = join(dir, 'signed-form.pdf');
    await writeFile(path, PDF);
    const { fetch, zest } = client();
    await zest.subscriptions.uploadForm({ ...UPLOAD_TARGET, file: await fileFromPath(path) });
    const part = (await fetch.calls[0]!.request.clone().formData()).get('file') as File;
    expect(part.name).toBe('signed-form.pdf');
    expect(part.type).toBe('application/pdf');
  });

  it('refuses an oversized file from its size alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zest-client-'));
    dirs.push(dir);
    const path = join(dir, 'huge.pdf');
    await writeFile(path, new Uint8Array(uploadLimits.maxBytes + 10));
    await expect(fileFromPath(path)).rejects.toMatchObject({ name: 'ZestUploadError', reason: 'too_large' });
  });
});
