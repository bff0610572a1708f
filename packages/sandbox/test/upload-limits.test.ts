// The sandbox enforces the upload limits the spec states (x-zest-max-bytes on the file part, the operation's
// encoding.file.contentType), per operation, and refuses to start on a spec that leaves one out.

import { loadSpec } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledUploadLimits, type Sandbox, startSandbox } from '../src/index.js';
import {
  approvedSpv,
  authedClient,
  type Client,
  createInvestor,
  createSubscription,
  expectEnvelope,
  fileForm,
  makePartner,
  PDF,
  PNG,
  startTestSandbox,
} from './helpers.js';

const spec = loadSpec();
const FORMS = '/v1/spvs/{spvSlug}/subscription/{personId}/forms';
const FUNDINGS = '/v1/spvs/{spvSlug}/subscription/{personId}/fundings';
const multipart = (doc: any, path: string) => doc.paths[path].post.requestBody.content['multipart/form-data'];
const fileSchema = (doc: any, schema: string) => doc.components.schemas[schema].properties.file;

describe('upload limits from the spec', () => {
  it('reads the file part, x-zest-max-bytes and encoding content types of each upload operation', () => {
    const expected = (path: string, schema: string) => ({
      fileField: 'file',
      maxBytes: fileSchema(spec, schema)['x-zest-max-bytes'],
      contentTypes: multipart(spec, path)
        .encoding.file.contentType.split(',')
        .map((t: string) => t.trim()),
    });
    expect(Object.fromEntries(bundledUploadLimits())).toEqual({
      uploadSubscriptionForm: expected(FORMS, 'SubscriptionFormUpload'),
      uploadFundingReceipt: expected(FUNDINGS, 'FundingReceiptUpload'),
    });
    expect(bundledUploadLimits().get('uploadSubscriptionForm')!.maxBytes).toBeGreaterThan(0);
  });

  describe('on a spec with other limits for the form upload', () => {
    const partner = makePartner();
    let sandbox: Sandbox;
    let api: Client;
    beforeAll(async () => {
      const changed = structuredClone(spec);
      fileSchema(changed, 'SubscriptionFormUpload')['x-zest-max-bytes'] = 2048;
      multipart(changed, FORMS).encoding.file.contentType = 'application/pdf';
      sandbox = await startTestSandbox([partner], { spec: changed });
      api = await authedClient(sandbox, partner);
    });
    afterAll(async () => {
      expect(sandbox.responseProblems).toEqual([]);
      await sandbox.stop();
    });

    it('enforces them on that operation only, with no code change', async () => {
      expect(sandbox.uploadLimits.get('uploadSubscriptionForm')).toEqual({
        fileField: 'file',
        maxBytes: 2048,
        contentTypes: ['application/pdf'],
      });
      const { spvSlug, shareClassSlug } = await approvedSpv(sandbox, api);
      const personId = await createInvestor(api);
      await createSubscription(api, spvSlug, personId, shareClassSlug);
      const forms = `/v1/spvs/${spvSlug}/subscription/${personId}/forms`;
      const fundings = `/v1/spvs/${spvSlug}/subscription/${personId}/fundings`;
      const pdfOf = (size: number) => {
        const bytes = Buffer.alloc(size, 0x20);
        PDF.copy(bytes);
        return bytes;
      };

      const over = expectEnvelope(
        await api.call('POST', forms, { form: fileForm(pdfOf(2049), 'application/pdf') }),
        413,
        'payload_too_large',
      );
      expect(over.detail).toBe('The file exceeds 2,048 bytes, the most this operation accepts.');
      const png = expectEnvelope(
        await api.call('POST', forms, { form: fileForm(PNG, 'image/png') }),
        415,
        'unsupported_media_type',
      );
      expect(png.detail).toContain('not one of application/pdf.');
      expect((await api.call('POST', forms, { form: fileForm(pdfOf(2048), 'application/pdf') })).status).toBe(201);

      // The funding upload keeps the bundled spec's limits: a PNG and a file over 2,048 bytes are fine there.
      const funding = { amount: '50000.00', currency: 'USD', wireReference: 'ACME-WIRE-LIMITS' };
      const receipt = Buffer.concat([PNG, Buffer.alloc(4096, 0x20)]);
      const funded = await api.call('POST', fundings, { form: fileForm(receipt, 'image/png', funding) });
      expect(funded.status, funded.text).toBe(201);
    });
  });

  it.each([
    [
      'no x-zest-max-bytes',
      (doc: any) => delete fileSchema(doc, 'FundingReceiptUpload')['x-zest-max-bytes'],
      /uploadFundingReceipt.*x-zest-max-bytes/,
    ],
    [
      'an x-zest-max-bytes that is not a positive integer',
      (doc: any) => (fileSchema(doc, 'SubscriptionFormUpload')['x-zest-max-bytes'] = '10 MB'),
      /file part file needs x-zest-max-bytes, a positive integer \(got "10 MB"\)/,
    ],
    [
      'no encoding.file.contentType',
      (doc: any) => delete multipart(doc, FORMS).encoding,
      /needs encoding\.file\.contentType/,
    ],
    [
      'an allowed type the sandbox cannot recognise by content',
      (doc: any) => (multipart(doc, FORMS).encoding.file.contentType = 'application/pdf, image/gif'),
      /uploadSubscriptionForm: the spec allows image\/gif/,
    ],
  ])('refuses to start on a spec with %s', async (_name, mutate, message) => {
    const broken = structuredClone(spec);
    mutate(broken);
    await expect(startSandbox({ port: 0, spec: broken })).rejects.toThrow(message);
  });
});
