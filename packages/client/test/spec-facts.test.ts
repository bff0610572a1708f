// The SDK's runtime facts come from the spec: environments, idempotent operations, upload limits, page size.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { specPath } from '@zestequity/testing';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without declarations
import { extractFacts, render } from '../scripts/spec-facts-lib.mjs';
import { IDEMPOTENT_OPERATIONS } from '../src/generated/spec-facts.js';
import { idempotencyModeOf, isIdempotentRequest } from '../src/idempotency.js';
import { environments, uploadLimits } from '../src/index.js';
import { canSniff } from '../src/uploads.js';

const specText = readFileSync(specPath(), 'utf8');
const spec = () => JSON.parse(specText);
const committed = readFileSync(fileURLToPath(new URL('../src/generated/spec-facts.ts', import.meta.url)), 'utf8');

describe('spec facts', () => {
  it('the committed generated file matches the bundled spec (drift check)', () => {
    expect(render(extractFacts(spec()))).toBe(committed);
  });

  it("environments are exactly the spec's servers", () => {
    // docs/design-decisions.md#servers
    const servers = spec().servers.map((s: { url: string }) => s.url.replace(/\/+$/, ''));
    expect(Object.values(environments).sort()).toEqual([...servers].sort());
    expect(environments).toEqual({
      production: 'https://api.zestequity.com',
      sandbox: 'https://sandbox.api.zestequity.com',
      local: 'http://localhost:8080',
    });
  });

  it('knows which POSTs take an Idempotency-Key', () => {
    // docs/design-decisions.md#idempotency
    expect(idempotencyModeOf('POST', '/v1/spv-requests')).toBe('required');
    expect(idempotencyModeOf('POST', '/v1/investors')).toBe('optional');
    expect(idempotencyModeOf('POST', '/v1/spvs/{spvSlug}/subscriptions')).toBe('optional');
    expect(idempotencyModeOf('POST', '/v1/spvs/{spvSlug}/subscription/{personId}/forms')).toBeUndefined();
    expect(idempotencyModeOf('POST', '/v1/oauth2/tokens')).toBeUndefined();
  });

  it('recognises a keyed operation from a Request URL exactly as parsing the URL would', () => {
    // The reading the transport used before it took the path out of the URL string.
    const byUrlObject = (method: string, url: string, basePath: string) => {
      let path = new URL(url).pathname;
      if (path.startsWith(basePath)) path = path.slice(basePath.length);
      const segments = path.split('/');
      return Object.keys(IDEMPOTENT_OPERATIONS).some((operation) => {
        const [verb, template] = operation.split(' ') as [string, string];
        const parts = template.split('/');
        return (
          verb === method &&
          parts.length === segments.length &&
          parts.every((p, i) => p[0] === '{' || p === segments[i])
        );
      });
    };
    const paths = [
      '/v1/spv-requests',
      '/v1/spv-requests/',
      '/v1/investors',
      '/v1/spvs/spv_1/subscriptions',
      '/v1/spvs/spv%2F1/subscriptions',
      '/v1/spvs//subscriptions',
      '/v1/spvs/spv_1/subscription/psn_1/forms',
      '/v1/oauth2/tokens',
      '/v1/spv-requests/svr_1',
      '/',
      '',
    ];
    const suffixes = ['', '?a=1', '?a=/v1/investors', '#x', '#/v1/investors?y', '?q#f'];
    const origins = ['http://127.0.0.1:8080', 'https://sandbox.example:8443', 'http://[::1]:9'];
    let keyed = 0;
    for (const origin of origins)
      for (const base of ['', '/api', '/api/'])
        for (const path of paths)
          for (const suffix of suffixes)
            for (const method of ['POST', 'GET']) {
              // What a Request's url is: the serialised URL.
              const url = new Request(`${origin}${base}${path}${suffix}`).url;
              const basePath = base.replace(/\/$/, '');
              const expected = byUrlObject(method, url, basePath);
              expect({ method, url, basePath, keyed: isIdempotentRequest(method, url, basePath) }).toEqual({
                method,
                url,
                basePath,
                keyed: expected,
              });
              if (expected) keyed++;
            }
    expect(keyed).toBeGreaterThan(50);
  });

  it('takes the upload limits from x-zest-max-bytes and encoding.file.contentType, not from prose', () => {
    const changed = spec();
    for (const name of ['SubscriptionFormUpload', 'FundingReceiptUpload'])
      changed.components.schemas[name].properties.file['x-zest-max-bytes'] = 2048;
    for (const path of [
      '/v1/spvs/{spvSlug}/subscription/{personId}/forms',
      '/v1/spvs/{spvSlug}/subscription/{personId}/fundings',
    ]) {
      changed.paths[path].post.requestBody.content['multipart/form-data'].encoding.file.contentType =
        'image/png , application/pdf';
    }
    expect(extractFacts(changed)).toMatchObject({
      uploadMaxBytes: 2048,
      uploadContentTypes: ['image/png', 'application/pdf'],
    });
    expect(extractFacts(spec())).toMatchObject({
      uploadMaxBytes: spec().components.schemas.SubscriptionFormUpload.properties.file['x-zest-max-bytes'],
    });
  });

  it('can recognise every content type the spec allows for uploads', () => {
    for (const type of uploadLimits.contentTypes) expect(canSniff(type)).toBe(true);
  });

  it.each([
    [
      'a missing sandbox server',
      (s: any) => (s.servers = s.servers.filter((x: any) => !/^sandbox/i.test(x.description))),
      /sandbox/,
    ],
    [
      'upload operations that disagree on the size limit',
      (s: any) => (s.components.schemas.SubscriptionFormUpload.properties.file['x-zest-max-bytes'] = 5),
      /disagree on the size limit/,
    ],
    [
      'a file part without x-zest-max-bytes (the description still names the limit)',
      (s: any) => {
        const file = s.components.schemas.FundingReceiptUpload.properties.file;
        expect(file.description).toMatch(/10,485,760 bytes/);
        delete file['x-zest-max-bytes'];
      },
      /uploadFundingReceipt .*fundings.*: file part file needs x-zest-max-bytes/,
    ],
    [
      'an x-zest-max-bytes that is not a positive integer',
      (s: any) => (s.components.schemas.SubscriptionFormUpload.properties.file['x-zest-max-bytes'] = '10 MiB'),
      /needs x-zest-max-bytes, a positive integer \(got "10 MiB"\)/,
    ],
    [
      'an upload without encoding.file.contentType',
      (s: any) =>
        delete s.paths['/v1/spvs/{spvSlug}/subscription/{personId}/fundings'].post.requestBody.content[
          'multipart/form-data'
        ].encoding,
      /uploadFundingReceipt .*fundings.*needs encoding\.file\.contentType/,
    ],
    [
      'upload operations that disagree on the content types',
      (s: any) => {
        const form = s.paths['/v1/spvs/{spvSlug}/subscription/{personId}/forms'].post;
        form.requestBody.content['multipart/form-data'].encoding.file.contentType = 'application/pdf';
      },
      /disagree on the accepted content types/,
    ],
    [
      'x-zest-idempotency contradicting the header',
      (s: any) => (s.paths['/v1/investors'].post['x-zest-idempotency'] = 'required'),
      /disagrees/,
    ],
  ])('fails loudly on %s', (_name, mutate, message) => {
    const broken = spec();
    mutate(broken);
    expect(() => extractFacts(broken)).toThrow(message);
  });
});
