import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MemoryStore } from './memory.js';
import type { Collection } from './store.js';

const FORMAT = 'zest-sandbox-store/1';
const FLUSH_DELAY_MS = 50;

/**
 * The memory store plus a JSON snapshot on disk, so a restart keeps state. Writes are coalesced: a snapshot is
 * written at most every 50 ms and once more on close, each time to a temporary file renamed over the old one (a
 * crash leaves either the previous or the new snapshot, never half of one). Byte buffers (uploaded files, cached
 * idempotent responses) are stored as base64.
 */
export class FileStore extends MemoryStore {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly path: string) {
    super();
    this.load();
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const parsed = JSON.parse(text, revive) as { format?: string; collections?: Record<string, [string, unknown][]> };
    if (parsed.format !== FORMAT) throw new Error(`${this.path} is not a sandbox store file (format ${parsed.format})`);
    for (const [name, entries] of Object.entries(parsed.collections ?? {})) {
      const map = this.maps.get(name as Collection);
      if (!map) continue;
      for (const [id, value] of entries) map.set(id, value);
    }
  }

  override set<T>(collection: Collection, id: string, value: T): void {
    super.set(collection, id, value);
    this.schedule();
  }

  override delete(collection: Collection, id: string): boolean {
    const removed = super.delete(collection, id);
    if (removed) this.schedule();
    return removed;
  }

  /**
   * Records are mutated in place by handlers (then `set` again), so the snapshot is taken at flush time, which
   * always sees the latest committed state.
   */
  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, FLUSH_DELAY_MS);
    this.timer.unref();
  }

  flush(): void {
    const collections: Record<string, [string, unknown][]> = {};
    for (const [name, map] of this.maps) collections[name] = [...map.entries()];
    const text = JSON.stringify({ format: FORMAT, savedAt: new Date().toISOString(), collections }, replace);
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, this.path);
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
  }
}

function replace(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // JSON.stringify has already called Buffer#toJSON on `value`; the holder still has the original.
  const original = this[key];
  if (original instanceof Uint8Array) return { $bytes: Buffer.from(original).toString('base64') };
  return value;
}

function revive(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && '$bytes' in value && typeof (value as { $bytes: unknown }).$bytes === 'string') {
    return Buffer.from((value as { $bytes: string }).$bytes, 'base64');
  }
  return value;
}
