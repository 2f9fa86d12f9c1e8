/**
 * A fixed-capacity FIFO: pushing past capacity overwrites the oldest item. Used for the
 * timeline and log buffers so memory stays bounded however long a page runs. `get(i)` is
 * O(1) for virtualized rendering; `dropped` counts what fell off the front.
 */
export class RingBuffer<T> {
  private items: (T | undefined)[];
  private head = 0; // index of the oldest item
  private count = 0;
  /** Items pushed out of the front since creation or the last clear. */
  dropped = 0;

  constructor(private cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`capacity must be a positive integer, got ${cap}`);
    this.items = new Array<T | undefined>(cap);
  }

  get capacity(): number {
    return this.cap;
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const tail = (this.head + this.count) % this.cap;
    this.items[tail] = item;
    if (this.count < this.cap) this.count++;
    else {
      this.head = (this.head + 1) % this.cap;
      this.dropped++;
    }
  }

  /** The i-th item, oldest first; undefined outside 0..size-1. */
  get(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) % this.cap];
  }

  last(): T | undefined {
    return this.get(this.count - 1);
  }

  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) % this.cap]!;
    return out;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.cap);
    this.head = 0;
    this.count = 0;
    this.dropped = 0;
  }

  /** Changes the capacity, keeping the newest items that fit. */
  resize(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    const kept = this.toArray().slice(-capacity);
    this.dropped += this.count - kept.length;
    this.cap = capacity;
    this.items = new Array<T | undefined>(capacity);
    kept.forEach((item, i) => (this.items[i] = item));
    this.head = 0;
    this.count = kept.length;
  }
}
