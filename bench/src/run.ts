#!/usr/bin/env node
// pnpm bench: onboarding 10,000 investors through the SDK against the local sandbox, for a grid of chunk sizes and
// concurrencies, against two peers measured in the same run:
//   raw fetch  — one row per request, one request at a time (what a partner writes without the bulk helper);
//   unchunked  — the SDK with every row in one request.
// Every run gets a fresh sandbox process and a fresh client process, so wall time and peak memory are the client's
// own and no run inherits another's state. BENCH_ROWS, BENCH_ROUNDS (median over rounds) and BENCH_GRID
// ("100x1,250x4,...") override the defaults.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describeMode, type Mode } from './onboard.js';
import { benchPartner } from './partner.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GRID: [number, number][] = (process.env.BENCH_GRID ?? '100x1,100x4,100x8,250x1,250x4,250x8,500x1,500x4,500x8')
  .split(',')
  .map((cell) => cell.split('x').map(Number) as [number, number]);

interface Sample {
  wallMs: number;
  created: number;
  other: number;
  requests: number;
  peakRssBytes: number;
  heapGrowthBytes: number;
  sandboxPeakRssBytes: number;
}

const partner = benchPartner();
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before answering`)));
  });
}

async function measure(mode: Mode, label: string): Promise<Sample> {
  const server = spawn(process.execPath, [here('./sandbox-process.js')], {
    env: { ...process.env, ZEST_BENCH_PARTNER: JSON.stringify(partner.config) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const { url } = JSON.parse(await firstLine(server)) as { url: string };
    const client = spawn(
      process.execPath,
      [here('./client-run.js'), JSON.stringify({ baseUrl: url, mode, rows: ROWS, prefix: label })],
      {
        env: { ...process.env, ZEST_BENCH_CREDENTIALS: JSON.stringify(partner.credentials) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const result = JSON.parse(await firstLine(client)) as Omit<Sample, 'sandboxPeakRssBytes'>;
    const serverDone = firstLine(server);
    server.stdin!.end();
    const { peakRssBytes } = JSON.parse(await serverDone) as { peakRssBytes: number };
    if (result.created !== ROWS || result.other !== 0)
      throw new Error(`${label}: ${result.created}/${ROWS} created, ${result.other} other`);
    return { ...result, sandboxPeakRssBytes: peakRssBytes };
  } finally {
    server.kill();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const configs: { label: string; mode: Mode; peer?: string }[] = [
  { label: 'raw', mode: { kind: 'raw-sequential' }, peer: 'raw fetch, 1 row/request, sequential' },
  {
    label: 'unchunked',
    mode: { kind: 'sdk', chunkSize: ROWS, concurrency: 1 },
    peer: `SDK unchunked (one request of ${ROWS} rows)`,
  },
  ...GRID.map(([chunkSize, concurrency]) => ({
    label: `c${chunkSize}x${concurrency}`,
    mode: { kind: 'sdk', chunkSize, concurrency } as Mode,
  })),
];

console.log(
  `Onboarding ${ROWS.toLocaleString('en-US')} investors against the local sandbox; ${ROUNDS} round(s), median reported. Node ${process.version}.`,
);
const samples = new Map<string, Sample[]>();
const started = Date.now();
for (let round = 0; round < ROUNDS; round += 1) {
  // Rotate the order every round so slow drift on a shared machine does not always hit the same configuration.
  const order = configs.map((_, i) => configs[(i + round) % configs.length]!);
  for (const config of order) {
    const sample = await measure(config.mode, `${config.label}-r${round}`);
    samples.set(config.label, [...(samples.get(config.label) ?? []), sample]);
    process.stdout.write(
      `  ${(config.peer ?? describeMode(config.mode)).padEnd(42)} ${(sample.wallMs / 1000).toFixed(2)} s\n`,
    );
  }
}

const rows = configs.map((config) => {
  const list = samples.get(config.label)!;
  return {
    ...config,
    name: config.peer ?? describeMode(config.mode),
    wallMs: median(list.map((s) => s.wallMs)),
    requests: list[0]!.requests,
    peakRss: median(list.map((s) => s.peakRssBytes)),
    heapGrowth: median(list.map((s) => s.heapGrowthBytes)),
    sandboxRss: median(list.map((s) => s.sandboxPeakRssBytes)),
  };
});
const grid = rows.filter((r) => !r.peer);
const best = grid.reduce((a, b) => (b.wallMs < a.wallMs || (b.wallMs === a.wallMs && b.peakRss < a.peakRss) ? b : a));
const raw = rows.find((r) => r.label === 'raw')!;
const unchunked = rows.find((r) => r.label === 'unchunked')!;

console.log('');
console.log(
  '| configuration | wall time | rows/s | requests | client peak RSS | client heap growth | sandbox peak RSS |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const mark = r === best ? ' **(best)**' : '';
  console.log(
    `| ${r.name}${mark} | ${(r.wallMs / 1000).toFixed(2)} s | ${Math.round((ROWS / r.wallMs) * 1000).toLocaleString('en-US')} | ${r.requests.toLocaleString('en-US')} | ${mb(r.peakRss)} MB | ${mb(r.heapGrowth)} MB | ${mb(r.sandboxRss)} MB |`,
  );
}
console.log('');
console.log(
  `Best: ${best.name}: ${(best.wallMs / 1000).toFixed(2)} s, ${Math.round((ROWS / best.wallMs) * 1000).toLocaleString('en-US')} rows/s, client peak RSS ${mb(best.peakRss)} MB.`,
);
const versus = (peer: (typeof rows)[number]) => {
  const ratio = peer.wallMs / best.wallMs;
  const speed = ratio >= 1 ? `${ratio.toFixed(2)}x faster` : `${(1 / ratio).toFixed(2)}x slower`;
  console.log(
    `  vs ${peer.name}: ${speed} (wall ${(peer.wallMs / 1000).toFixed(2)} s / ${(best.wallMs / 1000).toFixed(2)} s), ` +
      `peak RSS ${mb(best.peakRss)} / ${mb(peer.peakRss)} MB, heap growth ${mb(best.heapGrowth)} / ${mb(peer.heapGrowth)} MB`,
  );
};
versus(raw);
versus(unchunked);
console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s in total)`);
