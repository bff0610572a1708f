import { describe, expect, it } from 'vitest';
import { type Collection, MemoryStore } from '../src/index.js';
import { listOperations, loadBundledSpec } from '../src/spec/openapi.js';
import { client, createInvestor, makePartner, spvRequestBody, startTestSandbox, token } from './helpers.js';

/** A memory store that records every write made while it is watching. */
class WatchedStore extends MemoryStore {
  watching = false;
  readonly writes: string[] = [];
  override set<T>(collection: Collection, id: string, value: T): void {
    if (this.watching) this.writes.push(`set ${collection} ${id}`);
    super.set(collection, id, value);
  }
  override delete(collection: Collection, id: string): boolean {
    if (this.watching) this.writes.push(`delete ${collection} ${id}`);
    return super.delete(collection, id);
  }
}

/** Every GET of the bundled spec: the pipeline runs them outside a transaction because they are safe methods. */
const reads = listOperations(loadBundledSpec()).filter((op) => op.method === 'GET');

/**
 * A concrete path for a template: each `{param}` is filled from the answer of the nearest path above it that answers
 * (the first name of a list of names, or the identifier of the first item of a list of records).
 */
async function concretePath(template: string, get: (path: string) => Promise<unknown>): Promise<string> {
  const segments: string[] = [];
  for (const segment of template.split('/').slice(1)) {
    if (!segment.startsWith('{')) {
      segments.push(segment);
      continue;
    }
    let above: Record<string, unknown> | undefined;
    for (let n = segments.length; n > 0 && above === undefined; n--)
      above = (await get(`/${segments.slice(0, n).join('/')}`)) as Record<string, unknown> | undefined;
    const path = `/${segments.join('/')}`;
    const list = Object.values(above ?? {}).find(Array.isArray) as unknown[] | undefined;
    const first = list?.[0];
    const value =
      typeof first === 'string'
        ? first
        : Object.entries(first as Record<string, unknown>).find(([key]) => key.endsWith('Slug'))?.[1];
    if (typeof value !== 'string') throw new Error(`no value for ${segment} under ${path}`);
    segments.push(encodeURIComponent(value));
  }
  return `/${segments.join('/')}`;
}

describe('safe methods', () => {
  it('no GET of the spec writes to the store, whatever state it reads', async () => {
    expect(reads.length).toBeGreaterThanOrEqual(10);
    const store = new WatchedStore();
    const partner = makePartner();
    const sandbox = await startTestSandbox([partner], { store });
    try {
      const api = client(sandbox, await token(sandbox, partner));
      const created = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'safe' });
      expect(created.status).toBe(201);
      await createInvestor(api);
      const found = async (path: string) => {
        const result = await api.call('GET', path);
        return result.status === 200 ? result.body : undefined;
      };
      const paths = await Promise.all(reads.map((op) => concretePath(op.path, found)));
      store.watching = true;
      for (const path of paths) expect((await api.call('GET', path)).status, `GET ${path}`).toBe(200);
      store.watching = false;
      expect(store.writes).toEqual([]);
    } finally {
      await sandbox.stop();
    }
  });
});
