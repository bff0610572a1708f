#!/usr/bin/env node
// Per-call overhead of the SDK against its two peers, measured in one run with the same in-process stub fetch:
//   raw fetch          — the stub called directly, JSON parsed by hand (the floor)
//   bare openapi-fetch — createClient<paths>() with a bearer header (and a UUID per POST, as a careful caller would)
//   SDK                — createZestClient with a static token, idempotency keys and retries on (timeoutMs: 0)
//   SDK defaults       — the same plus the default 30 s per-attempt timeout (one AbortController per attempt)
// No network: the stub answers with a canned Response, so what is measured is the client code on the request path.
// Rounds are interleaved (raw, bare, sdk, raw, ...) so drift on a shared machine hits all three alike.
import { loadSpec } from '@zestequity/testing';
import createClient from 'openapi-fetch';
import { createZestClient } from '../dist/index.js';

const BASE = 'http://127.0.0.1:9';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 250);
const GOAL = 1.1;

// The canned bodies are the spec's own examples (the answer and the request of POST /v1/spv-requests).
const spec = loadSpec();
const spvRequest = JSON.stringify(spec.components.examples.SpvRequestPendingReview.value);
const createBody = spec.components.examples.SpvRequestCreateSyndicateSecondary.value;

// A Response body can be read once, so each call gets a fresh one, the same way for all three clients.
const stub = async (_input, _init) =>
  new Response(spvRequest, {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(spvRequest.length) },
  });
const stubCreated = async (_input, _init) =>
  new Response(spvRequest, {
    status: 201,
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(spvRequest.length) },
  });

const auth = { Authorization: 'Bearer static-token' };

function scenarios() {
  const bareGet = createClient({ baseUrl: BASE, fetch: stub, headers: auth });
  const barePost = createClient({ baseUrl: BASE, fetch: stubCreated, headers: auth });
  const sdk = (fetch, extra = {}) =>
    createZestClient({ baseUrl: BASE, fetch, auth: { accessToken: 'static-token' }, ...extra });
  const sdkGet = sdk(stub, { timeoutMs: 0 });
  const sdkPost = sdk(stubCreated, { timeoutMs: 0 });
  const defaultsGet = sdk(stub);
  const defaultsPost = sdk(stubCreated);
  return {
    'GET /v1/spv-requests/{slug}': {
      'raw fetch': async () => {
        const res = await stub(new Request(`${BASE}/v1/spv-requests/svr_a1b2c3`, { headers: auth }));
        if (!res.ok) throw new Error('unexpected');
        return res.json();
      },
      'bare openapi-fetch': async () =>
        (await bareGet.GET('/v1/spv-requests/{slug}', { params: { path: { slug: 'svr_a1b2c3' } } })).data,
      SDK: async () => (await sdkGet.spvRequests.get('svr_a1b2c3')).data,
      'SDK defaults': async () => (await defaultsGet.spvRequests.get('svr_a1b2c3')).data,
    },
    'POST /v1/spv-requests': {
      'raw fetch': async () => {
        const res = await stubCreated(
          new Request(`${BASE}/v1/spv-requests`, {
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
            body: JSON.stringify(createBody),
          }),
        );
        return res.json();
      },
      'bare openapi-fetch': async () =>
        (
          await barePost.POST('/v1/spv-requests', {
            params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
            body: createBody,
          })
        ).data,
      SDK: async () => (await sdkPost.spvRequests.create(createBody)).data,
      'SDK defaults': async () => (await defaultsPost.spvRequests.create(createBody)).data,
    },
  };
}

async function measure(fn, ms) {
  const end = performance.now() + ms;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 64; i += 1) await fn();
    n += 64;
  }
  return n / ((performance.now() - start) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const all = scenarios();
const summary = [];
console.log(
  `Zest client per-call overhead — Node ${process.version}, ${ROUNDS} interleaved rounds of ${ROUND_MS} ms per client, in-process stub fetch`,
);
for (const [name, peers] of Object.entries(all)) {
  for (const fn of Object.values(peers)) await measure(fn, 400); // warm-up / JIT
  const samples = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [peer, fn] of Object.entries(peers)) samples[peer].push(1e6 / (await measure(fn, ROUND_MS)));
  }
  // Ratios are paired per round (same moment, same machine load), then the median is taken.
  const ratio = (a, b) => median(samples[a].map((x, i) => x / samples[b][i]));
  console.log(`\n${name}`);
  for (const [peer, us] of Object.entries(samples)) {
    const m = median(us);
    console.log(
      `  ${peer.padEnd(20)} ${Math.round(1e6 / m)
        .toString()
        .padStart(8)} ops/s  ${m.toFixed(2).padStart(7)} µs/call`,
    );
  }
  const row = {
    name,
    sdkVsBare: ratio('SDK', 'bare openapi-fetch'),
    sdkVsRaw: ratio('SDK', 'raw fetch'),
    defaultsVsBare: ratio('SDK defaults', 'bare openapi-fetch'),
    bareVsRaw: ratio('bare openapi-fetch', 'raw fetch'),
  };
  console.log(
    `  SDK:          ${row.sdkVsBare.toFixed(2)}× bare openapi-fetch, ${row.sdkVsRaw.toFixed(2)}× raw fetch (goal ≤ ${GOAL.toFixed(2)}× bare)`,
  );
  console.log(`  SDK defaults: ${row.defaultsVsBare.toFixed(2)}× bare openapi-fetch (adds the per-attempt timeout)`);
  console.log(`  bare openapi-fetch: ${row.bareVsRaw.toFixed(2)}× raw fetch`);
  summary.push(row);
}
const worst = Math.max(...summary.map((s) => s.sdkVsBare));
console.log(
  `\nworst SDK / bare openapi-fetch ratio (auth + idempotency + retries): ${worst.toFixed(2)}× — ${worst <= GOAL ? 'within' : 'OVER'} the ${GOAL.toFixed(2)}× goal`,
);
console.log(`worst with the default timeout as well: ${Math.max(...summary.map((s) => s.defaultsVsBare)).toFixed(2)}×`);
