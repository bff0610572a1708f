import { describe, expect, it } from 'vitest';
import { runCommand, runNode } from '../src/index.js';

const script = (source: string) => ['--input-type=module', '-e', source];

describe('runCommand / runNode', () => {
  it('resolves a non-zero exit with both streams, each whole, and output as stdout then stderr', async () => {
    const run = await runCommand(
      process.execPath,
      script("process.stderr.write('é on stderr'); process.stdout.write('€ on stdout'); process.exitCode = 3;"),
    );
    expect(run).toEqual({
      code: 3,
      signal: null,
      stdout: '€ on stdout',
      stderr: 'é on stderr',
      output: '€ on stdout' + 'é on stderr',
    });
  });

  it('runs a script file with this Node, passing the arguments, the working folder and the whole environment', async () => {
    const file = new URL('./fixtures/echo.mjs', import.meta.url).pathname;
    const run = await runNode(file, ['--check', 'a b'], { cwd: '/', env: { ONLY: 'this' } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ args: ['--check', 'a b'], cwd: '/', env: { ONLY: 'this' } });
  });

  it('kills a child that outlives timeoutMs, and reports the signal', async () => {
    const started = Date.now();
    const run = await runCommand(process.execPath, script('setInterval(() => {}, 1000);'), { timeoutMs: 200 });
    expect(run).toMatchObject({ code: null, signal: 'SIGKILL' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('shows the output so far while the child runs, and rejects only a command that cannot start', async () => {
    const seen: string[] = [];
    await runCommand(process.execPath, script("console.log('one'); setTimeout(() => console.error('two'), 50);"), {
      onStdout: (soFar) => seen.push(`out:${soFar}`),
      onStderr: (soFar) => seen.push(`err:${soFar}`),
    });
    expect(seen).toEqual(['out:one\n', 'err:two\n']);
    await expect(runCommand('/no/such/command', [])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
