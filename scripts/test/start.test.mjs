// `pnpm start` before anything is built or started: a port that is already taken is refused up front, naming the
// port, the service and the variable that moves it, with a non-zero exit (it used to print every banner, fail one
// service with a bare EADDRINUSE, and exit 0).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const START = fileURLToPath(new URL('../start.mjs', import.meta.url));

/** A server holding a free port on 127.0.0.1, and that port. */
async function hold() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: server.address().port };
}

function run(env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [START], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

it.each([
  ['sandbox', 'SANDBOX_PORT'],
  ['mock', 'MOCK_PORT'],
  ['docs', 'DOCS_PORT'],
])('refuses a taken %s port before starting anything, naming %s', async (service, variable) => {
  const taken = await hold();
  const free = await hold();
  const freePort = free.port;
  await new Promise((resolve) => free.server.close(resolve));
  const env = { SANDBOX_PORT: String(freePort), MOCK_PORT: String(freePort), DOCS_PORT: String(freePort) };
  env[variable] = String(taken.port);
  try {
    const { code, output } = await run(env);
    expect(code).toBe(1);
    expect(output).toContain(`[start] port ${taken.port} (${service}) is in use on 127.0.0.1`);
    expect(output).toContain(`${variable}=${taken.port + 1} pnpm start`);
    // Nothing was started: no banner, no service output.
    expect(output).not.toContain('is starting');
    expect(output).not.toMatch(/^\[(sandbox|mock|docs)\]/m);
  } finally {
    taken.server.close();
  }
});
