import {
  closeSync,
  constants,
  fchmodSync,
  fdatasync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  write,
  writeSync,
  writev,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  assertPrivatePath,
  createPrivateFileExclusive,
  fsyncDir,
  makeDirectories,
  openPrivateTemp,
  PRIVATE_MODE,
  writePrivateFileSync,
} from '../private-file.js';
import {
  encodeRecord,
  encodeSnapshot,
  HEADER,
  intactRecordsAfter,
  JOURNAL_VERSION,
  LEGACY_FORMAT,
  newerJournalVersion,
  OLDER_HEADERS,
  replay,
  reviveBytes,
  UnreadableRecordError,
} from './journal.js';
import { MemoryStore } from './memory.js';
import { COLLECTIONS, type Collection, type Op } from './store.js';

const writeAsync = promisify(write);
const writevAsync = promisify(writev);
const fdatasyncAsync = promisify(fdatasync);

/** A store file that cannot be opened or read as one: the sandbox refuses to start rather than replace it. */
export class StoreFileError extends Error {}

export interface FileStoreOptions {
  /** Where recovery notes go (what was dropped, migrated, cleaned up). Default: stderr. */
  notice?: (line: string) => void;
  /** Compact once the journal has grown by this many bytes (and by more than the last snapshot). Default 16 MiB. */
  compactAfterBytes?: number;
}

/**
 * The memory store made durable by an append-only journal in one file (`journal.ts` has the format).
 *
 * - Each commit (a request's transaction, or a lone write) is one checksummed record. Commits are appended in
 *   groups: while one write + fdatasync is under way, the commits that arrive meanwhile wait and go out together in
 *   the next one, so N concurrent requests cost about one disk sync, not N. `durable()` resolves once the caller's
 *   commits are synced; the server answers only then, so an acknowledged write survives a SIGKILL or power loss.
 * - When the journal has grown past the snapshot it started from, it is compacted: the committed state is written
 *   to a temporary file (0600), fsynced, renamed over the store file and the folder fsynced. A crash leaves the old
 *   file or the new one, never half of one; a leftover temporary file is removed on the next start.
 * - On start the records are replayed in order up to the first torn or damaged one (a crash in the middle of an
 *   append); what follows is cut off, kept beside the file as `<file>.dropped-<offset>` and reported. A 1.x JSON
 *   snapshot is read and migrated (the original kept as `<file>.v1.bak`). Anything else is refused, never replaced.
 */
