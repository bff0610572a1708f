// One client, one operation, N calls after a warm-up: the unit bench/instructions.mjs runs under callgrind.
// Usage: node bench/calls.mjs <raw|bare|sdk|sdk-defaults> <get|post> <N>
import { loadSpec } from '@zestequity/testing';
import createClient from 'openapi-fetch';
import { createZestClient } from '../dist/index.js';

const [client, op, nArg] = process.argv.slice(2);
const N = Number(nArg);
const BASE = 'http://127.0.0.1:9';
// The canned bodies are the spec's own examples, the same ones bench/run.mjs uses.
const spec = loadSpec();
const json = JSON.stringify(spec.components.examples.SpvRequestPendingReview.value);
const stub = async () =>
  new Response(json, {
    status: op === 'post' ? 201 : 200,
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(json.length) },
  });
const body = spec.components.examples.SpvRequestCreateSyndicateSecondary.value;
const auth = { Authorization: 'Bearer static-token' };

const bare = createClient({ baseUrl: BASE, fetch: stub, headers: auth });
const sdk = createZestClient({ baseUrl: BASE, fetch: stub, auth: { accessToken: 'static-token' }, timeoutMs: 0 });
const sdkDefaults = createZestClient({ baseUrl: BASE, fetch: stub, auth: { accessToken: 'static-token' } });

const calls = {
  get: {
    raw: async () => (await stub(new Request(`${BASE}/v1/spv-requests/svr_a1b2c3`, { headers: auth }))).json(),
    bare: () => bare.GET('/v1/spv-requests/{slug}', { params: { path: { slug: 'svr_a1b2c3' } } }),
    sdk: () => sdk.spvRequests.get('svr_a1b2c3'),
    'sdk-defaults': () => sdkDefaults.spvRequests.get('svr_a1b2c3'),
  },
  post: {
    raw: async () =>
      (
        await stub(
          new Request(`${BASE}/v1/spv-requests`, {
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
            body: JSON.stringify(body),
          }),
        )
      ).json(),
    bare: () => bare.POST('/v1/spv-requests', { params: { header: { 'Idempotency-Key': crypto.randomUUID() } }, body }),
    sdk: () => sdk.spvRequests.create(body),
    'sdk-defaults': () => sdkDefaults.spvRequests.create(body),
  },
};

const fn = calls[op][client];
for (let i = 0; i < 2000; i += 1) await fn();
for (let i = 0; i < N; i += 1) await fn();
