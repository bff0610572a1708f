#!/usr/bin/env node
// pnpm bench (turbo builds first): webhook verifications per second for 1 KB and 64 KB bodies, against
// standardwebhooks and a bare node:crypto HMAC measured in the same run, then the token provider's one-exchange
// guarantee under 1,000 concurrent callers. Prints ratios; the figures are recorded in bench/README.md.
//
// Method: each case runs in rounds of ROUND_MS, the cases interleaved (A B C D A B C D ...) so drift and turbo boost
// hit all of them alike; the median round is reported. Every call is awaited one after the other, which is how a
// webhook endpoint calls a verifier.

import { createHmac, generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { Webhook } from 'standardwebhooks';
import { createTokenProvider, signWebhook, verifyWebhook, verifyWebhookSignature } from '../dist/index.js';
import { setHmacBackend } from '../dist/webhooks/hmac.js';

const spec = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@zestequity/partner-api-spec/openapi.json'), 'utf8'),
);
const webhookExample = spec.components.examples.WebhookSpvRequestCreated.value;

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 250);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SECRET = `whsec_${'5a'.repeat(24)}`;

/** A plausible spv_request.created delivery padded to exactly `size` bytes. */
function eventOfSize(size) {
  // The spec's own `spv_request.created` example, grown with more share classes and a note to the exact size.
  const event = structuredClone(webhookExample);
  const { shareClasses } = event.data.attributes;
  event.data.attributes.note = '';
  const length = () => Buffer.byteLength(JSON.stringify(event));
  while (length() < size - 120) {
    shareClasses.push({ name: `Class ${shareClasses.length}`, managementFeePercent: '2.0', carryPercent: '20.0' });
  }
  if (length() > size) shareClasses.pop();
  event.data.attributes.note = 'x'.repeat(size - length());
  const body = Buffer.from(JSON.stringify(event));
  if (body.length !== size) throw new Error(`body is ${body.length} bytes, wanted ${size}`);
  return body;
}

/**
 * Median ops/s per case, by wall clock and by this process's CPU time (all threads). Wall clock is what an endpoint
 * sees; CPU time is far less disturbed by other processes on a shared machine, so both ratios are printed.
 */
