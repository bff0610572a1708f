#!/usr/bin/env node
// pnpm bench:store: what --store-file costs. (1) Bulk creates of 100 new investors per request against the
// in-memory store and against --store-file (fsynced journal, group commit), same process setup, same load; the goal
// is >= 0.8x the in-memory throughput. (2) Start-up time (spawn to "Press Ctrl-C to stop.") of a sandbox whose store
// file holds 100,000 investors (created through the API, with their events and idempotency records); goal < 2 s.
// Bounded: BENCH_SECONDS per throughput run (default 5), STARTUPS start-ups (default 3, median reported).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds, startSandboxProcess } from './sandbox-process.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const STARTUPS = Number(process.env.STARTUPS ?? 3);
const INVESTORS = Number(process.env.STORE_INVESTORS ?? 100_000);
const RATIO_GOAL = 0.8;
const STARTUP_GOAL_MS = 2000;

const dir = mkdtempSync(join(tmpdir(), 'zest-sandbox-store-bench-'));

const template = JSON.stringify({
  investors: Array.from({ length: 100 }, (_, i) => ({
    partnerInvestorId: `__N__-${i}`,
    email: `investor${i}@example.com`,
    firstName: 'Alice',
    lastName: 'Liddell',
    dateOfBirth: '1985-04-12',
    countryOfResidence: 'AE',
  })),
});

/** Bulk creates, each of 100 investors never seen before, each with its own Idempotency-Key (as a partner sends them). */
function creates(sandbox, prefix, options) {
  let n = 0;
  return autocannon({
    url: `${sandbox.url}/v1/investors`,
    method: 'POST',
    headers: sandbox.headers,
    connections: CONNECTIONS,
    requests: [
      {
        setupRequest: (req) => {
          const id = `${prefix}-${n++}`;
          return { ...req, headers: { ...req.headers, 'idempotency-key': id }, body: template.replaceAll('__N__', id) };
        },
      },
    ],
    ...options,
  });
}

async function throughput(storeFile, prefix) {
  const sandbox = await startSandboxProcess({ storeFile });
  try {
    await creates(sandbox, `${prefix}-warm`, { duration: WARMUP_SECONDS });
    const cpuBefore = cpuSeconds(sandbox.pid);
    const result = await creates(sandbox, prefix, { duration: SECONDS });
    const cpuMicros = ((cpuSeconds(sandbox.pid) - cpuBefore) * 1e6) / Math.max(1, result.requests.total);
    return {
      rps: result.requests.average,
      p99: result.latency.p99,
      cpuMicros,
      bad: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    await sandbox.stop();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const load = () => os.loadavg()[0].toFixed(1);
  console.log(
    `zest-sandbox store bench: ${SECONDS}s per run after ${WARMUP_SECONDS}s warm-up, ${CONNECTIONS} connections, Node ${process.version}, ${os.cpus().length} CPUs, load average ${load()}`,
  );
  const memory = await throughput(undefined, 'mem');
  const file = await throughput(join(dir, 'throughput.db'), 'file');
  const ratio = file.rps / memory.rps;

  // A store file with INVESTORS investors, created through the API like a partner's import would.
  const storeFile = join(dir, 'large.db');
  const filler = await startSandboxProcess({ storeFile });
  const fill = await creates(filler, 'big', { amount: Math.ceil(INVESTORS / 100) });
  await filler.stop();
  const baseline = [];
  const loaded = [];
  const baselineCpu = [];
  const loadedCpu = [];
  for (let i = 0; i < STARTUPS; i++) {
    const empty = await startSandboxProcess();
    baseline.push(empty.startupMs);
    baselineCpu.push(empty.startupCpuMs);
    await empty.stop();
    const full = await startSandboxProcess({ storeFile });
    loaded.push(full.startupMs);
    loadedCpu.push(full.startupCpuMs);
    await full.stop();
  }
  const startup = median(loaded);
  const cpuRatio = memory.cpuMicros / file.cpuMicros;

  console.log('');
  console.log('| measurement | in memory | --store-file | ratio / figure | goal |');
  console.log('|---|---:|---:|---:|---|');
  console.log(
    `| POST /v1/investors, 100 new investors per request (req/s; p99 ms) | ${memory.rps.toFixed(0)}; ${memory.p99} | ${file.rps.toFixed(0)}; ${file.p99} | ${ratio.toFixed(2)}x | >= ${RATIO_GOAL}x: ${ratio >= RATIO_GOAL ? 'met' : 'NOT met'} |`,
  );
  console.log(
    `| same, server CPU per request (µs; lower is better) | ${memory.cpuMicros.toFixed(0)} | ${file.cpuMicros.toFixed(0)} | ${cpuRatio.toFixed(2)}x (memory / file) | (req/s a CPU-bound server would reach) |`,
  );
  console.log(
    `| start-up with ${INVESTORS.toLocaleString('en')} stored investors (ms to ready, median of ${STARTUPS}; file ${(statSync(storeFile).size / 2 ** 20).toFixed(0)} MiB) | ${median(baseline).toFixed(0)} (empty) | ${startup.toFixed(0)} | +${(startup - median(baseline)).toFixed(0)} ms to load | < ${STARTUP_GOAL_MS} ms: ${startup < STARTUP_GOAL_MS ? 'met' : 'NOT met'} |`,
  );
  console.log(
    `| same, CPU ms used by the process until ready (median) | ${median(baselineCpu).toFixed(0)} (empty) | ${median(loadedCpu).toFixed(0)} | +${(median(loadedCpu) - median(baselineCpu)).toFixed(0)} ms to load | (wall time on an idle machine is close to this) |`,
  );
  console.log(`(load average at the end: ${load()}; on a shared machine compare runs made minutes apart)`);
  if (memory.bad + file.bad + fill.non2xx + fill.errors > 0) {
    console.log('WARNING: some requests were not answered 2xx; the figures are not comparable.');
    process.exitCode = 1;
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
