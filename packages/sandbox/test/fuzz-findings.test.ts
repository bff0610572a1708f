// What a schema-driven fuzzer (schemathesis-style: valid and invalid requests for every operation, stateful
// sequences) found in the sandbox, each pinned down here so it stays fixed.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MultipartTextScanner } from '../src/http/multipart-text.js';
import type { Sandbox } from '../src/index.js';
import {
  approvedSpv,
  type Client,
  client,
  createInvestor,
  createSubscription,
  exchange,
  expectEnvelope,
  fileForm,
  makePartner,
  PDF,
  SAMPLE_ATTRIBUTES,
  spvRequestBody,
  startTestSandbox,
  type TestPartner,
  token,
  useSandbox,
} from './helpers.js';
import { type RawAnswer, raw } from './raw-http.js';

let sandbox: Sandbox;
let partner: TestPartner;
let api: Client;

useSandbox((started) => ({ sandbox, partner, api } = started));

interface Part {
  name: string;
  value: Buffer | string;
  filename?: string;
  type?: string;
}

const BOUNDARY = 'fuzz-boundary-7Qx';

function multipartBody(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`;
    chunks.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\n${type}\r\n`),
      Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value, 'utf8'),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** A subscription with its signed form on record, ready for a funding receipt; the funding path and a token. */
async function fundable(): Promise<{ fundings: string; accessToken: string }> {
  const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
  const personId = await createInvestor(api);
  await createSubscription(api, spvSlug, personId, shareClassSlug);
  const form = await api.call('POST', `/v1/spvs/${spvSlug}/subscription/${personId}/forms`, {
    form: fileForm(PDF, 'application/pdf'),
  });
  expect(form.status, form.text).toBe(201);
  return {
    fundings: `/v1/spvs/${spvSlug}/subscription/${personId}/fundings`,
    accessToken: await token(sandbox, partner),
  };
}

/** A raw answer in the shape the envelope checks of the helpers take. */
const asResult = (answer: RawAnswer) => ({
  status: answer.status,
  body: answer.json,
  text: answer.text,
  headers: new Headers(answer.headers as Record<string, string>),
});

