// One measured onboarding run in a fresh process: argv[2] is the JSON of { baseUrl, mode, rows, prefix }, the
// credentials come from ZEST_BENCH_CREDENTIALS. Prints one JSON line: the outcome plus peak memory, sampled
// every 5 ms (heap) and read from the kernel's high-water mark (RSS).
import { type Credentials, type Mode, onboard } from './onboard.js';

const { baseUrl, mode, rows, prefix } = JSON.parse(process.argv[2] ?? '{}') as {
  baseUrl: string;
  mode: Mode;
  rows: number;
  prefix: string;
};
const credentials = JSON.parse(process.env.ZEST_BENCH_CREDENTIALS ?? 'null') as Credentials;

const baselineHeap = process.memoryUsage().heapUsed;
let peakHeap = baselineHeap;
const sampler = setInterval(() => {
  const used = process.memoryUsage().heapUsed;
  if (used > peakHeap) peakHeap = used;
}, 5);
const outcome = await onboard(baseUrl, credentials, mode, rows, prefix);
clearInterval(sampler);
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
process.stdout.write(
  `${JSON.stringify({ ...outcome, peakRssBytes: process.resourceUsage().maxRSS * 1024, peakHeapBytes: peakHeap, heapGrowthBytes: peakHeap - baselineHeap })}\n`,
);