export class FileStore extends MemoryStore {
  protected override readonly journals = true;
  readonly path: string;
  /** What the last start recovered, dropped, migrated or cleaned up (also sent to `notice`). */
  readonly notices: string[] = [];
  private fd = -1;
  private size = 0;
  private baseBytes = 0;
  private pending: Buffer[] = [];
  private seq = 0;
  private flushedSeq = 0;
  private waiters: { seq: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  private scheduled = false;
  /** Ops in the journal file (a set or delete each); compared with the live keys to see how much is superseded. */
  private journalOps = 0;
  /** Groups of commits being written and synced, oldest first. */
  private groups: { covered: number; done: boolean }[] = [];
  private compacting: Promise<void> | undefined;
  private failure: Error | undefined;
  private loading = true;
  private closed = false;
  private readonly compactAfterBytes: number;
  private readonly notice: (line: string) => void;

  constructor(path: string, options: FileStoreOptions = {}) {
    super();
    this.path = resolve(path);
    this.compactAfterBytes = options.compactAfterBytes ?? 16 << 20;
    this.notice = options.notice ?? ((line) => console.error(`[zest-sandbox] ${line}`));
    makeDirectories(dirname(this.path));
    assertPrivatePath(this.path);
    assertRegularFileOrAbsent(this.path);
    this.lock();
    try {
      this.removeUnfinishedCompactions();
      this.open();
    } catch (error) {
      this.unlock();
      throw error;
    }
    this.loading = false;
  }

  private get lockPath(): string {
    return `${this.path}.lock`;
  }

  /**
   * One process per store file: two sandboxes appending to one journal would interleave their records. The lock is
   * a file holding the owner's pid (and start time, `lockOwner`), which appears complete or not at all
   * (`createPrivateFileExclusive`); one left by a process that no longer runs (a SIGKILL) is taken over.
   */
  private lock(): void {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        createPrivateFileExclusive(this.lockPath, lockOwner());
        OPEN_PATHS.add(this.path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let text: string;
      try {
        text = readFileSync(this.lockPath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile: try again
        // A folder (or anything else unreadable) in the lock's place: name it, not just "EISDIR: ..., read".
        throw this.cannotLock(error);
      }
      const [ownerText, ownerStartedAt] = text.trim().split(' ');
      const owner = Number.parseInt(ownerText ?? '', 10);
      // This process's own pid: another store of this process has the file open (two `startSandbox` calls on one
      // store file), unless it was left by a process that had this pid before; only the open-store list can tell.
      if (owner === process.pid && OPEN_PATHS.has(this.path)) {
        throw new StoreFileError(
          `${this.path} is already open in this process; stop that sandbox or pass another store file`,
        );
      }
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner, ownerStartedAt))
        throw this.inUse(owner);
      if (this.removeStaleLock(text) && Number.isInteger(owner) && owner !== process.pid)
        this.note(`${this.path}: took over the lock of pid ${owner}, which no longer runs`);
    }
    throw new StoreFileError(`cannot lock ${this.path}: ${this.lockPath} keeps reappearing`);
  }

  private cannotLock(error: unknown): StoreFileError {
    return new StoreFileError(
      `cannot lock ${this.path}: ${this.lockPath} cannot be read (${(error as Error).message}); move it away or pass another --store-file`,
    );
  }

  private inUse(owner: number): StoreFileError {
    return new StoreFileError(
      `${this.path} is in use by another zest-sandbox (pid ${owner}); stop it or pass another --store-file`,
    );
  }

  /**
   * Removes the lock judged stale (it held `stale`), and only that one: it is moved aside first and checked. Two
   * sandboxes taking over one stale lock at the same moment could otherwise each delete the fresh lock the other had
   * just made, and both would write the store. Returns false when the lock was already gone.
   */
  private removeStaleLock(stale: string): boolean {
    const aside = `${this.lockPath}.${process.pid}.stale`;
    try {
      renameSync(this.lockPath, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    const moved = readFileSync(aside, 'utf8');
    if (moved !== stale) {
      // Another sandbox's fresh lock: put it back (a link never replaces a newer one) and give way to it.
      try {
        linkSync(aside, this.lockPath);
      } catch {}
      unlinkSync(aside);
      throw this.inUse(Number.parseInt(moved, 10));
    }
    unlinkSync(aside);
    return true;
  }

  private unlock(): void {
    OPEN_PATHS.delete(this.path);
    try {
      unlinkSync(this.lockPath);
    } catch {
      // Already gone.
    }
  }

  private note(line: string): void {
    this.notices.push(line);
    this.notice(line);
  }

  private removeUnfinishedCompactions(): void {
    const prefix = `.${basename(this.path)}.`;
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    for (const name of readdirSync(dirname(this.path))) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const full = join(dirname(this.path), name);
      if (uid !== undefined && lstatSync(full).uid !== uid) continue;
      unlinkSync(full);
      this.note(`${this.path}: removed ${name}, a compaction that did not finish (the store file itself is complete)`);
    }
  }

  private open(): void {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT')
        throw new StoreFileError(`cannot read the store file ${this.path}: ${(error as Error).message}`);
      this.writeSnapshotSync();
      return;
    }
    if (bytes.subarray(0, HEADER.length).equals(HEADER)) {
      this.recover(bytes);
      return;
    }
    if (OLDER_HEADERS.some((older) => bytes.subarray(0, older.length).equals(older))) {
      this.recover(bytes);
      this.writeSnapshotSync();
      this.note(
        `${this.path}: rewritten in the journal format of this version (an older zest-sandbox refuses it now rather than misread it)`,
      );
      return;
    }
    const text = bytes.subarray(0, 64).toString('utf8').trimStart();
    if (text.startsWith('{')) {
      this.migrateLegacy(bytes);
      return;
    }
    if (bytes.length < HEADER.length && HEADER.subarray(0, bytes.length).equals(bytes)) {
      // Only a file this version created can look like this (a crash before the header was synced): it held nothing.
      this.note(`${this.path}: the file held only part of its header and no data; starting empty`);
      this.writeSnapshotSync();
      return;
    }
    const newer = newerJournalVersion(bytes);
    if (newer !== undefined)
      throw new StoreFileError(
        `${this.path} was written by a newer zest-sandbox (journal format ${newer}; this version reads up to ${JOURNAL_VERSION}); upgrade @zestequity/partner-sandbox, or pass another --store-file`,
      );
    throw new StoreFileError(
      `${this.path} is not a zest-sandbox store file (it starts with ${JSON.stringify(bytes.subarray(0, 24).toString('latin1'))}); refusing to start rather than overwrite it. Move it away or pass another --store-file.`,
    );
  }

