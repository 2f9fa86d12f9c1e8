/**
 * One open event stream: a cursor into the broker's buffer, the subscriber's filter and
 * identity, and the sink it writes to. Delivery is pull-by-push: the broker calls `pump`
 * after every publish and the sink's drain calls it again, so a subscriber that cannot keep
 * up simply stays behind on its buffer item until that item's successor is evicted
 * (`event dropped from buffer`, nomad-api.md §1.4 / §1.7).
 */
import type { Identity } from '../acl/auth.ts';
import type { BufferItem } from './buffer.ts';
import { selectEvents, type StreamFilter } from './filter.ts';
import type { StreamSink } from './http-sink.ts';
import type { LineEncoder } from './lines.ts';

export const HEARTBEAT_LINE = Buffer.from('{}\n', 'utf8');

export const DROPPED_FROM_BUFFER = 'event dropped from buffer';
export const FORCE_CLOSED = 'subscription closed by server, client should resubscribe';
export const TOKEN_EXPIRED = 'ACL token expired';
/** The firehose sends more only while a stream has fewer unsent bytes than this (Node counts a write as pending until its callback, so a small figure would stall it on every turn). */
export const FIREHOSE_PENDING_BYTES = 1 << 20;

export interface SubscriptionDeps {
  encoder: LineEncoder;
  now: () => number;
  onEnd: (sub: Subscription) => void;
}

export class Subscription {
  /** The item last delivered (or skipped); `first` is delivered before moving past it. */
  private at: BufferItem;
  private first: BufferItem | undefined;
  private waitingForDrain = false;
  private stalledFor: string | undefined;
  private ended = false;
  /** Set when the subscription failed while stalled: the connection stays silent until the stall ends. */
  private deferredFailure: string | undefined;

  constructor(
    readonly id: number,
    readonly sink: StreamSink,
    readonly filter: StreamFilter,
    public identity: Identity,
    /** The token secret the stream authenticated with ("" for anonymous / ACLs off). */
    readonly secret: string,
    start: BufferItem,
    private readonly deps: SubscriptionDeps,
  ) {
    this.at = start;
    this.first = start;
    sink.onClose(() => this.finish());
  }

  get open(): boolean {
    return !this.ended && this.sink.open;
  }

  get stalled(): boolean {
    return this.stalledFor !== undefined;
  }

  /** Writes what is buffered past the cursor until caught up, the socket is full or the stream ends. */
  pump(): void {
    while (this.open && !this.stalled && !this.sink.blocked) {
      const item = this.first ?? this.at.next;
      if (!item) return;
      if (item.dropped) return this.fail(DROPPED_FROM_BUFFER);
      this.at = item;
      this.first = undefined;
      if (item.batch.events.length === 0) continue;
      const selection = selectEvents(this.filter, item.wires);
      if (selection && selection.length === 0) continue;
      // Expiry is only looked at when matching events are about to go out (§1.7).
      const expiry = this.identity.token.ExpirationTime;
      if (expiry !== undefined && Date.parse(expiry) <= this.deps.now()) return this.fail(TOKEN_EXPIRED);
      this.write(this.deps.encoder.line(item, selection));
    }
  }

  /** The initial `{}` and the periodic ones; skipped while the socket is full or the stream stalled. */
  heartbeat(): void {
    if (!this.open || this.stalled || this.sink.blocked) return;
    this.write(HEARTBEAT_LINE);
  }

  /** Has everything buffered and a drained socket: the firehose may publish more. */
  get caughtUp(): boolean {
    return (
      !this.sink.blocked &&
      !this.waitingForDrain &&
      (this.first ?? this.at.next) === undefined &&
      (this.sink.pendingBytes ?? 0) < FIREHOSE_PENDING_BYTES
    );
  }

  /** Is the next batch this subscriber needs already gone from the buffer? */
  get behindBuffer(): boolean {
    const item = this.first ?? this.at.next;
    return item !== undefined && item.dropped;
  }

  private write(line: Buffer): void {
    if (this.sink.write(line) || this.waitingForDrain) return;
    this.waitingForDrain = true;
    this.sink.onDrain(() => {
      this.waitingForDrain = false;
      this.pump();
    });
  }

  /** Stops writing anything (heartbeats included) without closing: a network black hole. */
  stall(reason: string): void {
    if (this.open) this.stalledFor = reason;
  }

  /** Ends a stall; a failure that happened meanwhile closes the stream now. */
  resume(): void {
    if (!this.stalled) return;
    this.stalledFor = undefined;
    if (this.deferredFailure !== undefined) return this.fail(this.deferredFailure);
    this.pump();
  }

  /** Ends the stream with `reason` (closed silently in the hijack style, appended as text in legacy). */
  fail(reason: string): void {
    if (this.ended) return;
    if (this.stalled) {
      this.deferredFailure = reason;
      return;
    }
    this.sink.fail(reason);
    this.finish();
  }

  /** Drops the connection abruptly (control route `streams/drop`, server shutdown). */
  destroy(): void {
    this.sink.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.deps.onEnd(this);
  }
}
