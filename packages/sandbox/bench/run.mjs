#!/usr/bin/env node
// pnpm bench: requests per second of the sandbox against Prism (the @zestequity/partner-api-mock peer) on the same
// operations, in the same run, on the same machine. Each server runs in its own process; autocannon drives both
// from this one. Bounded: BENCH_SECONDS per measurement (default 5).
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startSandboxProcess, startScriptProcess, treeCpuSeconds } from './sandbox-process.mjs';
import { FLOOR_SCRIPT, investorsBody, seedSandbox } from './workload.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PIPELINING = Number(process.env.BENCH_PIPELINING ?? 1);
const GOAL = 5;
const CREATE_GOAL = 1.5;
const MOCK = fileURLToPath(new URL('./serve-mock.mjs', import.meta.url));

async function measure(name, options, pid) {
  // Warm-up (JIT, connection set-up) first, not counted.
  await autocannon({ duration: WARMUP_SECONDS, connections: CONNECTIONS, pipelining: PIPELINING, ...options });
  const cpuBefore = treeCpuSeconds(pid);
  const result = await autocannon({ duration: SECONDS, connections: CONNECTIONS, pipelining: PIPELINING, ...options });
  const cpu = treeCpuSeconds(pid) - cpuBefore;
  const bad = result.non2xx + result.errors + result.timeouts;
  // Server CPU per request: what the server spent, independent of how fast the load generator could push.
  const cpuMicros = (cpu * 1e6) / Math.max(1, result.requests.total);
  return {
    name,
    rps: result.requests.average,
    p99: result.latency.p99,
    total: result.requests.total,
    bad,
    cpuMicros,
    cpuShare: cpu / SECONDS,
  };
}

/** The three operations measured: [name, counted toward the ≥ 5x goal, request options per target]. */
function operations(existing, fresh) {
  let counter = 0;
  const freshRequests = () => [
    { setupRequest: (req) => ({ ...req, body: fresh.replaceAll('__N__', String(counter++)) }) },
  ];
  return [
    [
      'GET /v1/spv-requests/{slug}',
      true,
      (base, headers, slugFor) => ({ url: `${base}/v1/spv-requests/${slugFor}`, headers }),
    ],
    [
      'POST /v1/investors (100 rows)',
      true,
      (base, headers) => ({ url: `${base}/v1/investors`, method: 'POST', headers, body: existing }),
    ],
    [
      'POST /v1/investors (100 new rows each, creates)',
      false,
      (base, headers) => ({ url: `${base}/v1/investors`, method: 'POST', headers, requests: freshRequests() }),
    ],
  ];
}

function printThroughput(rows) {
  console.log('');
  console.log(
    '| operation | sandbox req/s | mock req/s | Prism req/s | floor req/s | sandbox / mock | sandbox / Prism | floor / Prism | p99 ms (sandbox, mock, Prism, floor) | non-2xx+errors (sandbox, mock, Prism, floor) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const row of rows) {
    const ratio = (peer, of = 'sandbox') => `${(row[of].rps / row[peer].rps).toFixed(1)}x`;
    console.log(
      `| ${row.name}${row.counted ? '' : ' (not in the goal)'} | ${row.sandbox.rps.toFixed(0)} | ${row.mock.rps.toFixed(0)} | ${row.prism.rps.toFixed(0)} | ${row.floor.rps.toFixed(0)} | ${ratio('mock')} | ${ratio('prism')} | ${ratio('prism', 'floor')} | ${row.sandbox.p99}, ${row.mock.p99}, ${row.prism.p99}, ${row.floor.p99} | ${row.sandbox.bad}, ${row.mock.bad}, ${row.prism.bad}, ${row.floor.bad} |`,
    );
  }
}

function printCpu(rows) {
  console.log('');
  console.log(
    'Server CPU per request (µs, all processes of the server; lower is better) and server CPU use during the run:',
  );
  console.log(
    '| operation | sandbox µs/req | mock µs/req | Prism µs/req | floor µs/req | Prism / sandbox | Prism / floor | server CPU (sandbox, mock, Prism, floor) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const pct = (m) => `${Math.round(m.cpuShare * 100)}%`;
    console.log(
      `| ${row.name} | ${row.sandbox.cpuMicros.toFixed(0)} | ${row.mock.cpuMicros.toFixed(0)} | ${row.prism.cpuMicros.toFixed(0)} | ${row.floor.cpuMicros.toFixed(0)} | ${(row.prism.cpuMicros / row.sandbox.cpuMicros).toFixed(1)}x | ${(row.prism.cpuMicros / row.floor.cpuMicros).toFixed(1)}x | ${pct(row.sandbox)}, ${pct(row.mock)}, ${pct(row.prism)}, ${pct(row.floor)} |`,
    );
  }
}

