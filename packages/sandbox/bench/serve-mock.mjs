// Runs @zestequity/partner-api-mock in its own process for the benchmark, so neither its proxy nor Prism shares
// an event loop with the load generator. Prints one JSON line with both URLs; stops on SIGTERM.
import { startMock } from '@zestequity/partner-api-mock';

const mock = await startMock({ port: 0 });
process.stdout.write(`${JSON.stringify({ url: mock.url, prismUrl: mock.prismUrl })}\n`);
process.on('SIGTERM', () => void mock.stop().then(() => process.exit(0)));
