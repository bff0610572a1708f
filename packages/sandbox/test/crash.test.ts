import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tokenFromKeyFile, useTempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/zest-sandbox.js', import.meta.url));
const KILLS = 20;
const CLIENTS = 8;
const work = useTempDir('zest-sandbox-crash-');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** The real bin on a store file, port 0 on loopback; resolves with its URL once it says it is ready. */
async function launch(storeFile: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--quiet', '--store-file', storeFile], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /\(also (http:\/\/127\.0\.0\.1:\d+)\)/.exec(output);
      if (match && output.includes('Press Ctrl-C to stop.')) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`zest-sandbox exited ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

async function tokenFor(url: string): Promise<string> {
  return tokenFromKeyFile(url, JSON.parse(readFileSync(join(work, '.sandbox', 'partner.json'), 'utf8')));
}

interface Sent {
  ackedRound?: number;
  key: string;
  body: string;
  ids: string[];
  /** The answer the client received (2xx), if it received one before the kill. */
  acked?: { status: number; text: string };
}

function investorsBody(ids: string[]): string {
  return JSON.stringify({
    investors: ids.map((id) => ({
      partnerInvestorId: id,
      email: `${id}@example.com`,
      firstName: 'Crash',
      lastName: 'Test',
      dateOfBirth: '1990-01-01',
    })),
  });
}

async function post(
  url: string,
  token: string,
  request: Sent,
): Promise<{ status: number; text: string; replayed: boolean }> {
  const response = await fetch(`${url}/v1/investors`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': request.key },
    body: request.body,
  });
  return {
    status: response.status,
    text: await response.text(),
    replayed: response.headers.get('idempotent-replayed') === 'true',
  };
}

/** A seeded generator, so a failing run can be repeated (the seed is in the test name). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('SIGKILL under concurrent load (--store-file)', () => {
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
  it(`keeps every acknowledged write and never half of an unacknowledged one, over ${KILLS} kills (seed ${seed})`, async () => {
    const next = random(seed);
    const storeFile = join(work, 'state.db');
    const all: Sent[] = [];
    let serial = 0;
    const unresolved: Sent[] = [];

    for (let round = 0; round <= KILLS; round++) {
      const { child, url, output } = await launch(storeFile);
      const token = await tokenFor(url);

      // 1. What was sent before the last kill and never answered: all of it is there, or none of it.
      for (const request of unresolved.splice(0)) {
        const again = await post(url, token, request);
        expect(again.status, output()).toBeLessThan(300);
        const rows = JSON.parse(again.text).results as { status: string }[];
        if (!again.replayed)
          expect(
            rows.every((row) => row.status === 'created'),
            `half-present: ${again.text}`,
          ).toBe(true);
        request.acked = { status: again.status, text: again.text };
      }
      // 2. Everything acknowledged before the last kill: the same answer, replayed, not executed again.
      for (const request of all.filter((r) => r.acked)) {
        if (round % 5 !== 0 && request.ackedRound !== round - 1) continue;
        const again = await post(url, token, request);
        expect(again.replayed, `${request.key} was acknowledged and then lost`).toBe(true);
        expect(again.text).toBe(request.acked!.text);
      }
      if (round === KILLS) {
        child.kill('SIGKILL');
        break;
      }

      // 3. Load: CLIENTS concurrent writers until a random number of acknowledgements, then SIGKILL mid-flight.
      const killAfter = 5 + Math.floor(next() * 40);
      let acks = 0;
      let killed = false;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const writer = async () => {
        while (!killed) {
          const ids = Array.from({ length: 1 + Math.floor(next() * 5) }, () => `crash-${seed}-${++serial}`);
          const request: Sent & { ackedRound?: number } = {
            key: `key-${seed}-${serial}`,
            body: investorsBody(ids),
            ids,
          };
          all.push(request);
          let answer: Awaited<ReturnType<typeof post>>;
          try {
            answer = await post(url, token, request);
          } catch {
            unresolved.push(request); // the connection died with the process
            return;
          }
          expect(answer.status, answer.text).toBeLessThan(300);
          request.acked = { status: answer.status, text: answer.text };
          request.ackedRound = round;
          if (++acks >= killAfter && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, writer));
      await exited;
      // A request sent after the kill decision but answered before the process died is still acknowledged.
      for (const request of all) if (!request.acked && !unresolved.includes(request)) unresolved.push(request);
    }

    // Finally: every acknowledged create is there once, with its event, and nothing else is.
    const { child, url } = await launch(storeFile);
    try {
      const token = await tokenFor(url);
      for (const request of all) {
        const again = await post(url, token, request);
        expect(again.replayed, `${request.key} lost`).toBe(true);
        expect(again.text).toBe(request.acked!.text);
      }
      const persons = new Set(
        all.flatMap((r) =>
          (JSON.parse(r.acked!.text).results as { zestPersonId: string }[]).map((row) => row.zestPersonId),
        ),
      );
      expect(persons.size).toBe(all.reduce((n, r) => n + r.ids.length, 0));
      const deliveries = (await (
        await fetch(`${url}/sandbox/webhook-deliveries?eventType=investor.created`)
      ).json()) as { deliveries: { event: { data: { zestPersonId: string } } }[] };
      expect(new Set(deliveries.deliveries.map((d) => d.event.data.zestPersonId))).toEqual(persons);
      expect(deliveries.deliveries).toHaveLength(persons.size);
      expect(statSync(storeFile).mode & 0o777).toBe(0o600);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});

describe('one process per store file', () => {
  it('refuses a second zest-sandbox on a store file in use, and takes the file over once the first was killed', async () => {
    const storeFile = join(work, 'shared.db');
    const first = await launch(storeFile);
    const second = spawn(process.execPath, [BIN, '--port', '0', '--quiet', '--store-file', storeFile], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(second);
    let output = '';
    second.stdout!.on('data', (chunk) => (output += chunk));
    second.stderr!.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain(`in use by another zest-sandbox (pid ${first.child.pid})`);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const third = await launch(storeFile);
    expect(third.output()).toContain(`took over the lock of pid ${first.child.pid}`);
    third.child.kill('SIGKILL');
  }, 60_000);

  it.runIf(process.platform === 'linux')(
    'takes over the lock of a killed owner nobody reaped, and of a pid now held by another process',
    async () => {
      // A zombie: `sleep` is killed while its parent (a shell that exec'd into another sleep) never waits for it.
      const parent = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
      children.push(parent);
      const zombie = Number(
        await new Promise<string>((resolve) => parent.stdout!.once('data', (d) => resolve(`${d}`))),
      );
      // Only once the shell has become `sleep`: a shell still running would reap its child, and no zombie is left.
      const commOf = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      for (let i = 0; i < 500 && commOf(parent.pid!) !== 'sleep'; i++) await new Promise((r) => setTimeout(r, 10));
      process.kill(zombie, 'SIGKILL');
      const stateOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0];
      for (let i = 0; i < 100 && stateOf(zombie) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(stateOf(zombie)).toBe('Z');
      // A live process that is not the owner: the pid is the parent's, the start time someone else's.
      const cases = [`${zombie}\n`, `${zombie} 1\n`, `${parent.pid} 1\n`];
      for (const [index, lock] of cases.entries()) {
        const storeFile = join(work, `reused-${index}.db`);
        writeFileSync(`${storeFile}.lock`, lock, { mode: 0o600 });
        const started = await launch(storeFile);
        expect(started.output(), lock).toContain('took over the lock of pid');
        started.child.kill('SIGKILL');
      }
      // The owner itself, with its own start time, still holds the file.
      const startedAt = readFileSync(`/proc/${parent.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19];
      const storeFile = join(work, 'owned.db');
      writeFileSync(`${storeFile}.lock`, `${parent.pid} ${startedAt}\n`, { mode: 0o600 });
      await expect(launch(storeFile)).rejects.toThrow(`is in use by another zest-sandbox (pid ${parent.pid})`);
      parent.kill('SIGKILL');
    },
    60_000,
  );

  it('lets exactly one of several zest-sandboxes started at the same moment have a store file, stale lock or none', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    for (let round = 0; round < 6; round++) {
      const dir = mkdtempSync(join(work, 'race-'));
      const storeFile = join(dir, 'state.db');
      // Every other round starts from a lock left by a process that no longer runs: they all try to take it over.
      if (round % 2 === 1) writeFileSync(`${storeFile}.lock`, `${dead.pid}\n`, { mode: 0o600 });
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, () =>
          launch(storeFile).then(
            () => 'started',
            (error: Error) => error.message,
          ),
        ),
      );
      // Killed only once all have settled: a killed holder's lock is stale, and taking it over is right.
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      const started = outcomes.filter((o) => o === 'started');
      expect(started, JSON.stringify(outcomes)).toHaveLength(1);
      for (const refused of outcomes.filter((o) => o !== 'started')) expect(refused).toContain('is in use by another');
      // No temporary lock file is left behind by the losers.
      expect(readdirSync(dir).filter((name) => name.includes('.lock.'))).toEqual([]);
    }
  }, 120_000);
});
