#!/usr/bin/env node
// `pnpm start`: after `turbo run build`, serves the local sandbox, the Prism mock and the docs site side by side,
// prefixes each one's output, prints their URLs, and stops all three on Ctrl-C (or when one of them dies).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const services = [
  {
    name: 'sandbox',
    bin: 'packages/sandbox/bin/zest-sandbox.js',
    port: process.env.SANDBOX_PORT ?? '8080',
    what: 'stateful v1 sandbox (token exchange, SPV requests, investors, subscriptions, uploads, webhooks)',
  },
  {
    name: 'mock',
    bin: 'packages/mock/bin/zest-mock.js',
    port: process.env.MOCK_PORT ?? '4010',
    what: 'Prism mock serving the spec examples',
  },
  {
    name: 'docs',
    bin: 'apps/docs/scripts/serve.mjs',
    port: process.env.DOCS_PORT ?? '4000',
    what: 'API reference and guides',
  },
];

const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}

for (const service of services) {
  const bin = join(root, service.bin);
  if (!existsSync(bin)) {
    console.error(`[start] ${service.name}: ${service.bin} is missing; did the build run?`);
    process.exit(1);
  }
  const child = spawn(process.execPath, [bin, '--port', service.port], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
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

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
