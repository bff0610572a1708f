// What `zest-sandbox` tells a partner to do on its first start, done literally: start the real bin in an empty
// folder, read the environment file it names, and run the SDK snippet it prints as an ES module (it once printed
// TypeScript's `!` in a snippet labelled "Node 20.19+, ESM", which Node refuses with a SyntaxError).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const BIN = join(dirname(require.resolve('@zestequity/partner-sandbox/package.json')), 'bin', 'zest-sandbox.js');
const cwd = mkdtempSync(join(tmpdir(), 'zest-banner-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(cwd, { recursive: true, force: true });
});

/** The banner, once the sandbox says it is ready. */
function start(): Promise<string> {
  child = spawn(process.execPath, [BIN, '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child!.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Press Ctrl-C to stop.')) resolve(output);
    });
    child!.once('exit', (code) => reject(new Error(`zest-sandbox exited ${code}: ${output}`)));
  });
}

/** `export NAME=value` lines of the env file, as `source` would set them (values are written unquoted or '…'). */
function sourced(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of readFileSync(file, 'utf8').matchAll(/^export (\w+)=(.*)$/gm)) {
    const value = match[2]!;
    env[match[1]!] = value.startsWith("'") && value.endsWith("'") ? value.slice(1, -1) : value;
  }
  return env;
}

it('prints steps that work as printed: source the env file, run the SDK snippet', async () => {
  const banner = await start();
  const envFile = /^\s+source (\S+)$/m.exec(banner)?.[1];
  expect(envFile, banner).toBeDefined();
  const step = banner.slice(banner.indexOf('2. Call the API with the SDK'), banner.indexOf('Without the SDK'));
  const code = step
    .split('\n')
    .filter((line) => /^ {7,}\S/.test(line) && !line.trim().startsWith('npm '))
    .map((line) => line.trim());
  expect(code.length, step).toBeGreaterThan(2);
  // Next to this package's node_modules, so the snippet's imports resolve as in a partner's app.
  const script = join(fileURLToPath(new URL('..', import.meta.url)), `.banner-snippet-${process.pid}.mjs`);
  writeFileSync(script, `${code.join('\n')}\nconsole.log(JSON.stringify(data));\n`);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      env: { PATH: process.env.PATH ?? '', ...sourced(envFile!) },
      cwd,
      timeout: 30_000,
    });
    const info = JSON.parse(stdout) as { clientId: string };
    expect(info.clientId).toBe(sourced(envFile!).ZEST_CLIENT_ID);
  } finally {
    rmSync(script, { force: true });
  }
});
