/**
 * The timeline's client-side store: a bounded ring of received events, the filtered view
 * the list renders, and the figures around it (counts by topic, rate, drops, stream status).
 *
 * Arrivals are applied at once (O(1) per event, so memory stays bounded even when the tab
 * is hidden and frames stop), but React hears about them at most once per animation frame:
 * `getSnapshot` returns an immutable snapshot that only changes when a frame publishes.
 * The view is an append-only array window — new rows are pushed past the end, old rows
 * leave by moving `start`, and compaction or refiltering makes a new array — so a snapshot's
 * `{ items, start, end }` never changes under a render that holds it.
 */
import type { StreamStatus } from '@/lib/nomad/event-stream.ts';
import type { NomadEvent } from '@/lib/nomad/types.ts';
import { RingBuffer } from '@/lib/ring-buffer.ts';
import { facetMatcher, NO_FACETS, type TimelineFacets } from './facets.ts';
import type { TimelineEvent } from './timeline-event.ts';

export const RATE_WINDOW_SECONDS = 60;

/** The rows the list shows: `items[start..end)`, oldest first. */
export interface ViewWindow {
  readonly items: readonly TimelineEvent[];
  readonly start: number;
  readonly end: number;
}

export interface TimelineSnapshot {
  view: ViewWindow;
  paused: boolean;
  /** Rows matching the facets that arrived while paused. */
  pendingNew: number;
  /** Events in the buffer, its capacity, and how many fell out of it. */
  size: number;
  capacity: number;
  dropped: number;
  /** Events received since the subscription started. */
  received: number;
  /** Buffered events per topic. */
  counts: Readonly<Record<string, number>>;
  /** Events per second for the last complete seconds, oldest first. */
  rate: readonly number[];
  /** Event types seen, sorted (options for the type facet). */
  types: readonly string[];
  facets: TimelineFacets;
  status: StreamStatus | undefined;
  /** The Index of the newest event received. */
  lastIndex: number;
}

export interface TimelineStoreOptions {
  capacity: number;
  /** Schedules one publish; requestAnimationFrame in browsers. Returns a cancel function. */
  schedule?: (publish: () => void) => () => void;
  now?: () => number;
}

const COMPACT_AT = 4_096;

function frameScheduler(publish: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(publish);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(publish, 16);
  return () => clearTimeout(id);
}

export class TimelineStore {
  private ring: RingBuffer<TimelineEvent>;
  private readonly schedule: (publish: () => void) => () => void;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();
  private seq = 0;
  private received = 0;
  private items: TimelineEvent[] = [];
  private start = 0;
  private paused = false;
  private pausedAtSeq = 0;
  private pendingNew = 0;
  private facets: TimelineFacets = NO_FACETS;
  private matches: (row: TimelineEvent) => boolean = () => true;
  private counts = new Map<string, number>();
  private types = new Set<string>();
  private typesList: readonly string[] = [];
  private rate: number[] = new Array<number>(RATE_WINDOW_SECONDS).fill(0);
  private rateSecond: number;
  private rateCurrent = 0;
  private status: StreamStatus | undefined;
  private lastIndex = 0;
  private cancelPublish: (() => void) | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private snapshot: TimelineSnapshot;

  constructor(opts: TimelineStoreOptions) {
    this.ring = new RingBuffer(opts.capacity);
    this.schedule = opts.schedule ?? frameScheduler;
    this.now = opts.now ?? Date.now;
    this.rateSecond = Math.floor(this.now() / 1000);
    this.snapshot = this.build();
  }

