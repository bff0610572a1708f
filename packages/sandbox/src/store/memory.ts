import { COLLECTIONS, type Collection, type Store } from './store.js';

/** Plain Maps, one per collection. State is gone when the process exits. */
export class MemoryStore implements Store {
  protected readonly maps = new Map<Collection, Map<string, unknown>>();

  constructor() {
    for (const name of COLLECTIONS) this.maps.set(name, new Map());
  }

  protected map(collection: Collection): Map<string, unknown> {
    const found = this.maps.get(collection);
    if (!found) throw new Error(`unknown collection ${collection}`);
    return found;
  }

  get<T>(collection: Collection, id: string): T | undefined {
    return this.map(collection).get(id) as T | undefined;
  }

  set<T>(collection: Collection, id: string, value: T): void {
    this.map(collection).set(id, value);
  }

  delete(collection: Collection, id: string): boolean {
    return this.map(collection).delete(id);
  }

  values<T>(collection: Collection): IterableIterator<T> {
    return this.map(collection).values() as IterableIterator<T>;
  }

  async close(): Promise<void> {}
}
