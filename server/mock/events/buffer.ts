/**
 * Nomad's event buffer (nomad/stream/event_buffer.go) as a singly linked list: the broker
 * appends at the tail and drops the head beyond `capacity` batches; each subscriber holds
 * a pointer to the item it is on, so a slow reader keeps dropped items reachable (but
 * knows they were dropped) exactly as in Nomad. The list starts with an empty sentinel
 * (Index 0, no events) that is the head until the first eviction.
 */
import type { NomadEvent } from '../../../src/lib/nomad/types.ts';
import type { EventBatchRecord } from './types.ts';

export class BufferItem {
  next: BufferItem | undefined;
  /** Set when the buffer evicts this item; a subscriber still on it must fail. */
  dropped = false;
  /** Encoded forms, filled lazily by the line encoder (see lines.ts). */
  readonly json: (string | undefined)[];
  /** The wire events, for filtering. */
  readonly wires: readonly NomadEvent[];
  fullLine: Buffer | undefined;
  subsetLines: Map<string, Buffer> | undefined;

  constructor(readonly batch: EventBatchRecord) {
    this.json = new Array<string | undefined>(batch.events.length);
    this.wires = batch.events.map((e) => e.wire);
  }

  get index(): number {
    return this.batch.index;
  }
}

export const DEFAULT_BUFFER_SIZE = 100;

export class EventBuffer {
  private headItem: BufferItem;
  private tailItem: BufferItem;
  private count = 0;
  readonly capacity: number;

  constructor(capacity: number) {
    // A configured 0 means the default, as the broker does; the agent refuses negatives.
    this.capacity = capacity > 0 ? capacity : DEFAULT_BUFFER_SIZE;
    this.headItem = this.tailItem = new BufferItem({ index: 0, type: 'MockReset', events: [] });
  }

  get head(): BufferItem {
    return this.headItem;
  }

  get tail(): BufferItem {
    return this.tailItem;
  }

  get length(): number {
    return this.count;
  }

  /** Appends one batch; returns the items evicted to stay within capacity. */
  append(batch: EventBatchRecord): { item: BufferItem; evicted: BufferItem[] } {
    const item = new BufferItem(batch);
    this.tailItem.next = item;
    this.tailItem = item;
    this.count++;
    const evicted: BufferItem[] = [];
    while (this.count > this.capacity) {
      const old = this.headItem;
      old.dropped = true;
      this.headItem = old.next!;
      // The sentinel never counted as a batch.
      if (old.batch.events.length > 0) {
        this.count--;
        evicted.push(old);
      }
    }
    return { item, evicted };
  }

  /**
   * `StartAtClosest`: the first item with Index ≥ `index`, or the newest item when every
   * item is older. Index 0 means the head (the whole buffer).
   */
  startAt(index: number): BufferItem {
    let item = this.headItem;
    if (index === 0 || index <= item.index) return item;
    for (;;) {
      const next = item.next;
      if (!next) return item;
      if (index <= next.index) return next;
      item = next;
    }
  }

  /**
   * Empties the buffer, as an agent restart loses it (Nomad does not persist events): a new
   * sentinel at Index 0, the old items marked dropped.
   */
  clear(): void {
    for (let item: BufferItem | undefined = this.headItem; item; item = item.next) item.dropped = true;
    this.headItem = this.tailItem = new BufferItem({ index: 0, type: 'MockReset', events: [] });
    this.count = 0;
  }

  /** The buffered batches, oldest first (the sentinel skipped). */
  *items(): IterableIterator<BufferItem> {
    for (let item: BufferItem | undefined = this.headItem; item; item = item.next) {
      if (item.batch.events.length > 0) yield item;
    }
  }
}
