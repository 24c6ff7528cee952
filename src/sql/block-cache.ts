/**
 * The result blocks kept in memory. A million-row result must not live in
 * the page: only the blocks around the viewport stay, the one farthest from
 * where the user looks is dropped first.
 */
export class BlockCache<T> {
  private readonly blocks = new Map<number, T>();

  constructor(readonly maxResident = 3) {
    if (!(maxResident >= 1)) {
      throw new RangeError('maxResident must be at least 1');
    }
  }

  get size(): number {
    return this.blocks.size;
  }

  /** Resident block indices, ascending. */
  get resident(): number[] {
    return [...this.blocks.keys()].sort((a, b) => a - b);
  }

  get(index: number): T | undefined {
    return this.blocks.get(index);
  }

  has(index: number): boolean {
    return this.blocks.has(index);
  }

  /**
   * Keep `block` at `index`; evict the blocks farthest from `focus` (the
   * block the viewport is on) until at most `maxResident` remain. Returns
   * the evicted indices.
   */
  set(index: number, block: T, focus = index): number[] {
    this.blocks.set(index, block);
    const evicted: number[] = [];
    while (this.blocks.size > this.maxResident) {
      let farthest = index;
      let distance = -1;
      for (const key of this.blocks.keys()) {
        const d = Math.abs(key - focus);
        if (key !== index && d > distance) {
          farthest = key;
          distance = d;
        }
      }
      this.blocks.delete(farthest);
      evicted.push(farthest);
    }
    return evicted;
  }

  clear(): void {
    this.blocks.clear();
  }
}
