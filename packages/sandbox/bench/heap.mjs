#!/usr/bin/env node
// `node --expose-gc bench/heap.mjs [requests]`: what the create path keeps and costs. Starts the sandbox in this
// process (memory store, no webhook URL: each request's events are one batch of `skipped` rows), creates
// `requests` x 100 new investors through its HTTP API with autocannon, then reports memory retained per created row
// (after a full GC; the JS heap plus buffers outside it) and CPU per request. The CPU figure includes the load
// generator (same process): compare it between builds, not with bench/run.mjs. Default 5,000 requests (500,000 rows).
import { makeTestPartner } from '@zestequity/testing';
import autocannon from 'autocannon';
import { startSandbox, storedPeople } from '../dist/index.js';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const REQUESTS = Number(process.argv[2] ?? 5000);

const partner = makeTestPartner({ clientId: 'client_bench', issuer: 'https://bench.partner.example' });
const sandbox = await startSandbox({ port: 0, partners: [partner.config] });
try {
  const assertion = await partner.assertion(sandbox.url);
  const { accessToken } = await fetch(`${sandbox.url}/v1/oauth2/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
  }).then((r) => r.json());
  const template = JSON.stringify({
    investors: Array.from({ length: 100 }, (_, i) => ({
      partnerInvestorId: `run-__N__-${i}`,
      email: `investor${i}@example.com`,
      firstName: 'Alice',
      lastName: 'Liddell',
      dateOfBirth: '1985-04-12',
      countryOfResidence: 'AE',
    })),
  });
  let counter = 0;
  globalThis.gc();
  const before = process.memoryUsage();
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: `${sandbox.url}/v1/investors`,
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    connections: 10,
    amount: REQUESTS,
    requests: [{ setupRequest: (req) => ({ ...req, body: template.replaceAll('__N__', String(counter++)) }) }],
  });
  const cpu = process.cpuUsage(cpuBefore);
  globalThis.gc();
  const after = process.memoryUsage();
  // Bulk creates keep each request's body in a buffer outside the JS heap: counted with the heap.
  const retained = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  const outside = after.arrayBuffers - before.arrayBuffers;
  let rows = 0;
  for (const _ of storedPeople(sandbox.store)) rows += 1;
  if (result.non2xx > 0 || rows !== REQUESTS * 100)
    throw new Error(`expected ${REQUESTS * 100} people, got ${rows} (${result.non2xx} non-2xx)`);
  console.log(`rows created: ${rows}`);
  console.log(
    `memory retained per row: ${(retained / rows).toFixed(0)} bytes (${(retained / 1048576).toFixed(0)} MB, ${(outside / 1048576).toFixed(0)} MB of it in buffers outside the heap)`,
  );
  console.log(`CPU per request, sandbox + load generator: ${((cpu.user + cpu.system) / REQUESTS).toFixed(0)} µs`);
} finally {
  await sandbox.stop();
}
