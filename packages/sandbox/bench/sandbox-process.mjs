// What the sandbox benchmarks share: the sandbox as its own process (the way partners run it), with a fresh
// partner and an access token, and the CPU time a process has used, read from /proc.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTestPartner } from '@zestequity/testing';

// SANDBOX_BIN: another build's bin (e.g. a worktree of an older commit), to compare two builds with one harness.
export const SANDBOX_BIN = process.env.SANDBOX_BIN ?? fileURLToPath(new URL('../bin/zest-sandbox.js', import.meta.url));

/** A /proc stat line's fields after the command name: [2] is the parent pid, [11] and [12] user and system ticks. */
function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system) a process has used so far (Linux; NaN elsewhere). */
export function cpuSeconds(pid) {
  try {
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds used so far by a process and all its descendants (the mock is a proxy in front of Prism). */
export function treeCpuSeconds(rootPid) {
  const stats = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(entry);
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {}
  }
  if (stats.size === 0) return NaN;
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, stat] of stats) if (stat.ppid === pid) stack.push(child);
  }
  return ticks / 100;
}

/**
 * Spawns `node <args>`, or `<launcher...> node <args>` (e.g. under valgrind); its stderr is shown, or kept for `stop()`
 * to return when there is a launcher (valgrind's report).
 */
function spawnNode(args, { launcher = [], cwd } = {}) {
  const [command, ...rest] = [...launcher, process.execPath, ...args];
  const child = spawn(command, rest, { cwd, stdio: ['ignore', 'pipe', launcher.length > 0 ? 'pipe' : 'inherit'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return {
    child,
    /** SIGTERM, then what the process wrote to a kept stderr once it has exited. */
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null && child.signalCode === null)
        await new Promise((resolve) => child.once('exit', resolve));
      return stderr;
    },
  };
}

/** Runs a script that prints one JSON line of URLs once it listens (the mock, the floor server). */
export async function startScriptProcess(script, args = [], { launcher } = {}) {
  const { child, stop } = spawnNode([script, ...args], { launcher });
  let output = '';
  const urls = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}: ${output}`)));
  });
  return { ...urls, pid: child.pid, stop };
}

/**
 * `zest-sandbox --quiet` in its own process with one fresh partner (`--store-file` when `storeFile` is given),
 * ready when it prints its URL; `headers` carry an access token for that partner. `startupMs` and `startupCpuMs`
 * are the wall and CPU time from spawn to ready. `launcher`: a command line to run node under (valgrind).
 */
export async function startSandboxProcess({ storeFile, launcher } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'zest-sandbox-bench-'));
  const partner = makeTestPartner({ clientId: 'client_bench', issuer: 'https://bench.partner.example' });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ partners: [partner.config] }));
  const args = [SANDBOX_BIN, '--port', '0', '--config', join(dir, 'config.json'), '--quiet'];
  if (storeFile) args.push('--store-file', storeFile);
  const began = process.hrtime.bigint();
  const { child, stop } = spawnNode(args, { launcher, cwd: dir });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /\(also (http:\/\/127\.0\.0\.1:\d+)\)/.exec(output);
      if (match && output.includes('Press Ctrl-C to stop.')) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}: ${output}`)));
  });
  const startupMs = Number(process.hrtime.bigint() - began) / 1e6;
  const startupCpuMs = cpuSeconds(child.pid) * 1000;
  const { accessToken } = await fetch(`${url}/v1/oauth2/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: await partner.assertion(url),
    }),
  }).then((r) => r.json());
  return {
    url,
    pid: child.pid,
    startupMs,
    startupCpuMs,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    async stop() {
      const stderr = await stop();
      rmSync(dir, { recursive: true, force: true });
      return stderr;
    },
  };
}
