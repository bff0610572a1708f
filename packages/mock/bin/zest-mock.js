#!/usr/bin/env node
// zest-mock [--port 4010] [--host 127.0.0.1] [--dynamic] [--upstream-timeout-ms 10000]: Prism over the bundled Zest
// Partner API spec.
import { parseArgs } from 'node:util';
import { MockOptionsError, startMock } from '../dist/index.js';

const USAGE = 'Usage: zest-mock [--port 4010] [--host 127.0.0.1] [--dynamic] [--upstream-timeout-ms 10000]';

/** A mistake in the command line is one line and the usage, never a stack trace. */
function refuse(message, code = 2) {
  console.error(`zest-mock: ${message}${code === 2 ? `\n${USAGE}` : ''}`);
  process.exit(code);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      dynamic: { type: 'boolean', default: false },
      'upstream-timeout-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  refuse(error.message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
// Digits only: Number('') is 0 (a random port) and Number('0x1F90') is 8080.
const port = /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
if (!Number.isInteger(port) || port < 0 || port > 65535)
  refuse(`--port must be an integer between 0 and 65535, got "${values.port}"`);
const timeoutText = values['upstream-timeout-ms'];
const upstreamTimeoutMs =
  timeoutText === undefined ? undefined : /^\d+$/.test(timeoutText) ? Number(timeoutText) : Number.NaN;
if (upstreamTimeoutMs !== undefined && !(upstreamTimeoutMs >= 1 && upstreamTimeoutMs <= 2 ** 31 - 1))
  refuse(`--upstream-timeout-ms must be an integer from 1 to 2147483647, got "${timeoutText}"`);
// Options startMock refuses (an empty --host) are usage mistakes (exit 2); anything else is the mock failing (exit 1).
const mock = await startMock({ port, host: values.host, dynamic: values.dynamic, upstreamTimeoutMs }).catch((error) =>
  error instanceof MockOptionsError ? refuse(error.message) : refuse(`cannot start: ${error.message}`, 1),
);
console.log(`Zest Partner API mock (Prism) listening on ${mock.url}`);
// A mock whose Prism is gone can only answer 503: say so on one line and exit instead of running on.
mock.prismExited.then((why) =>
  mock.stop().then(() => {
    console.error(`zest-mock: ${why}`);
    process.exit(1);
  }),
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => mock.stop().then(() => process.exit(0)));
}
