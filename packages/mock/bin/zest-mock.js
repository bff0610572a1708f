#!/usr/bin/env node
// zest-mock [--port 4010] [--host 127.0.0.1] [--dynamic]: Prism over the bundled Zest Partner API spec.
import { parseArgs } from 'node:util';
import { startMock } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    dynamic: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('Usage: zest-mock [--port 4010] [--host 127.0.0.1] [--dynamic]');
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`zest-mock: --port must be an integer between 0 and 65535, got "${values.port}"`);
  process.exit(2);
}
const mock = await startMock({ port, host: values.host, dynamic: values.dynamic });
console.log(`Zest Partner API mock (Prism) listening on ${mock.url}`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => mock.stop().then(() => process.exit(0)));
}