  private recover(bytes: Buffer): void {
    let ops = 0;
    let result: ReturnType<typeof replay>;
    try {
      result = replay(bytes, (batch) => {
        ops += batch.length;
        this.apply(batch);
      });
    } catch (error) {
      if (!(error instanceof UnreadableRecordError)) throw error;
      throw new StoreFileError(
        `${this.path} holds ${error.message} (written by another version of zest-sandbox?); refusing to start rather than drop it`,
      );
    }
    if (result.damage) {
      const intact = intactRecordsAfter(bytes, result.validBytes);
      if (intact > 0)
        throw new StoreFileError(
          `${this.path} is damaged at offset ${result.validBytes} (${result.damage}), but ${intact} intact commits follow: it was damaged after it was written, not cut off by a crash. Refusing to start rather than drop acknowledged writes; restore it from a backup, or move it away to start empty.`,
        );
    }
    this.fd = this.openForAppend();
    if (result.damage) {
      const dropped = bytes.subarray(result.validBytes);
      const keep = `${this.path}.dropped-${result.validBytes}`;
      writePrivateFileSync(keep, dropped);
      ftruncateSync(this.fd, result.validBytes);
      fsyncSync(this.fd);
      this.note(
        `${this.path}: recovered ${result.records} complete commits; dropped ${dropped.length} bytes at offset ${result.validBytes} (${result.damage}), ` +
          `an append cut off by a crash, which was never acknowledged; the bytes are kept in ${keep}`,
      );
    }
    this.size = result.validBytes;
    this.baseBytes = this.size;
    this.journalOps = ops;
    // Mostly superseded writes: start from a compact file, so the next start reads less.
    if (ops > 2 * this.liveKeys() + 10_000) this.writeSnapshotSync();
  }

  private migrateLegacy(bytes: Buffer): void {
    let parsed: { format?: string; collections?: Record<string, [string, unknown][]> };
    try {
      parsed = JSON.parse(bytes.toString('utf8')) as typeof parsed;
    } catch (error) {
      throw new StoreFileError(
        `${this.path} looks like a 1.x JSON store file but cannot be parsed (${(error as Error).message}); refusing to start rather than overwrite it`,
      );
    }
    if (parsed.format !== LEGACY_FORMAT) {
      throw new StoreFileError(
        `${this.path} is not a zest-sandbox store file (format ${JSON.stringify(parsed.format)}); refusing to start rather than overwrite it`,
      );
    }
    for (const [name, entries] of Object.entries(parsed.collections ?? {})) {
      if (!(COLLECTIONS as readonly string[]).includes(name) || !Array.isArray(entries)) continue;
      const map = this.map(name as Collection);
      for (const [id, value] of entries) map.set(id, reviveBytes(value));
    }
    const backup = `${this.path}.v1.bak`;
    writePrivateFileSync(backup, bytes);
    this.writeSnapshotSync();
    this.note(
      `${this.path}: migrated from the 1.x JSON snapshot to the journal format (the original is kept in ${backup})`,
    );
  }

