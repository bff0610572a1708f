// The wire, against the Prism mock of the bundled spec: requests the SDK builds pass Prism's validation, and the
// spec's examples come back parsed into the SDK's results and errors.
import { type RunningMock, startMock } from '@zestequity/partner-api-mock';
import { loadSpec } from '@zestequity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZestClient, ZestApiError, type ZestClient } from '../src/index.js';
import { PDF, UPLOAD_TARGET } from './helpers.js';

const spec: Record<string, any> = loadSpec();

const deref = (node: any): any => {
  while (node && typeof node.$ref === 'string') {
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce((o: any, k: string) => o?.[k], spec);
  }
  return node;
};

/** The first example of a response (or request body) as the spec states it. */
function exampleOf(path: string, method: string, where: string | 'request'): unknown {
  const op = spec.paths[path][method];
  const holder = where === 'request' ? deref(op.requestBody) : deref(op.responses[where]);
  const content = holder.content['application/json'];
  const first = Object.values(content.examples ?? {})[0];
  return first ? deref(first).value : content.example;
}

let mock: RunningMock;
let zest: ZestClient;

beforeAll(async () => {
  mock = await startMock({ port: 0 });
  zest = createZestClient({ baseUrl: mock.url, auth: { accessToken: 'mock-token' }, retry: false, timeoutMs: 10_000 });
}, 60_000);

afterAll(async () => {
  await mock?.stop();
});

describe('against the Prism mock', () => {
  it('creates an SPV request and parses the example', async () => {
    const body = exampleOf('/v1/spv-requests', 'post', 'request') as Parameters<ZestClient['spvRequests']['create']>[0];
    const result = await zest.spvRequests.create(body);
    expect(result.response.status).toBe(201);
    expect(result.data).toEqual(exampleOf('/v1/spv-requests', 'post', '201'));
    expect(result.idempotencyKey).toBeDefined();
  });

  it('gets, cancels and lists SPV requests', async () => {
    expect((await zest.spvRequests.get('svr_a1b2c3')).data).toEqual(exampleOf('/v1/spv-requests/{slug}', 'get', '200'));
    expect((await zest.spvRequests.cancel('svr_a1b2c3')).response.status).toBe(200);
    const page = exampleOf('/v1/spv-requests', 'get', '200') as { documents: unknown[] };
    const walked = [];
    for await (const request of zest.spvRequests.list({ status: 'pending-review', perPage: 100 })) walked.push(request);
    expect(walked).toEqual(page.documents);
  });

  it('bulk-creates investors and merges the example results by partnerInvestorId', async () => {
    const { investors } = exampleOf('/v1/investors', 'post', 'request') as {
      investors: Parameters<ZestClient['investors']['bulkCreate']>[0][number][];
    };
    const expected = exampleOf('/v1/investors', 'post', '200') as { results: { partnerInvestorId: string }[] };
    const { results, chunks } = await zest.investors.bulkCreate(investors);
    expect(chunks).toHaveLength(1);
    expect(results.map((r) => r.partnerInvestorId)).toEqual(investors.map((r) => r.partnerInvestorId));
    for (const result of results) {
      expect(result).toEqual(expected.results.find((r) => r.partnerInvestorId === result.partnerInvestorId));
    }
  });

  it('creates subscriptions and uploads a form and a funding receipt as valid multipart', async () => {
    const body = exampleOf('/v1/spvs/{spvSlug}/subscriptions', 'post', 'request') as Parameters<
      ZestClient['subscriptions']['create']
    >[1];
    const created = await zest.subscriptions.create('veh_klm456', body, { throwOnError: true });
    expect(created.data).toEqual(exampleOf('/v1/spvs/{spvSlug}/subscriptions', 'post', '201'));

    const form = await zest.subscriptions.uploadForm(
      { ...UPLOAD_TARGET, file: { data: PDF, filename: 'form.pdf' } },
      { throwOnError: true },
    );
    expect(form.data).toEqual(exampleOf('/v1/spvs/{spvSlug}/subscription/{personId}/forms', 'post', '201'));

    const funding = await zest.subscriptions.uploadFundingReceipt(
      { ...UPLOAD_TARGET, amount: '50000.00', currency: 'USD', wireReference: 'ACME-WIRE-1', file: { data: PDF } },
      { throwOnError: true },
    );
    expect(funding.data).toEqual(exampleOf('/v1/spvs/{spvSlug}/subscription/{personId}/fundings', 'post', '201'));
  });

  it('reads token info and the contract registry', async () => {
    expect((await zest.auth.info()).data).toEqual(exampleOf('/v1/oauth2/info', 'get', '200'));
    expect((await zest.contracts.listVersions()).data).toEqual(exampleOf('/v1/contracts', 'get', '200'));
    expect((await zest.contracts.getTemplate('1.0.0', 'syndicate_secondary')).response.status).toBe(200);
  });

  it('turns the example error envelopes into ZestApiError', async () => {
    const error = (await zest.spvRequests
      .get('svr_missing', { headers: { Prefer: 'code=404' }, throwOnError: true })
      .catch((e: unknown) => e)) as ZestApiError;
    expect(error).toBeInstanceOf(ZestApiError);
    const envelope = exampleOf('/v1/spv-requests/{slug}', 'get', '404') as { code: string; errorId: string };
    expect(error).toMatchObject({ status: 404, code: envelope.code, errorId: envelope.errorId });

    const validation = (await zest.spvRequests
      .create(exampleOf('/v1/spv-requests', 'post', 'request') as never, {
        headers: { Prefer: 'code=400' },
        throwOnError: true,
      })
      .catch((e: unknown) => e)) as ZestApiError;
    expect(validation.code).toBe('validation_error');
    expect(validation.validationErrors.length).toBeGreaterThan(0);
    expect(validation.validationErrors[0]!.path).not.toBe('');
  });

  it('normalises what the mock answers to a request that breaks the spec', async () => {
    const { error, response } = await zest.spvRequests.listPage({ perPage: 1000 });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const normalised = ZestApiError.from(response.status, error);
    expect(normalised.validationErrors.map((v) => v.path).join(' ')).toMatch(/perPage/i); // the mock reports Prism's lower-cased parameter name
  });
});
