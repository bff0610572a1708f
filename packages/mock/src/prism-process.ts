import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The bundled spec this package mocks. */
export const bundledSpecPath: string = require.resolve('@zestequity/partner-api-spec/openapi.json');

function prismBin(): string {
  const pkgPath = require.resolve('@stoplight/prism-cli/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.prism;
  if (!bin) throw new Error('@stoplight/prism-cli declares no `prism` bin');
  return join(dirname(pkgPath), bin);
}

/** Asks the OS for a free loopback port (Prism cannot listen on port 0 itself). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface PrismProcess {
  url: string;
  /** Resolves, with why, if Prism exits on its own (never after `stop()`). */
  died: Promise<string>;
  stop(): Promise<void>;
}

/** Starts `prism mock` on the bundled spec and resolves once it answers HTTP. */
export async function startPrism(options: {
  port: number;
  host: string;
  specPath?: string;
  dynamic?: boolean;
  startupTimeoutMs?: number;
}): Promise<PrismProcess> {
  const args = [
    prismBin(),
    'mock',
    options.specPath ?? bundledSpecPath,
    '-p',
    String(options.port),
    '-h',
    options.host,
    '-v',
    'error',
  ];
  if (options.dynamic) args.push('--dynamic');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const url = `http://${options.host}:${options.port}`;
  try {
    await waitUntilListening(url, child, options.startupTimeoutMs ?? 30_000, () => stderr);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  let stopping = false;
  const died = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      // The last line that is not a stack frame: the reason, not where in Prism it was thrown.
      const last = stderr
        .trim()
        .split('\n')
        .filter((line) => !/^\s*at /.test(line))
        .at(-1);
      if (!stopping) resolve(`Prism exited (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}`);
    });
  });
  return {
    url,
    died,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

async function waitUntilListening(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode}: ${stderr()}`);
    try {
      await fetch(`${url}/public/hc`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Prism did not start within ${timeoutMs} ms: ${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
