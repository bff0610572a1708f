import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, FileStore, type Store, StoreFileError, UnsafePathError } from '../src/index.js';
import { useTempDir, writeFourCommits } from './helpers.js';

const dir = useTempDir('zest-sandbox-recovery-');
let counter = 0;
const fresh = () => join(dir, `store-${++counter}`, 'state.db');
const quiet = { notice: () => {} };

function contents(store: Store): Record<string, unknown[]> {
  const all: Record<string, unknown[]> = {};
  for (const name of COLLECTIONS)
    all[name] = [...store.values(name)].map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
  return all;
}

describe('a store file of an earlier journal version (2, 3)', () => {
  it.each([2, 3])(
    'of version %i is read and rewritten under the current header before anything is appended',
    async (version) => {
      const path = fresh();
      mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
      const payload = Buffer.from(
        JSON.stringify([
          ['people', 'psn_1', { zestPersonId: 'psn_1', firstName: 'Zoë' }],
          ['meta', 'm', 1],
        ]),
        'utf8',
      );
      const header = Buffer.alloc(8);
      header.writeUInt32BE(payload.length, 0);
      header.writeUInt32BE(crc32(payload), 4);
      writeFileSync(path, Buffer.concat([Buffer.from(`zest-sandbox-journal/${version}\n`), header, payload]), {
        mode: 0o600,
      });
      const notes: string[] = [];
      const store = new FileStore(path, { notice: (line) => notes.push(line) });
      expect(store.get('people', 'psn_1')).toEqual({ zestPersonId: 'psn_1', firstName: 'Zoë' });
      expect(readFileSync(path, 'utf8').startsWith('zest-sandbox-journal/4\n')).toBe(true);
      expect(notes.join('\n')).toContain('rewritten');
      store.set('meta', 'm', 2);
      await store.close();
      const reopened = new FileStore(path, quiet);
      expect(contents(reopened).people).toEqual([{ zestPersonId: 'psn_1', firstName: 'Zoë' }]);
      expect(reopened.get('meta', 'm')).toBe(2);
      await reopened.close();
    },
  );
});

