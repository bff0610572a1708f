import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Mode of every file the sandbox writes that holds partner data or secrets: owner read/write only. */
export const PRIVATE_MODE = 0o600;

/** Thrown when a path for partner data would be readable or replaceable by other users. */
export class UnsafePathError extends Error {}

const myUid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/**
 * Refuses a path for partner data where another local user could read or swap it. A world-writable folder that
 * someone else owns (`/tmp`, a shared volume) lets any user create or, without the sticky bit, rename entries in it:
 * without the sticky bit they can replace the store file between two writes, so that is refused outright; with it
 * (as `/tmp` has), only a file already there that someone else owns, or a symlink, is refused, since that one was
 * planted. A folder the sandbox's user owns, or one only it can write to, is always fine. No-op where there are no
 * Unix user ids (Windows).
 */
export function assertPrivatePath(path: string): void {
  const uid = myUid();
  if (uid === undefined) return;
  const dir = dirname(path);
  let info: Stats;
  try {
    info = statSync(dir);
  } catch {
    return; // created by us (0700) on first write
  }
  const worldWritable = (info.mode & 0o002) !== 0;
  if (!worldWritable || info.uid === uid) return;
  const sticky = (info.mode & 0o1000) !== 0; // S_ISVTX;
  if (!sticky) {
    throw new UnsafePathError(
      `refusing ${path}: its folder ${dir} is writable by every user, has no sticky bit and is not yours, so another user could replace or read the store file; choose a folder you own (e.g. ./.sandbox/state.db)`,
    );
  }
  let entry: Stats;
  try {
    entry = lstatSync(path);
  } catch {
    return; // absent: created with O_EXCL, owned by us
  }
  if (entry.isSymbolicLink() || entry.uid !== uid) {
    throw new UnsafePathError(
      `refusing ${path}: it is in the shared folder ${dir} and is ${entry.isSymbolicLink() ? 'a symbolic link' : `owned by another user (uid ${entry.uid})`}, so its contents could reach someone else; remove it or choose a folder you own`,
    );
  }
}

/** fsync a folder so a rename or a new file in it survives a crash (best effort where folders cannot be opened). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A new temporary file next to `path`, created exclusively (never an existing file or a planted link), mode 0600.
 * Its name ends in `suffix`: the file store removes `.tmp` ones of its file at start-up as unfinished compactions.
 */
export function openPrivateTemp(path: string, suffix = '.tmp'): { fd: number; temp: string } {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${suffix}`);
  const fd = openSync(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    PRIVATE_MODE,
  );
  return { fd, temp };
}

/**
 * `mkdir -p` with mode 0700 for what it creates. Not `mkdirSync(dir, { recursive: true })`: under `/proc` (and
 * other pseudo file systems) a parent that exists still answers ENOENT for a child, and Node's recursive mkdir then
 * creates the parent and retries the child forever, at full CPU (`--store-file /proc/x/state.db` hung with no
 * output). Here each missing folder is made once, top down, and the first refusal is the error.
 */
export function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(folder).isDirectory()) continue;
      throw new Error(`cannot create the folder ${folder}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/**
 * Writes a file holding partner data or secrets: 0600 from its first byte, complete or not at all (temporary file,
 * fsync, rename over the old one, fsync of the folder). A reader never sees half of it, and an old world-readable
 * file is replaced by a private one.
 */
export function writePrivateFileSync(path: string, data: string | Uint8Array): void {
  makeDirectories(dirname(path));
  assertPrivatePath(path);
  const { fd, temp } = openPrivateTemp(path);
  let open = true;
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    open = false;
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    if (open) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {}
    throw error;
  }
  fsyncDir(dirname(path));
}

/**
 * Creates `path` holding `text`, complete from the moment it exists, or fails with EEXIST: the text goes into a
 * private temporary file first, which is then hard-linked under `path` (link(2) never replaces an existing file).
 * Mode 0600. Created and then written, the store's lock file was briefly empty: a second sandbox starting at that
 * moment read no pid, took it for a stale lock, removed it, and both opened the store.
 */
export function createPrivateFileExclusive(path: string, text: string): void {
  // Not `.tmp`: the file store would take a lock's temporary file for an unfinished compaction of its file.
  const { fd, temp } = openPrivateTemp(path, '.new');
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temp, path);
  } finally {
    try {
      unlinkSync(temp);
    } catch {}
  }
}
