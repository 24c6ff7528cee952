/**
 * A first-in first-out queue with a fixed capacity: pushing onto a full queue
 * drops the oldest item, hands it to `onDrop` and counts it. Holds the
 * hand-off messages that arrive before JupyterLab has started, so a host
 * page that posts in a loop cannot make the page keep an unbounded amount.
 * No JupyterLab imports.
 */
export class BoundedQueue<T> {
  constructor(
    readonly capacity: number,
    private readonly _onDrop: (item: T) => void = () => undefined
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError('capacity must be a positive integer');
    }
  }

  /** How many items wait now. */
  get length(): number {
    return this._items.length;
  }

  /** How many items were dropped to make room since the queue was made. */
  get dropped(): number {
    return this._dropped;
  }

  /**
   * Append `item`; when full, the oldest is dropped first and handed to the drop callback so its
   * sender can be answered.
   */
  push(item: T): void {
    if (this._items.length >= this.capacity) {
      const oldest = this._items.shift() as T;
      this._dropped++;
      this._onDrop(oldest);
    }
    this._items.push(item);
  }

  /** Remove and return every item, oldest first. */
  drain(): T[] {
    return this._items.splice(0);
  }

  private _items: T[] = [];
  private _dropped = 0;
}