describe('the store file after a crash', () => {
  it('recovers every complete commit when the file is cut at any byte of its last record, and drops only that record', async () => {
    const path = fresh();
    const store = new FileStore(path, quiet);
    await store.transaction(() => {
      store.set('people', 'p1', { name: 'first', bytes: Buffer.from('one') });
      store.set('meta', 'm', 1);
    });
    await store.durable();
    const committed = contents(store);
    const before = statSync(path).size;
    await store.transaction(() => {
      store.set('people', 'p2', { name: 'second' });
      store.set('deliveries', 'd2', { eventId: 'e2' });
      store.delete('meta', 'm');
    });
    await store.durable();
    const complete = contents(store);
    await store.close();
    const full = readFileSync(path);
    expect(full.length).toBeGreaterThan(before);
    for (let cut = before; cut <= full.length; cut++) {
      writeFileSync(path, full.subarray(0, cut));
      const notes: string[] = [];
      const reopened = new FileStore(path, { notice: (line) => notes.push(line) });
      // All of the last commit, or none of it: never p2 without d2, or the delete without the sets.
      expect(contents(reopened), `cut at ${cut}`).toEqual(cut === full.length ? complete : committed);
      if (cut > before && cut < full.length) {
        expect(notes.join('\n')).toMatch(new RegExp(`dropped ${cut - before} bytes at offset ${before}`));
        expect(readFileSync(`${path}.dropped-${before}`).equals(full.subarray(before, cut))).toBe(true);
      } else {
        expect(notes).toEqual([]);
      }
      // Appending after a recovery continues a valid journal.
      reopened.set('meta', 'after', cut);
      await reopened.close();
      const again = new FileStore(path, quiet);
      expect(again.get('meta', 'after')).toBe(cut);
      await again.close();
      rmSync(`${path}.dropped-${before}`, { force: true });
    }
  });

  it('refuses to start on a record damaged in the middle, with intact commits after it, and leaves the file alone', async () => {
    const path = fresh();
    const { bytes } = await writeFourCommits(path);
    // One byte of the second commit's payload flipped: the third and fourth were acknowledged and are intact.
    const at = bytes.indexOf('value of second');
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    writeFileSync(path, bytes);
    expect(() => new FileStore(path, quiet)).toThrow(/but 2 intact commits follow/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('drops a damaged last record (bad checksum) and says so', async () => {
    const path = fresh();
    const store = new FileStore(path, quiet);
    store.set('meta', 'a', 'kept');
    store.set('meta', 'b', 'damaged');
    await store.close();
    const bytes = readFileSync(path);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 0xff, bytes.length - 3);
    writeFileSync(path, bytes);
    const notes: string[] = [];
    const reopened = new FileStore(path, { notice: (line) => notes.push(line) });
    expect(reopened.get('meta', 'a')).toBe('kept');
    expect(reopened.get('meta', 'b')).toBeUndefined();
    expect(notes.join('\n')).toContain('checksum');
    await reopened.close();
  });

  it('ignores a compaction that did not finish and removes its temporary file', async () => {
    const path = fresh();
    const store = new FileStore(path, quiet);
    store.set('people', 'p', { n: 1 });
    await store.close();
    const half = join(join(path, '..'), '.state.db.999.abcd1234.tmp');
    writeFileSync(half, 'zest-sandbox-journal/2\n\u0000\u0000');
    const notes: string[] = [];
    const reopened = new FileStore(path, { notice: (line) => notes.push(line) });
    expect(reopened.get('people', 'p')).toEqual({ n: 1 });
    expect(existsSync(half)).toBe(false);
    expect(notes.join('\n')).toContain('did not finish');
    await reopened.close();
  });

  it('compacts while serving and keeps every commit across the switch', async () => {
    const path = fresh();
    const store = new FileStore(path, { ...quiet, compactAfterBytes: 2048 });
    for (let i = 0; i < 300; i++) {
      store.set('people', `p${i % 20}`, { i, text: 'x'.repeat(50) });
      if (i % 7 === 0) await store.durable();
    }
    await store.durable();
    const expected = contents(store);
    await store.close();
    // Compaction rewrote the file down to the 20 live records (300 commits of ~90 bytes would be ~27 kB).
    expect(statSync(path).size).toBeLessThan(8000);
    const reopened = new FileStore(path, quiet);
    expect(contents(reopened)).toEqual(expected);
    await reopened.close();
  });
});

describe('older and foreign files', () => {
  it('reads a 1.x JSON snapshot, keeps a backup and continues in the journal format', async () => {
    const path = fresh();
    mkdirSync(join(path, '..'), { recursive: true });
    const legacy = {
      format: 'zest-sandbox-store/1',
      savedAt: '2026-01-01T00:00:00.000Z',
      collections: {
        people: [['psn_1', { zestPersonId: 'psn_1' }]],
        files: [['f1', { bytes: { $bytes: Buffer.from('pdf').toString('base64') } }]],
        unknown: [['x', 1]],
      },
    };
    writeFileSync(path, JSON.stringify(legacy), { mode: 0o644 });
    const notes: string[] = [];
    const store = new FileStore(path, { notice: (line) => notes.push(line) });
    expect(store.get('people', 'psn_1')).toEqual({ zestPersonId: 'psn_1' });
    expect(Buffer.isBuffer(store.get<{ bytes: Buffer }>('files', 'f1')!.bytes)).toBe(true);
    expect(store.get<{ bytes: Buffer }>('files', 'f1')!.bytes.toString()).toBe('pdf');
    expect(notes.join('\n')).toContain('migrated');
    expect(JSON.parse(readFileSync(`${path}.v1.bak`, 'utf8'))).toEqual(legacy);
    expect(readFileSync(path, 'utf8').startsWith('zest-sandbox-journal/4\n')).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('refuses a file it cannot read as a store, and leaves it untouched', () => {
    for (const text of ['hello, not a store', '{"format":"something-else"}', '{"format": "zest-sandbox-store/1", ']) {
      const path = fresh();
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, text);
      expect(() => new FileStore(path, quiet)).toThrow(StoreFileError);
      expect(() => new FileStore(path, quiet)).toThrow(/refusing to start rather than overwrite it/);
      expect(readFileSync(path, 'utf8')).toBe(text);
    }
  });

  it('refuses a path that is not a regular file, and leaves it as it was', async () => {
    const base = fresh();
    mkdirSync(join(base, '..'), { recursive: true });
    const target = `${base}.target`;
    const link = `${base}.link`;
    const folder = `${base}.folder`;
    const socket = `${base}.sock`;
    symlinkSync(target, link); // dangling: opening it used to replace the link with a file
    mkdirSync(folder);
    // A special file of the test's own (a Unix socket) stands for a device: /dev/null was replaced by a file.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      for (const [path, kind] of [
        [socket, 'a device or other special file'],
        [link, 'a symbolic link'],
        [folder, 'a directory'],
      ]) {
        expect(() => new FileStore(path!, quiet), path).toThrow(`${path} is not a regular file (${kind})`);
      }
      expect(lstatSync(socket).isSocket()).toBe(true);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(existsSync(target)).toBe(false);
      expect(existsSync(`${socket}.lock`)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a second store on a file this process already has open', async () => {
    const path = fresh();
    const first = new FileStore(path, quiet);
    try {
      expect(() => new FileStore(path, quiet)).toThrow(/already open in this process/);
      first.set('meta', 'still', 'mine');
      await first.durable();
    } finally {
      await first.close();
    }
    // Closed, the file can be opened again, with what the first store wrote.
    const again = new FileStore(path, quiet);
    expect(again.get('meta', 'still')).toBe('mine');
    await again.close();
  });

  it('refuses a file it has no permission to read, with the reason', () => {
    if (process.getuid?.() === 0) return; // root reads anything
    const path = fresh();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'x', { mode: 0o000 });
    expect(() => new FileStore(path, quiet)).toThrow(/cannot read the store file/);
  });
});

describe('privacy', () => {
  it('creates the store file 0600 and makes an existing world-readable one private', async () => {
    const path = fresh();
    const store = new FileStore(path, quiet);
    store.set('meta', 'fileUrlSecret', 'secret');
    await store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    chmodSync(path, 0o644);
    const notes: string[] = [];
    const again = new FileStore(path, { notice: (line) => notes.push(line) });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(notes.join('\n')).toContain('made it 0600');
    await again.close();
  });

  it.runIf(process.getuid?.() === 0)(
    'refuses a world-writable folder someone else owns unless it has the sticky bit, and a planted file in one that has',
    async () => {
      const shared = join(dir, 'shared');
      mkdirSync(shared);
      chownSync(shared, 65534, 65534);
      chmodSync(shared, 0o777);
      expect(() => new FileStore(join(shared, 'state.db'), quiet)).toThrow(UnsafePathError);
      chmodSync(shared, 0o1777);
      const planted = join(shared, 'planted.db');
      writeFileSync(planted, '');
      chownSync(planted, 65534, 65534);
      expect(() => new FileStore(planted, quiet)).toThrow(/owned by another user/);
      const store = new FileStore(join(shared, 'mine.db'), quiet);
      await store.close();
      expect(statSync(join(shared, 'mine.db')).mode & 0o777).toBe(0o600);
    },
  );
});