function uploadFunding(target: { fundings: string; accessToken: string }, parts: Part[]) {
  return raw(sandbox.url, {
    method: 'POST',
    path: target.fundings,
    headers: {
      authorization: `Bearer ${target.accessToken}`,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
    body: multipartBody(parts),
  });
}

const receipt = (): Part => ({
  name: 'file',
  filename: 'receipt.pdf',
  type: 'application/pdf',
  // Unique bytes: uploads are content-addressed.
  value: Buffer.concat([PDF, Buffer.from(randomUUID())]),
});

describe('multipart text parts whose Content-Type names a charset', () => {
  // busboy decodes such a part by its charset, so its string was not the bytes sent: `Ł` came back as `A`, `😀` as
  // `=\u0000`, and `é` was refused as "not valid UTF-8". Spring's multipart writer labels every text part this way.
  it('are read as the UTF-8 bytes they were sent as, like parts without one', async () => {
    const wireReference = 'Łódź-é-日本-😀';
    for (const type of ['text/plain; charset=UTF-8', 'text/plain;charset=utf-8', 'text/plain']) {
      const answer = await uploadFunding(await fundable(), [
        { name: 'amount', value: '50000.00', type },
        { name: 'currency', value: 'USD', type },
        { name: 'wireReference', value: wireReference, type },
        receipt(),
      ]);
      expect(answer.status, `${type}: ${answer.text}`).toBe(201);
      expect(answer.json.wireReference).toBe(wireReference);
    }
  });

  it('are read as UTF-8 whatever charset they name, and refused when their bytes are not UTF-8', async () => {
    const target = await fundable();
    const latin1 = await uploadFunding(target, [
      { name: 'amount', value: '1.00' },
      { name: 'currency', value: 'USD' },
      { name: 'wireReference', value: Buffer.from([0x57, 0xe9]), type: 'text/plain; charset=iso-8859-1' },
      receipt(),
    ]);
    expect(expectEnvelope(asResult(latin1), 400, 'invalid_request').detail).toMatch(/wireReference is not valid UTF-8/);
    const utf16Label = await uploadFunding(target, [
      { name: 'amount', value: '1.00' },
      { name: 'currency', value: 'USD' },
      { name: 'wireReference', value: 'Société', type: 'text/plain; charset=utf-16le' },
      receipt(),
    ]);
    expect(utf16Label.status, utf16Label.text).toBe(201);
    expect(utf16Label.json.wireReference).toBe('Société');
  });

  it('keep the last value of a repeated name, whichever of its parts names a charset', async () => {
    for (const [first, second, kept] of [
      [{}, { type: 'text/plain; charset=utf-8' }, 'Zweite'],
      [{ type: 'text/plain; charset=utf-8' }, {}, 'Zweite'],
      [{ type: 'text/plain; charset=utf-8' }, { type: 'text/plain; charset=UTF-8' }, 'Zweite'],
    ] as const) {
      const answer = await uploadFunding(await fundable(), [
        { name: 'amount', value: '1.00' },
        { name: 'currency', value: 'USD' },
        { name: 'wireReference', value: 'Ł-first', ...first },
        { name: 'wireReference', value: 'Zweite', ...second },
        receipt(),
      ]);
      expect(answer.status, answer.text).toBe(201);
      expect(answer.json.wireReference).toBe(kept);
    }
  });
});

describe('the multipart text scanner', () => {
  const body = Buffer.concat([
    Buffer.from('preamble\r\n'),
    multipartBody([
      { name: 'plain', value: 'no charset' },
      { name: 'framed', value: 'Ł😀\r\n--not-the-boundary', type: 'text/plain; charset=UTF-8' },
      { name: 'labelled', value: 'an earlier value', type: 'text/plain; charset=UTF-8' },
      { name: 'file', filename: 'a.pdf', type: 'application/pdf', value: PDF },
      { name: 'octets', value: 'x', type: 'application/octet-stream; charset=utf-8' },
      { name: 'labelled', value: 'a later value', type: 'text/plain; charset=UTF-8' },
      { name: 'empty', value: '', type: 'text/plain; charset=UTF-8' },
    ]),
    Buffer.from('epilogue'),
  ]);

  function scan(chunkSize: number): MultipartTextScanner {
    const scanner = new MultipartTextScanner(BOUNDARY, 64 * 1024, 25);
    for (let at = 0; at < body.length; at += chunkSize) scanner.push(body.subarray(at, at + chunkSize));
    return scanner;
  }

  it('finds the bytes of charset-labelled text parts however the body is cut into chunks', () => {
    for (const chunkSize of [1, 2, 3, 7, 16, 64, body.length]) {
      const scanner = scan(chunkSize);
      expect(scanner.bytesOf('framed')?.toString('utf8'), `chunks of ${chunkSize}`).toBe('Ł😀\r\n--not-the-boundary');
      expect(scanner.bytesOf('labelled')?.toString('utf8'), 'the last part of a name').toBe('a later value');
      expect(scanner.bytesOf('empty')?.length, `chunks of ${chunkSize}`).toBe(0);
      expect(scanner.bytesOf('plain'), 'busboy already has the bytes of a part without a charset').toBeUndefined();
      expect(scanner.bytesOf('file'), 'a file is not a text part').toBeUndefined();
      expect(scanner.bytesOf('octets'), 'application/octet-stream is a file to busboy').toBeUndefined();
    }
  });

  it('reads the boundary as busboy does', () => {
    expect(MultipartTextScanner.boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(MultipartTextScanner.boundaryOf('multipart/form-data; BOUNDARY="a b;c"')).toBe('a b;c');
    expect(MultipartTextScanner.boundaryOf('multipart/form-data')).toBeUndefined();
  });
});

async function createWith(attributes: Record<string, unknown>, templateId = 'syndicate_secondary') {
  return api.call('POST', '/v1/spv-requests', {
    json: { ...spvRequestBody(attributes), templateId },
    idempotencyKey: randomUUID(),
  });
}

function expectAttributeError(result: Awaited<ReturnType<typeof createWith>>, field: string, code: string): void {
  const error = expectEnvelope(result, 400, 'validation_error');
  expect(error.validationErrors).toContainEqual(expect.objectContaining({ field, code }));
}

const withShareClass = (overrides: Record<string, string>) => ({
  ...SAMPLE_ATTRIBUTES,
  shareClasses: [{ ...SAMPLE_ATTRIBUTES.shareClasses[0], ...overrides }],
});

describe('decimal strings are compared with their bounds exactly', () => {
  const tiny = `0.${'0'.repeat(400)}1`;

  it('refuses a percent above 100 or below 0 by less than a double can tell', async () => {
    expectAttributeError(
      await createWith(withShareClass({ carryPercent: '100.00000000000000001' })),
      'attributes.shareClasses[0].carryPercent',
      'max_value',
    );
    expectAttributeError(
      await createWith(withShareClass({ managementFeePercent: `-${tiny}` })),
      'attributes.shareClasses[0].managementFeePercent',
      'min_value',
    );
    expectAttributeError(
      await createWith({ ...SAMPLE_ATTRIBUTES, targetRaise: { currency: 'USD', value: `-0.${'0'.repeat(30)}1` } }),
      'attributes.targetRaise.value',
      'min_value',
    );
  });

  it('still accepts the bounds themselves, however they are written', async () => {
    const atBounds = await createWith(withShareClass({ carryPercent: '100.000', managementFeePercent: '-0.0' }));
    expect(atBounds.status, atBounds.text).toBe(201);
  });

  it('takes a lumpSum or a funding amount above zero by any margin, and refuses zero written as -0.0', async () => {
    const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
    const personId = await createInvestor(api);
    const subscribe = (value: string) =>
      api.call('POST', `/v1/spvs/${spvSlug}/subscriptions`, {
        json: { subscriptions: [{ zestPersonId: personId, shareClassSlug, lumpSum: { currency: 'USD', value } }] },
      });
    const small = await subscribe(tiny);
    expect(small.status, small.text).toBe(201);
    expect(small.body.results[0].lumpSum.value).toBe(tiny);
    const zero = expectEnvelope(await subscribe('-0.0'), 400, 'validation_error');
    expect(zero.validationErrors).toContainEqual(
      expect.objectContaining({ field: 'subscriptions[0].lumpSum.value', code: 'min_value' }),
    );

    const funding = await uploadFunding(await fundable(), [
      { name: 'amount', value: tiny },
      { name: 'currency', value: 'USD' },
      { name: 'wireReference', value: 'W-TINY' },
      receipt(),
    ]);
    expect(funding.status, funding.text).toBe(201);
    expect(funding.json.amount).toBe(tiny);
  });
});

describe('contract date and date-time attributes', () => {
  async function primaryDeal(startDate: string) {
    const sample = await api.call('GET', '/v1/contracts/samples/1.0.0/primary_deal');
    return createWith({ ...sample.body.attributes, start_date: startDate }, 'primary_deal');
  }

  it('accept every real calendar date, years before 100 included', async () => {
    for (const closingDate of ['0050-06-30', '0004-02-29', '2000-02-29']) {
      const created = await createWith({ ...SAMPLE_ATTRIBUTES, closingDate });
      expect(created.status, `${closingDate}: ${created.text}`).toBe(201);
    }
    expectAttributeError(
      await createWith({ ...SAMPLE_ATTRIBUTES, closingDate: '1900-02-29' }),
      'attributes.closingDate',
      'format',
    );
  });

  it('refuse a date-time that names no real instant, which Date.parse let through', async () => {
    for (const startDate of [
      '2026-02-30T00:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-06-01T24:00:00Z',
      '2026-06-30T12:00:60Z',
      '2026-06-01T00:00:00+24:00',
    ]) {
      expectAttributeError(await primaryDeal(startDate), 'attributes.start_date', 'format');
    }
  });

  it('accept a leap second at the end of a UTC day (RFC 3339), in any offset', async () => {
    for (const startDate of ['2026-06-30T23:59:60Z', '2026-07-01T03:59:60.5+04:00', '2026-06-01T04:00:00+04:00']) {
      const created = await primaryDeal(startDate);
      expect(created.status, `${startDate}: ${created.text}`).toBe(201);
    }
  });
});

describe('PUT /sandbox/faults', () => {
  it('refuses a seed or a latency bound that is not a whole number, as the admin spec types them', async () => {
    const admin = client(sandbox);
    for (const faults of [
      { seed: 1.5 },
      { latency: { probability: 1, minMs: 0.5 } },
      { latency: { probability: 1, maxMs: 10.25 } },
    ]) {
      const answer = await admin.call('PUT', '/sandbox/faults', { json: faults });
      expectEnvelope(answer, 400, 'invalid_request');
    }
    const current = await admin.call('GET', '/sandbox/faults');
    expect(current.body).toEqual({});
  });
});

describe('rejectReplayedAssertions, for an assertion without a jti', () => {
  const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  /** The assertion with its signature's last character written the three other ways that decode to the same bytes. */
  function reencoded(jwt: string): string[] {
    const value = BASE64URL.indexOf(jwt.at(-1)!);
    return [0, 1, 2, 3]
      .map((unused) => (value & ~3) | unused)
      .filter((other) => other !== value)
      .map((other) => `${jwt.slice(0, -1)}${BASE64URL[other]}`);
  }

  it('refuses the same assertion with its signature re-encoded, which decodes to the same signature', async () => {
    const owner = makePartner();
    const strict = await startTestSandbox([owner], { rejectReplayedAssertions: true });
    try {
      // Ed25519 signatures are 64 bytes: 86 base64url characters, the last of which carries 2 unused bits.
      const jwt = await owner.assertion(strict.url);
      expect((await exchange(strict, jwt)).status).toBe(201);
      expect((await exchange(strict, jwt)).status).toBe(401);
      for (const variant of reencoded(jwt)) {
        const answer = await exchange(strict, variant);
        expect(answer.status, `${variant.slice(-4)}: ${await answer.text()}`).toBe(401);
      }
      // Another assertion (another exp, so another signed part) is still welcome.
      const fresh = await owner.assertion(strict.url, { lifetimeSeconds: 59 });
      expect((await exchange(strict, fresh)).status).toBe(201);
      expect(strict.responseProblems).toEqual([]);
    } finally {
      await strict.stop();
    }
  });
});
