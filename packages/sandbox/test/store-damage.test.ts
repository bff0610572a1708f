import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../src/index.js';
import { useTempDir, writeFourCommits } from './helpers.js';

// What start-up makes of a journal whose damage is not a payload byte: a record's length field, and a run of zero
// bytes after the last record (what a file system can leave at the end of a file after a power cut); and of a lock
// path that is taken by something other than a lock file.

const dir = useTempDir('zest-sandbox-damage-');
let counter = 0;
const quiet = { notice: () => {} };

/** A fresh store file of four commits (`writeFourCommits`): its path, bytes and where each record starts. */
async function fourCommits(): Promise<{ path: string; bytes: Buffer; starts: number[] }> {
  const path = join(dir, `store-${++counter}`, 'state.db');
  return { path, ...(await writeFourCommits(path)) };
}

describe('a record whose length field was damaged', () => {
  it.each([
    ['points past the end of the file', 0x7f],
    ['points into the middle of the next record', 0x00],
  ])('in the middle of the file (it %s): refused, not dropped with every commit after it', async (_, high) => {
    const { path, bytes, starts } = await fourCommits();
    const at = starts[1]!;
    if (high === 0x00) bytes.writeUInt32BE(bytes.readUInt32BE(at) + 3, at);
    else bytes.writeUInt8(high, at);
    writeFileSync(path, bytes);
    const notes: string[] = [];
    expect(() => new FileStore(path, { notice: (line) => notes.push(line) })).toThrow(/but 2 intact commits follow/);
    expect(notes).toEqual([]);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(`${path}.dropped-${at}`)).toBe(false);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('in the first record: refused too (an earlier version started empty, dropping the whole journal)', async () => {
    const { path, bytes, starts } = await fourCommits();
    bytes.writeUInt8(0x7f, starts[0]!);
    writeFileSync(path, bytes);
    expect(() => new FileStore(path, quiet)).toThrow(/damaged at offset 23 .*but 3 intact commits follow/);
  });

  it('in the last record: that record is dropped as an append cut off by a crash', async () => {
    const { path, bytes, starts } = await fourCommits();
    bytes.writeUInt8(0x7f, starts[3]!);
    writeFileSync(path, bytes);
    const notes: string[] = [];
    const store = new FileStore(path, { notice: (line) => notes.push(line) });
    expect(store.get('meta', 'third')).toBe('value of third');
    expect(store.get('meta', 'fourth')).toBeUndefined();
    expect(notes.join('\n')).toContain(`dropped ${bytes.length - starts[3]!} bytes at offset ${starts[3]}`);
    await store.close();
  });
});

describe('zero bytes after the last record', () => {
  it.each([8, 16, 4096])(
    '%i of them are dropped as an unacknowledged append, not taken for intact commits',
    async (n) => {
      const { path, bytes } = await fourCommits();
      writeFileSync(path, Buffer.concat([bytes, Buffer.alloc(n)]));
      const notes: string[] = [];
      const store = new FileStore(path, { notice: (line) => notes.push(line) });
      expect(store.get('meta', 'fourth')).toBe('value of fourth');
      expect(notes.join('\n')).toContain(`dropped ${n} bytes at offset ${bytes.length}`);
      store.set('meta', 'after', 'appended');
      await store.close();
      const reopened = new FileStore(path, quiet);
      expect(reopened.get('meta', 'after')).toBe('appended');
      expect(reopened.get('meta', 'fourth')).toBe('value of fourth');
      await reopened.close();
    },
  );

  it('followed by intact commits: refused (the zeros are damage in the middle)', async () => {
    const { path, bytes, starts } = await fourCommits();
    const damaged = Buffer.concat([bytes.subarray(0, starts[2]), Buffer.alloc(64), bytes.subarray(starts[2])]);
    writeFileSync(path, damaged);
    expect(() => new FileStore(path, quiet)).toThrow(/but 2 intact commits follow/);
  });
});

describe('a folder where the lock file goes', () => {
  it('is refused with one line naming it, and the store file is left alone', async () => {
    const { path, bytes } = await fourCommits();
    mkdirSync(`${path}.lock`);
    expect(() => new FileStore(path, quiet)).toThrow(
      new RegExp(`^cannot lock ${path}: ${path}\\.lock cannot be read \\(EISDIR[^\\n]*\\); move it away`),
    );
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
