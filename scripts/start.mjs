#!/usr/bin/env node
// `pnpm start`: after `turbo run build`, serves the local sandbox, the Prism mock and the docs site side by side,
// prefixes each one's output, prints their URLs, and stops all three on Ctrl-C (or when one of them dies, then with a
// non-zero exit). Ports: SANDBOX_PORT, MOCK_PORT, DOCS_PORT (8080, 4010, 4000). Arguments are the sandbox's
// (`pnpm start --webhook-url http://127.0.0.1:3000/webhooks`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const services = [
  {
    name: 'sandbox',
    bin: 'packages/sandbox/bin/zest-sandbox.js',
    port: process.env.SANDBOX_PORT ?? '8080',
    portVariable: 'SANDBOX_PORT',
    args: process.argv.slice(2),
    what: 'stateful v1 sandbox (token exchange, SPV requests, investors, subscriptions, uploads, webhooks)',
  },
  {
    name: 'mock',
    bin: 'packages/mock/bin/zest-mock.js',
    port: process.env.MOCK_PORT ?? '4010',
    portVariable: 'MOCK_PORT',
    what: 'Prism mock serving the spec examples',
  },
  {
    name: 'docs',
    bin: 'apps/docs/scripts/serve.mjs',
    port: process.env.DOCS_PORT ?? '4000',
    portVariable: 'DOCS_PORT',
    what: 'API reference and guides',
  },
];

const children = [];
let stopping = false;

/**
 * Stops every service, each with its whole process group: a child's own children (the mock's Prism) went on running
 * when the mock was stopped before it had set up its signal handlers. Exits with `code` once they are gone; the
 * exit code used to be 0 whatever happened, as the process ended on its own before the exit timer fired.
 */
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  signalGroups();
  setTimeout(() => process.exit(code), 1500).unref();
}

/** SIGTERM to every service's process group: the service and whatever it started (the mock's Prism). */
function signalGroups() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

/** Whether nothing listens on 127.0.0.1:`port` yet (the services bind there). */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(Number(port), '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

// Before anything starts: a taken port failed one service after the others had printed their banners, with a bare
// EADDRINUSE and no way out named.
for (const service of services) {
  if (!(await portIsFree(service.port))) {
    console.error(
      `[start] port ${service.port} (${service.name}) is in use on 127.0.0.1: stop what holds it, or pick another port, e.g. ${service.portVariable}=${Number(service.port) + 1} pnpm start`,
    );
    process.exit(1);
  }
}

for (const service of services) {
  const bin = join(root, service.bin);
  if (!existsSync(bin)) {
    console.error(`[start] ${service.name}: ${service.bin} is missing; did the build run?`);
    process.exit(1);
  }
  // Its own process group (`detached`), so that stopping it stops what it started too; stdin is not shared.
  const child = spawn(process.execPath, [bin, '--port', service.port, ...(service.args ?? [])], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  const prefix = `[${service.name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.setEncoding('utf8').on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) console.log(prefix + line);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the others`);
      stopAll(code || 1);
    }
  });
}

console.log('\nZest Partner API toolkit is starting:');
for (const service of services) {
  console.log(`  ${service.name.padEnd(8)} http://localhost:${service.port}  ${service.what}`);
}
console.log('Press Ctrl-C to stop.\n');

// Whatever ends this process (an exception too), the services it started in their own groups end with it.
process.on('exit', signalGroups);
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
