#!/usr/bin/env node
// `pnpm --filter @zestequity/partner-sandbox bench:instructions`: CPU instructions per request, counted by valgrind's
// callgrind, for the operations of bench/run.mjs. Steadier than time: on the shared 2-CPU machine the same build's CPU
// per request differs by up to 20% between bench/run.mjs runs minutes apart, while repeated counts of one build agree
// within about 5% when little else runs (garbage collection and background compilation still vary, and more so on a
// loaded machine). Each server runs under callgrind twice,
// answering WARMUP requests and then WARMUP + COUNT; the difference over COUNT is its cost per request once warm
// (start-up and JIT tier-up cancel out: the first few thousand requests still compile code, so a short warm-up
// would count the compiler). The named peer is the floor
// server (bench/serve-floor.mjs: JSON.parse and JSON.stringify only), measured in the same run. Slow (valgrind runs
// Node about 50 times slower: ~10 minutes). Compare builds: SANDBOX_BIN=<other build's bin/zest-sandbox.js>.
import http from 'node:http';
import os from 'node:os';
import { SANDBOX_BIN, startSandboxProcess, startScriptProcess } from './sandbox-process.mjs';
import { FLOOR_SCRIPT, investorsBody, seedSandbox } from './workload.mjs';

const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS ?? 2000);
const COUNT = Number(process.env.BENCH_COUNTED_REQUESTS ?? 1000);
const CONNECTIONS = 4;
const CALLGRIND = ['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null'];
const OPERATIONS = ['GET /v1/spv-requests/{slug}', 'POST /v1/investors (100 rows)', 'POST /v1/investors (creates)'];

/** `total` requests made by `next()` over CONNECTIONS keep-alive connections; any answer but 2xx fails the run. */
async function drive(base, total, next) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const send = ({ method, path, headers, body }) =>
    new Promise((resolve, reject) => {
      const req = http.request(`${base}${path}`, { method, headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          res.statusCode < 300
            ? resolve()
            : reject(new Error(`${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks)}`)),
        );
      });
      // A kept-alive socket the server closed (its keep-alive timeout, late under valgrind) as the request went out:
      // the request never reached it, so it is sent again on a new connection (the pattern Node's docs give).
      req.on('error', (error) =>
        req.reusedSocket && error.code === 'ECONNRESET'
          ? resolve(send({ method, path, headers, body }))
          : reject(error),
      );
      req.end(body);
    });
  let sent = 0;
  const connection = async () => {
    while (sent < total) {
      sent++;
      await send(next());
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, connection));
  agent.destroy();
}

/** The request `operation` sends, the i-th time, to a server at the given state. */
function requestOf(operation, { auth, slug, existing }, i) {
  if (operation === OPERATIONS[0]) return { method: 'GET', path: `/v1/spv-requests/${slug}`, headers: auth };
  const body = operation === OPERATIONS[1] ? existing : investorsBody(`run-${i}`);
  return { method: 'POST', path: '/v1/investors', headers: auth, body };
}

/** Instructions one server process executed in its life, having answered `requests` requests of `operation`. */
async function instructions(target, operation, requests) {
  const existing = investorsBody('existing');
  let server;
  let state;
  if (target === 'sandbox') {
    server = await startSandboxProcess({ launcher: CALLGRIND });
    state = { auth: server.headers, existing, ...(await seedSandbox(server, server.headers, existing)) };
  } else {
    server = await startScriptProcess(FLOOR_SCRIPT, ['{"spvRequestSlug":"svr_floor"}'], { launcher: CALLGRIND });
    state = { auth: { 'content-type': 'application/json' }, existing, slug: 'svr_floor' };
  }
  let i = 0;
  try {
    await drive(server.url, requests, () => requestOf(operation, state, i++));
  } catch (error) {
    await server.stop();
    throw error;
  }
  const report = await server.stop();
  const refs = /refs:\s+([\d,]+)/.exec(report)?.[1];
  if (!refs) throw new Error(`no instruction count from callgrind:\n${report.slice(-2000)}`);
  return Number(refs.replace(/,/g, ''));
}

/** Per-request instructions of `target` on `operation`: two lives, WARMUP and WARMUP + COUNT requests. */
async function perRequest(target, operation) {
  const [warm, counted] = await Promise.all([
    instructions(target, operation, WARMUP),
    instructions(target, operation, WARMUP + COUNT),
  ]);
  return (counted - warm) / COUNT;
}

async function main() {
  console.log(
    `zest-sandbox instructions bench: ${COUNT} requests counted after ${WARMUP}, ${CONNECTIONS} connections, callgrind, Node ${process.version}, ${os.cpus().length} CPUs`,
  );
  console.log(`sandbox: ${SANDBOX_BIN}`);
  console.log('');
  console.log('| operation | sandbox instructions/req | floor instructions/req | sandbox / floor |');
  console.log('|---|---:|---:|---:|');
  for (const operation of OPERATIONS) {
    const sandbox = await perRequest('sandbox', operation);
    const floor = await perRequest('floor', operation);
    const k = (n) => `${Math.round(n / 1000).toLocaleString('en-US')}k`;
    console.log(`| ${operation} | ${k(sandbox)} | ${k(floor)} | ${(sandbox / floor).toFixed(2)}x |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
