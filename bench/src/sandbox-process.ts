// A sandbox in a process of its own, so that the client's memory is measured without the server's. Reads the
// partner from ZEST_BENCH_PARTNER (JSON), prints `{"url": ...}` on its first line, reports its own peak RSS and
// exits when its stdin closes.
import { startSandbox } from '@zestequity/partner-sandbox';

const partner = JSON.parse(process.env.ZEST_BENCH_PARTNER ?? 'null');
if (!partner) throw new Error('ZEST_BENCH_PARTNER is not set');
const sandbox = await startSandbox({ port: 0, partners: [partner] });
process.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await sandbox.stop();
  process.stdout.write(`${JSON.stringify({ peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
  process.exit(0);
});
