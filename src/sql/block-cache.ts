/**
 * The result blocks kept in memory. A million-row result must not live in
 * the page: only the blocks around the viewport stay, the one farthest from
 * where the user looks is dropped first.
 */
export class BlockCache<T> {
  private readonly _blocks = new Map<number, T>();

  constructor(readonly maxResident = 3) {
    if (!(maxResident >= 1)) {
      throw new RangeError('maxResident must be at least 1');
    }
  }

  /** How many blocks are resident now (never more than `maxResident` after `set`). */
  get size(): number {
    return this._blocks.size;
  }

  /** Resident block indices, ascending. */
  get resident(): number[] {
    return [...this._blocks.keys()].sort((a, b) => a - b);
  }

  /** The block at `index`, or undefined when it is not resident (evicted or never fetched). */
  get(index: number): T | undefined {
    return this._blocks.get(index);
  }

  /** Whether the block at `index` is resident. */
  has(index: number): boolean {
    return this._blocks.has(index);
  }

  /**
   * Keep `block` at `index`; evict the blocks farthest from `focus` (the
   * block the viewport is on) until at most `maxResident` remain. Returns
   * the evicted indices.
   */
  set(index: number, block: T, focus = index): number[] {
    this._blocks.set(index, block);
    const evicted: number[] = [];
    while (this._blocks.size > this.maxResident) {
      let farthest = index;
      let distance = -1;
      for (const key of this._blocks.keys()) {
        const d = Math.abs(key - focus);
        if (key !== index && d > distance) {
          farthest = key;
          distance = d;
        }
      }
      this._blocks.delete(farthest);
      evicted.push(farthest);
    }
    return evicted;
  }

  /** Drop every block, to free the memory when the result goes away. */
  clear(): void {
    this._blocks.clear();
  }
}
