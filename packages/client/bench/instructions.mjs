#!/usr/bin/env node
// A second, noise-free view of the per-call overhead: CPU instructions per call counted by valgrind's callgrind
// (deterministic, unlike wall time on a shared machine). Each client runs bench/calls.mjs twice, with N1 and N2 calls
// after the same warm-up; (I(N2) - I(N1)) / (N2 - N1) is its cost per call, start-up and warm-up cancelled out.
// Slow (valgrind runs Node ~50x slower): run with `pnpm --filter @zestequity/partner-api-client bench:instructions`.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const N1 = 1000;
const N2 = 5000;
const GOAL = 1.1;
const script = fileURLToPath(new URL('./calls.mjs', import.meta.url));

function instructions(client, op, n) {
  return new Promise((resolve, reject) => {
    execFile(
      'valgrind',
      ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, script, client, op, String(n)],
      { maxBuffer: 1 << 24 },
      (error, _stdout, stderr) => {
        const refs = /refs:\s+([\d,]+)/.exec(stderr)?.[1];
        if (error || !refs) return reject(error ?? new Error(`no instruction count:\n${stderr}`));
        resolve(Number(refs.replace(/,/g, '')));
      },
    );
  });
}

const jobs = [];
for (const op of ['get', 'post'])
  for (const client of ['raw', 'bare', 'sdk', 'sdk-defaults']) jobs.push({ op, client });
// Two at a time: the machine has two cores; counts do not depend on scheduling.
const results = {};
let next = 0;
await Promise.all(
  [0, 1].map(async () => {
    while (next < jobs.length) {
      const { op, client } = jobs[next++];
      const [a, b] = [await instructions(client, op, N1), await instructions(client, op, N2)];
      results[op] ??= {};
      results[op][client] = (b - a) / (N2 - N1);
    }
  }),
);

console.log(`Instructions per call (valgrind callgrind, Node ${process.version}, (I(${N2}) - I(${N1})) / ${N2 - N1})`);
let worst = 0;
for (const op of ['get', 'post']) {
  const r = results[op];
  console.log(`\n${op === 'get' ? 'GET /v1/spv-requests/{slug}' : 'POST /v1/spv-requests'}`);
  for (const client of ['raw', 'bare', 'sdk', 'sdk-defaults'])
    console.log(`  ${client.padEnd(14)} ${Math.round(r[client]).toLocaleString('en-US').padStart(9)} instructions`);
  const ratio = r.sdk / r.bare;
  worst = Math.max(worst, ratio);
  console.log(
    `  SDK ${ratio.toFixed(3)}× bare openapi-fetch, ${(r.sdk / r.raw).toFixed(3)}× raw fetch; with the default timeout ${(r['sdk-defaults'] / r.bare).toFixed(3)}× bare`,
  );
}
console.log(
  `\nworst SDK / bare openapi-fetch: ${worst.toFixed(3)}× — ${worst <= GOAL ? 'within' : 'OVER'} the ${GOAL.toFixed(2)}× goal`,
);
