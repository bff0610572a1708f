import { execFile, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function gitOutput(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export async function repositoryRoot(cwd: string): Promise<string | undefined> {
  try {
    return (await gitOutput(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return undefined;
  }
}

/** The commit a ref names, or undefined when it names none (so the input is not a git ref). */
export async function resolveCommit(cwd: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  try {
    return (await gitOutput(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the files of `dir` as they are at `commit` under `target` (same relative paths). Returns how many files
 * were written; 0 when the commit has no such directory. One `git cat-file --batch` reads every blob.
 */
export async function exportDirectory(root: string, commit: string, dir: string, target: string): Promise<number> {
  const listing = await gitOutput(root, [
    'ls-tree',
    '-r',
    '-z',
    '--full-tree',
    '--name-only',
    commit,
    '--',
    `${dir.replace(/\/+$/, '')}/`,
  ]);
  const paths = listing.split('\0').filter((p) => p && !p.includes('/node_modules/'));
  if (paths.length === 0) return 0;
  const blobs = await catFiles(
    root,
    paths.map((p) => `${commit}:${p}`),
  );
  for (const [i, path] of paths.entries()) {
    const blob = blobs[i];
    if (!blob) continue;
    const file = join(target, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, blob);
  }
  return paths.length;
}

function catFiles(cwd: string, objects: string[]): Promise<Array<Buffer | undefined>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file failed: ${stderr.trim()}`));
      const out = Buffer.concat(chunks);
      const blobs: Array<Buffer | undefined> = [];
      let offset = 0;
      for (let i = 0; i < objects.length; i++) {
        const newline = out.indexOf(0x0a, offset);
        if (newline === -1) break;
        const header = out.subarray(offset, newline).toString('utf8');
        offset = newline + 1;
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!m) {
          blobs.push(undefined); // "<object> missing"
          continue;
        }
        const size = Number(m[2]);
        blobs.push(m[1] === 'blob' ? out.subarray(offset, offset + size) : undefined);
        offset += size + 1;
      }
      resolvePromise(blobs);
    });
    child.stdin.end(`${objects.join('\n')}\n`);
  });
}