  private openForAppend(): number {
    const fd = openSync(this.path, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0));
    const info = fstatSync(fd);
    if ((info.mode & 0o077) !== 0) {
      fchmodSync(fd, PRIVATE_MODE);
      this.note(`${this.path}: was readable by other users (mode ${(info.mode & 0o777).toString(8)}); made it 0600`);
    }
    return fd;
  }

  private liveKeys(): number {
    let live = 0;
    for (const name of COLLECTIONS) live += this.map(name).size;
    return live;
  }

  private apply(ops: Op[]): void {
    for (const op of ops) {
      const map = this.map(op[0]);
      if (op.length < 3) map.delete(op[1]);
      else map.set(op[1], op[2]);
    }
  }

  private *committedOps(): Generator<Op> {
    for (const name of COLLECTIONS) for (const [id, value] of this.committedEntries(name)) yield [name, id, value];
  }

  /** Writes the committed state as a fresh file and puts it in place of the store file (start-up, migration). */
  private writeSnapshotSync(): void {
    const { fd, temp } = openPrivateTemp(this.path);
    let size = 0;
    try {
      for (const chunk of [HEADER, ...encodeSnapshot(this.committedOps())]) {
        let done = 0;
        while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done, size + done);
        size += chunk.length;
      }
      fsyncSync(fd);
      renameSync(temp, this.path);
    } catch (error) {
      closeSync(fd);
      unlinkSync(temp);
      throw error;
    }
    fsyncDir(dirname(this.path));
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = fd;
    this.size = size;
    this.baseBytes = size;
    this.journalOps = this.liveKeys();
  }

  /** The same as `writeSnapshotSync`, with the file I/O off the event loop (a compaction while serving). */
  private async compact(): Promise<void> {
    const covered = this.seq;
    this.pending = [];
    // Serialised now, synchronously: the snapshot is exactly the state after commit `covered`.
    const chunks = [HEADER, ...encodeSnapshot(this.committedOps())];
    const { fd, temp } = openPrivateTemp(this.path);
    let size = 0;
    try {
      for (const chunk of chunks) {
        await writeAll(fd, chunk, size);
        size += chunk.length;
      }
      await fdatasyncAsync(fd);
      renameSync(temp, this.path);
    } catch (error) {
      closeSync(fd);
      unlinkSync(temp);
      throw error;
    }
    fsyncDir(dirname(this.path));
    closeSync(this.fd);
    this.fd = fd;
    this.size = size;
    this.baseBytes = size;
    this.journalOps = this.liveKeys();
    this.release(covered);
  }

  protected override committed(ops: Op[]): void {
    if (this.loading) return;
    if (this.failure) throw this.failure;
    if (this.closed) throw new StoreFileError(`the store ${this.path} is closed`);
    this.pending.push(encodeRecord(ops));
    this.seq += 1;
    this.journalOps += ops.length;
    // On the next turn, after the I/O callbacks of this one: requests that commit meanwhile share the sync.
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
    }
  }

  /**
   * Starts appending the pending commits as one write + fdatasync. Up to two such groups are under way at once (the
   * next group is written while the previous one is being synced), and a group is acknowledged only once it and
   * every group before it are synced. Compaction runs alone, when nothing else is under way.
   */
  private pump(): void {
    if (this.failure || this.compacting) return;
    if (this.groups.length === 0 && this.pending.length > 0 && this.size - this.baseBytes > this.compactAfterBytes) {
      // Only when most of the journal is superseded writes: a journal of inserts is already as small as a snapshot.
      if (this.journalOps > 2 * this.liveKeys()) {
        this.compacting = this.compact()
          .catch((error: unknown) => this.fail(error))
          .finally(() => {
            this.compacting = undefined;
            this.pump();
          });
        return;
      }
    }
    while (this.pending.length > 0 && this.groups.length < 2) {
      const batch = this.pending;
      this.pending = [];
      const group = { covered: this.seq, done: false };
      const position = this.size;
      for (const record of batch) this.size += record.length;
      this.groups.push(group);
      writeAllv(this.fd, batch, position)
        .then(() => fdatasyncAsync(this.fd))
        .then(
          () => {
            group.done = true;
            while (this.groups[0]?.done) this.release(this.groups.shift()!.covered);
            this.pump();
          },
          (error: unknown) => this.fail(error),
        );
    }
  }

  private fail(error: unknown): void {
    this.failure ??= new StoreFileError(
      `cannot write the store file ${this.path} (${(error as Error).message}); no further writes are accepted`,
    );
    for (const waiter of this.waiters) waiter.reject(this.failure);
    this.waiters = [];
  }

  private release(covered: number): void {
    this.flushedSeq = covered;
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) waiter.seq <= covered ? waiter.resolve() : still.push(waiter);
    this.waiters = still;
  }

  override durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.flushedSeq >= this.seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq: this.seq, resolve, reject }));
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    await this.durable().catch(() => {});
    while (this.compacting) await this.compacting;
    this.closed = true;
    await super.close();
    closeSync(this.fd);
    this.unlock();
    if (this.failure) throw this.failure;
  }
}