async function measure(cases) {
  const samples = new Map(cases.map(([name]) => [name, { wall: [], cpu: [] }]));
  for (let round = 0; round < ROUNDS + 1; round++) {
    for (const [name, fn] of cases) {
      let ops = 0;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < ROUND_MS) {
        for (let i = 0; i < 64; i++) await fn();
        ops += 64;
        elapsed = performance.now() - start;
      }
      const cpu = process.cpuUsage(cpuStart);
      // Round 0 is warm-up (JIT, key caches) and is discarded.
      if (round > 0) {
        samples.get(name).wall.push((ops / elapsed) * 1000);
        samples.get(name).cpu.push((ops / (cpu.user + cpu.system)) * 1e6);
      }
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return new Map([...samples].map(([name, { wall, cpu }]) => [name, { wall: median(wall), cpu: median(cpu) }]));
}

const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(10);

async function webhookBench(size) {
  const body = eventOfSize(size);
  const text = body.toString('utf8');
  const now = Math.floor(Date.now() / 1000);
  const header = await signWebhook({ payload: body, secret: SECRET, timestamp: now });
  const expected = Buffer.from(header.split('v1=')[1], 'hex');

  // standardwebhooks: same HMAC-SHA256 over `<id>.<t>.<body>`, base64 signatures, its own headers.
  const swSecret = Buffer.from(SECRET).toString('base64');
  const sw = new Webhook(swSecret);
  const swHeaders = {
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(now),
    'webhook-signature': sw.sign('msg_1', new Date(now * 1000), text),
  };

  const options = { payload: body, signatureHeader: header, secret: SECRET };
  const bareHmac = () => {
    const mac = createHmac('sha256', SECRET).update(`${now}.`).update(body).digest();
    if (!timingSafeEqual(mac, expected)) throw new Error('bare HMAC mismatch');
  };
  const bareHmacAndParse = () => {
    bareHmac();
    return JSON.parse(body.toString('utf8'));
  };
  const cases = [
    ['bare node:crypto HMAC + compare', bareHmac],
    ['bare HMAC + compare + JSON.parse', bareHmacAndParse],
    ['standardwebhooks verify (HMAC + parse)', () => sw.verify(text, swHeaders)],
    ['verifyWebhookSignature (node:crypto path)', () => verifyWebhookSignature(options)],
    ['verifyWebhook (node:crypto path)', () => verifyWebhook(options)],
  ];
  // Sanity: every case accepts the delivery before anything is timed.
  for (const [, fn] of cases) await fn();
  const results = await measure(cases);

  setHmacBackend('webcrypto');
  const web = await measure([['verifyWebhook (Web Crypto path)', () => verifyWebhook(options)]]);
  setHmacBackend('auto');

  const label = size === 1024 ? '1 KB' : '64 KB';
  console.log(`\n## Webhook verification, ${label} body (verifications/s, median of ${ROUNDS} interleaved rounds)`);
  console.log(`${'wall'.padStart(10)}  ${'cpu'.padStart(10)}  case`);
  for (const [name, v] of [...results, ...web]) console.log(`${fmt(v.wall)}  ${fmt(v.cpu)}  ${name}`);
  const all = new Map([...results, ...web]);
  const line = (title, a, b, goal) => {
    const wall = all.get(a).wall / all.get(b).wall;
    const cpu = all.get(a).cpu / all.get(b).cpu;
    const verdict =
      goal === undefined
        ? 'info'
        : `goal >= ${goal.toFixed(2)}: ${Math.min(wall, cpu) >= goal ? 'met' : wall >= goal || cpu >= goal ? 'met on one clock' : 'MISSED'}`;
    console.log(`ratio ${title.padEnd(46)} wall ${wall.toFixed(2)}x  cpu ${cpu.toFixed(2)}x  (${verdict})`);
  };
  line(
    'verifyWebhook / standardwebhooks',
    'verifyWebhook (node:crypto path)',
    'standardwebhooks verify (HMAC + parse)',
    1,
  );
  line(
    'verifyWebhookSignature / bare HMAC',
    'verifyWebhookSignature (node:crypto path)',
    'bare node:crypto HMAC + compare',
    0.8,
  );
  line(
    'verifyWebhook / (bare HMAC + JSON.parse)',
    'verifyWebhook (node:crypto path)',
    'bare HMAC + compare + JSON.parse',
    0.8,
  );
  line('Web Crypto path / node:crypto path', 'verifyWebhook (Web Crypto path)', 'verifyWebhook (node:crypto path)');
  return { label, all };
}

async function tokenBench() {
  let exchanges = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      exchanges += 1;
      // A realistic round trip, so concurrent callers really overlap the in-flight exchange.
      setTimeout(() => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accessToken: `token-${exchanges}`, tokenType: 'Bearer', expiresIn: 3600 }));
      }, 20);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = generateKeyPairSync('ed25519');
  const tokens = createTokenProvider({
    baseUrl,
    clientId: 'client_bench',
    issuer: 'https://partner.example',
    privateKey,
  });

  const start = performance.now();
  const results = await Promise.all(Array.from({ length: 1000 }, () => tokens.getToken()));
  const elapsed = performance.now() - start;
  const distinct = new Set(results).size;

  const cached = await measure([['getToken() from cache', () => tokens.getToken()]]);
  server.close();

  console.log('\n## Token provider');
  console.log(
    `1,000 concurrent getToken() calls -> ${exchanges} exchange(s), ${distinct} distinct token(s), ${elapsed.toFixed(1)} ms`,
  );
  console.log(`${fmt(cached.get('getToken() from cache').wall)}  cached getToken() calls/s (wall clock)`);
  if (exchanges !== 1 || distinct !== 1) {
    console.error('FAIL: expected exactly one exchange');
    process.exitCode = 1;
  }
}

console.log(
  `# @zestequity/partner-auth benchmark — Node ${process.version}, ${process.platform}/${process.arch}, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
await webhookBench(1024);
await webhookBench(64 * 1024);
await tokenBench();
