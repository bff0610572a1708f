/**
 * A binary min-heap of (time, id) entries: the earliest is read in O(1) and added or taken in O(log n), so finding
 * what is due costs the same with fifty pending deliveries as with fifty thousand. Entries are never updated or
 * removed in place; a reader checks an entry it takes against the row's current time and skips it when that moved.
 */
export class DueHeap {
  private readonly ats: number[] = [];
  private readonly ids: string[] = [];

  get size(): number {
    return this.ats.length;
  }

  /** The earliest time held (Infinity when empty). */
  peek(): number {
    return this.ats.length > 0 ? this.ats[0]! : Infinity;
  }

  push(at: number, id: string): void {
    let i = this.ats.length;
    this.ats.push(at);
    this.ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.ats[parent]! <= at) break;
      this.move(parent, i);
      i = parent;
    }
    this.ats[i] = at;
    this.ids[i] = id;
  }

  /** Takes the earliest entry; only call when `size > 0`. */
  pop(): { at: number; id: string } {
    const top = { at: this.ats[0]!, id: this.ids[0]! };
    const at = this.ats.pop()!;
    const id = this.ids.pop()!;
    const n = this.ats.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.ats[child + 1]! < this.ats[child]!) child++;
      if (this.ats[child]! >= at) break;
      this.move(child, i);
      i = child;
    }
    this.ats[i] = at;
    this.ids[i] = id;
    return top;
  }

  private move(from: number, to: number): void {
    this.ats[to] = this.ats[from]!;
    this.ids[to] = this.ids[from]!;
  }
}