  // ------------------------------------------------------------ React binding

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    // The rate decays to 0 when nothing arrives, so it needs a clock of its own.
    this.ticker ??= setInterval(() => this.request(), 1000);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        clearInterval(this.ticker);
        this.ticker = undefined;
        this.cancelPublish?.();
        this.cancelPublish = undefined;
      }
    };
  };

  getSnapshot = (): TimelineSnapshot => this.snapshot;

  /** Publishes now (tests, and anything that must not wait for a frame). */
  flush(): void {
    this.cancelPublish?.();
    this.cancelPublish = undefined;
    this.publish();
  }

  // ------------------------------------------------------------ inputs

  ingest(events: readonly NomadEvent[]): void {
    if (events.length === 0) return;
    const at = this.now();
    this.rollRate(at);
    this.rateCurrent += events.length;
    for (const event of events) {
      const row: TimelineEvent = { seq: ++this.seq, receivedAt: at, event };
      this.received++;
      if (this.ring.size === this.ring.capacity) this.uncount(this.ring.get(0));
      this.ring.push(row);
      this.counts.set(event.Topic, (this.counts.get(event.Topic) ?? 0) + 1);
      if (event.Index > this.lastIndex) this.lastIndex = event.Index;
      if (!this.types.has(event.Type)) {
        this.types.add(event.Type);
        this.typesList = [...this.types].sort();
      }
      if (!this.matches(row)) continue;
      if (this.paused) this.pendingNew++;
      else this.items.push(row);
    }
    if (!this.paused) this.trimToRing();
    this.request();
  }

  setStatus(status: StreamStatus): void {
    this.status = status;
    this.request();
  }

  setFacets(facets: TimelineFacets): void {
    this.facets = facets;
    this.matches = facetMatcher(facets);
    this.refilter();
    this.flush();
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.pausedAtSeq = this.seq;
    this.pendingNew = 0;
    this.flush();
  }

  /** Shows everything that arrived meanwhile (as far as the buffer still holds it). */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.refilter();
    this.flush();
  }

  setCapacity(capacity: number): void {
    if (capacity === this.ring.capacity) return;
    this.ring.resize(capacity);
    this.counts = new Map();
    for (let i = 0; i < this.ring.size; i++) {
      const topic = this.ring.get(i)!.event.Topic;
      this.counts.set(topic, (this.counts.get(topic) ?? 0) + 1);
    }
    if (!this.paused) this.trimToRing();
    this.flush();
  }

  // ------------------------------------------------------------ queries

  /** The buffered row with this arrival number. */
  find(seq: number): TimelineEvent | undefined {
    const first = this.ring.get(0);
    if (!first) return undefined;
    return this.ring.get(seq - first.seq);
  }

  /** The newest buffered event before `row` with the same Topic and Key (for "what changed"). */
  previousOf(row: TimelineEvent): TimelineEvent | undefined {
    const first = this.ring.get(0);
    if (!first) return undefined;
    for (let i = Math.min(row.seq - first.seq, this.ring.size) - 1; i >= 0; i--) {
      const candidate = this.ring.get(i)!;
      if (candidate.event.Topic === row.event.Topic && candidate.event.Key === row.event.Key) return candidate;
    }
    return undefined;
  }

  /** Every buffered event, oldest first. */
  bufferedEvents(): NomadEvent[] {
    return this.ring.toArray().map((r) => r.event);
  }

  // ------------------------------------------------------------ internals

  private uncount(row: TimelineEvent | undefined): void {
    if (!row) return;
    const n = (this.counts.get(row.event.Topic) ?? 1) - 1;
    if (n > 0) this.counts.set(row.event.Topic, n);
    else this.counts.delete(row.event.Topic);
  }

  /** Rows the ring no longer holds leave the view too, so memory stays bounded. */
  private trimToRing(): void {
    const oldest = this.ring.get(0)?.seq ?? Infinity;
    while (this.start < this.items.length && this.items[this.start]!.seq < oldest) {
      this.start++;
    }
    if (this.start >= COMPACT_AT && this.start * 2 >= this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  private refilter(): void {
    const items: TimelineEvent[] = [];
    let pending = 0;
    for (let i = 0; i < this.ring.size; i++) {
      const row = this.ring.get(i)!;
      if (!this.matches(row)) continue;
      if (this.paused && row.seq > this.pausedAtSeq) pending++;
      else items.push(row);
    }
    this.items = items;
    this.start = 0;
    this.pendingNew = pending;
  }

  private rollRate(at: number): void {
    const second = Math.floor(at / 1000);
    if (second === this.rateSecond) return;
    const elapsed = Math.min(second - this.rateSecond, RATE_WINDOW_SECONDS);
    if (elapsed <= 0) return; // the clock went back: keep counting in the current second
    this.rate.push(this.rateCurrent, ...new Array<number>(elapsed - 1).fill(0));
    this.rate.splice(0, this.rate.length - RATE_WINDOW_SECONDS);
    this.rateCurrent = 0;
    this.rateSecond = second;
  }

  private request(): void {
    this.cancelPublish ??= this.schedule(() => {
      this.cancelPublish = undefined;
      this.publish();
    });
  }

  private publish(): void {
    this.rollRate(this.now());
    this.snapshot = this.build();
    for (const l of this.listeners) l();
  }

  private build(): TimelineSnapshot {
    return {
      view: { items: this.items, start: this.start, end: this.items.length },
      paused: this.paused,
      pendingNew: this.pendingNew,
      size: this.ring.size,
      capacity: this.ring.capacity,
      dropped: this.ring.dropped,
      received: this.received,
      counts: Object.fromEntries(this.counts),
      rate: [...this.rate],
      types: this.typesList,
      facets: this.facets,
      status: this.status,
      lastIndex: this.lastIndex,
    };
  }
}

/** The i-th row of a view window. */
export function viewRow(view: ViewWindow, i: number): TimelineEvent | undefined {
  return i >= 0 && i < view.end - view.start ? view.items[view.start + i] : undefined;
}

export function viewLength(view: ViewWindow): number {
  return view.end - view.start;
}

/** Position of the row with this arrival number in the view (binary search: seq ascends). */
export function viewIndexOf(view: ViewWindow, seq: number): number {
  let lo = view.start;
  let hi = view.end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = view.items[mid]!.seq;
    if (s === seq) return mid - view.start;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