function printGoals(rows) {
  const counted = rows.filter((r) => r.counted);
  const worstMock = Math.min(...counted.map((r) => r.sandbox.rps / r.mock.rps));
  const worstPrism = Math.min(...counted.map((r) => r.sandbox.rps / r.prism.rps));
  console.log('');
  console.log(`goal: >= ${GOAL}x the Prism mock on the two goal operations.`);
  console.log(
    `  vs @zestequity/partner-api-mock (its proxy + Prism, what \`pnpm start\` serves): lowest ${worstMock.toFixed(1)}x -> ${worstMock >= GOAL ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  vs Prism alone (no proxy):                                                  lowest ${worstPrism.toFixed(1)}x -> ${worstPrism >= GOAL ? 'met' : 'NOT met'}`,
  );
  // The redesign's goal for the create path (100 new investors per request): at least 1.5x Prism, by both measures.
  const creates = rows.find((r) => !r.counted);
  if (creates) {
    const byRps = creates.sandbox.rps / creates.prism.rps;
    const byCpu = creates.prism.cpuMicros / creates.sandbox.cpuMicros;
    console.log(
      `  create path (100 new investors per request): ${byRps.toFixed(2)}x Prism in req/s, ${byCpu.toFixed(2)}x in CPU per request; goal >= ${CREATE_GOAL}x -> ${Math.min(byRps, byCpu) >= CREATE_GOAL ? 'met' : 'NOT met'} (see bench/keeping-rows.mjs for what keeping the rows alone costs)`,
    );
  }
  const floorPrism = Math.min(...counted.map((r) => r.floor.rps / r.prism.rps));
  const floorCpu = Math.min(...counted.map((r) => r.prism.cpuMicros / r.floor.cpuMicros));
  console.log(
    `  ceiling: the floor server (JSON.parse + JSON.stringify only, nothing else) reaches lowest ${floorPrism.toFixed(1)}x Prism in req/s and ${floorCpu.toFixed(1)}x in CPU per request`,
  );
}

async function main() {
  console.log(
    `zest-sandbox bench: ${SECONDS}s per measurement after ${WARMUP_SECONDS}s warm-up, ${CONNECTIONS} connections, pipelining ${PIPELINING}, Node ${process.version}, ${os.cpus().length} CPUs`,
  );
  const sandbox = await startSandboxProcess();
  const mock = await startScriptProcess(MOCK);
  let floor;
  try {
    const auth = sandbox.headers;
    const existing = investorsBody('existing');
    const { slug, getAnswer } = await seedSandbox(sandbox, auth, existing);
    floor = await startScriptProcess(FLOOR_SCRIPT, [getAnswer]);
    const peerHeaders = { authorization: 'Bearer bench', 'content-type': 'application/json' };
    const targets = [
      ['sandbox', sandbox.url, auth, slug, sandbox.pid],
      ['mock', mock.url, peerHeaders, 'svr_a1b2c3', mock.pid],
      ['prism', mock.prismUrl, peerHeaders, 'svr_a1b2c3', mock.pid],
      ['floor', floor.url, peerHeaders, slug, floor.pid],
    ];
    const rows = [];
    for (const [name, counted, build] of operations(existing, investorsBody('run-__N__'))) {
      const row = { name, counted };
      for (const [target, base, headers, slugFor, pid] of targets)
        row[target] = await measure(`${target} ${name}`, build(base, headers, slugFor), pid);
      rows.push(row);
    }
    printThroughput(rows);
    printCpu(rows);
    printGoals(rows);
    if (rows.some((r) => r.sandbox.bad > 0)) {
      console.log(
        'WARNING: the sandbox answered some requests with non-2xx or errors; the figures above are not comparable.',
      );
      process.exitCode = 1;
    }
  } finally {
    await floor?.stop();
    await mock.stop();
    await sandbox.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