/** Store files open in this process (by absolute path): a second store on one of them would interleave the journal. */
const OPEN_PATHS = new Set<string>();

/**
 * The store file is replaced by renaming a new file over it (compaction), so it must be an ordinary file: a device
 * such as /dev/null would be replaced by a file, and a symbolic link by a copy that no longer follows it.
 */
function assertRegularFileOrAbsent(path: string): void {
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stats.isFile())
    throw new StoreFileError(
      `${path} is not a regular file (${stats.isSymbolicLink() ? 'a symbolic link' : stats.isDirectory() ? 'a directory' : 'a device or other special file'}); pass the path of a store file, or of one to create`,
    );
}

/**
 * Whether the process that wrote a lock still runs. `kill(pid, 0)` alone said yes for a killed sandbox nobody had
 * reaped yet (a zombie: under a PID 1 that never reaps, as in a container without an init, forever) and for an
 * unrelated process that got the pid later. On Linux the lock also names its owner's start time (`lockOwner`), and
 * `/proc` tells a zombie (state Z or X) and a different process (another start time) from the owner.
 */
function isAlive(pid: number, startedAt: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (stat === undefined) return true; // no /proc (not Linux): what kill said
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return startedAt === undefined || stat.startedAt === startedAt;
}

/** A process's state letter and start time (clock ticks since boot) from `/proc/<pid>/stat`; undefined without it. */
function procStat(pid: number | 'self'): { state: string; startedAt: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: the fields after it start at the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startedAt = fields[19];
  return state && startedAt ? { state, startedAt } : undefined;
}

/** What a lock file holds: this process's pid, and on Linux its start time (which a later holder of the pid lacks). */
function lockOwner(): string {
  const startedAt = procStat('self')?.startedAt;
  return startedAt ? `${process.pid} ${startedAt}\n` : `${process.pid}\n`;
}

/** The records one after the other from `position`, in one writev when the kernel takes them all (no copy into one buffer). */
async function writeAllv(fd: number, records: Buffer[], position: number): Promise<void> {
  if (records.length === 1) return writeAll(fd, records[0]!, position);
  let total = 0;
  for (const record of records) total += record.length;
  const { bytesWritten: written } = await writevAsync(fd, records, position);
  if (written < total) await writeAll(fd, Buffer.concat(records).subarray(written), position + written);
}

async function writeAll(fd: number, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await writeAsync(fd, bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}
