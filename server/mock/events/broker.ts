/**
 * The mock's event broker (nomad/stream/event_broker.go in miniature). It listens to every
 * state-store commit, turns each into event batches (convert.ts), appends them to the
 * bounded buffer and lets each open subscription pull what matches. Batches are encoded
 * once and the bytes shared between subscribers (lines.ts).
 *
 * It also keeps the ACL side of Nomad's broker: topics are authorised at subscribe time,
 * a deleted token closes its streams before the deletion is delivered, and token, policy
 * and role changes re-check every affected stream (nomad-api.md §1.6, §1.7).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NomadEvent } from '../../../src/lib/nomad/types.ts';
import { PERMISSION_DENIED, permissionDenied } from '../../http/errors.ts';
import type { Authenticator, Identity } from '../acl/auth.ts';
import { allows, topicRequirement } from '../acl/capabilities.ts';
import type { Commit, StateStore } from '../store.ts';
import { DEFAULT_BUFFER_SIZE, EventBuffer, type BufferItem } from './buffer.ts';
import { batchesFromCommit } from './convert.ts';
import { ALL, selectEvents, type StreamFilter, type TopicMap } from './filter.ts';
import { DEFAULT_WRITE_DEADLINE_MS, openHijacked, openLegacy, type AuthStyle, type StreamSink } from './http-sink.ts';
import { LineEncoder } from './lines.ts';
import { DROPPED_FROM_BUFFER, FORCE_CLOSED, Subscription } from './subscription.ts';
import { realTimers, type Timers } from './timers.ts';
import type { EventBatchRecord } from './types.ts';

export const DEFAULT_HEARTBEAT_MS = 30_000;
/**
 * Events kept for `GET /__mock/events/published`: far more than the stream buffer, for
 * tests that compare a long session, yet bounded (each holds a payload) for the firehose.
 */
export const DEFAULT_RECORD_LIMIT = 20_000;

export interface BrokerOptions {
  store: StateStore;
  auth: Authenticator;
  now: () => number;
  /** `event_buffer_size`: batches, not events. 0 means the default (100). */
  bufferSize?: number;
  heartbeatMs?: number;
  authStyle?: AuthStyle;
  timers?: Timers;
  writeDeadlineMs?: number;
  recordLimit?: number;
  log?: (line: string) => void;
}

export interface StreamRequest {
  index: number;
  topics: TopicMap;
  /** The raw `namespace` parameter (`*` = every namespace existing now). */
  namespace: string;
}

export interface PublishedBatch {
  Events: NomadEvent[];
  Index: number;
}

export interface BrokerState {
  AuthStyle: AuthStyle;
  /** Streams whose socket is not keeping up (writes waiting for it to drain). */
  Blocked: number;
  BufferSize: number;
  Buffered: number;
  HeartbeatMs: number;
  NewestIndex: number;
  OldestIndex: number;
  PublishedBatches: number;
  PublishedEvents: number;
  Stalled: number;
  Subscribers: number;
}

/** A request-shaped object carrying only a token, to re-resolve an open stream's identity. */
function tokenCarrier(secret: string): IncomingMessage {
  return { headers: secret === '' ? {} : { 'x-nomad-token': secret } } as unknown as IncomingMessage;
}

export class EventBroker {
  readonly buffer: EventBuffer;
  readonly encoder = new LineEncoder();
  private heartbeatEvery: number;
  readonly authStyle: AuthStyle;
  private readonly timers: Timers;
  private readonly subs = new Set<Subscription>();
  private readonly heartbeats = new Map<Subscription, () => void>();
  /** Published batches, oldest first; entries before `recordStart` are released. */
  private readonly record: (BufferItem | undefined)[] = [];
  private recordStart = 0;
  private recordEvents = 0;
  private readonly recordLimit: number;
  private nextId = 1;
  private publishedBatches = 0;
  private publishedEvents = 0;
  private stopFeed: (() => void) | undefined;
  private closed = false;

  constructor(private readonly opts: BrokerOptions) {
    this.buffer = new EventBuffer(opts.bufferSize ?? DEFAULT_BUFFER_SIZE);
    this.heartbeatEvery = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.authStyle = opts.authStyle ?? 'hijack';
    this.timers = opts.timers ?? realTimers;
    this.recordLimit = opts.recordLimit ?? DEFAULT_RECORD_LIMIT;
    this.stopFeed = opts.store.subscribe((commit) => this.onCommit(commit));
  }

  private onCommit(commit: Commit): void {
    const batches = batchesFromCommit(commit);
    // Like Nomad's Publish: ACL consequences first, so a deleted token never sees its own deletion.
    this.applyAclChanges(commit, batches);
    for (const batch of batches) this.publish(batch);
  }

  private publish(batch: EventBatchRecord): void {
    const { item, evicted } = this.buffer.append(batch);
    this.publishedBatches++;
    this.publishedEvents += batch.events.length;
    this.remember(item);
    // Evicted batches live on only in the record, which needs no encoded bytes.
    for (const old of evicted) {
      old.fullLine = undefined;
      old.subsetLines = undefined;
      old.json.fill(undefined);
    }
    const subs = [...this.subs];
    if (evicted.length > 0) {
      // Only a subscriber that is blocked or stalled can be behind: the others were pumped
      // up to the tail after the previous publish.
      for (const sub of subs) if (sub.behindBuffer) sub.fail(DROPPED_FROM_BUFFER);
    }
    for (const sub of subs) sub.pump();
  }

  private remember(item: BufferItem): void {
    this.record.push(item);
    this.recordEvents += item.batch.events.length;
    while (this.recordEvents > this.recordLimit && this.recordStart < this.record.length - 1) {
      this.recordEvents -= this.record[this.recordStart]!.batch.events.length;
      this.record[this.recordStart] = undefined;
      this.recordStart++;
    }
    // Compact now and then rather than shifting on every publish.
    if (this.recordStart > 4096 && this.recordStart * 2 > this.record.length) {
      this.record.splice(0, this.recordStart);
      this.recordStart = 0;
    }
  }

  private applyAclChanges(commit: Commit, batches: readonly EventBatchRecord[]): void {
    if (this.subs.size === 0) return;
    switch (commit.type) {
      case 'ACLTokenDeleted': {
        const secrets = new Set<string>();
        for (const b of batches) for (const e of b.events) if (e.secret) secrets.add(e.secret);
        for (const sub of [...this.subs]) if (secrets.has(sub.secret)) sub.fail(FORCE_CLOSED);
        return;
      }
      case 'ACLTokenUpserted': {
        const secrets = new Set<string>();
        for (const b of batches) for (const e of b.events) if (e.secret) secrets.add(e.secret);
        this.revalidate((sub) => secrets.has(sub.secret));
        return;
      }
      case 'ACLPolicyUpserted':
      case 'ACLPolicyDeleted':
      case 'ACLRoleUpserted':
      case 'ACLRoleDeleted':
        this.revalidate(() => true);
        return;
      default:
        return;
    }
  }

  private revalidate(affected: (sub: Subscription) => boolean): void {
    if (!this.opts.auth.enabled) return;
    for (const sub of [...this.subs]) {
      if (!affected(sub)) continue;
      try {
        const identity = this.opts.auth.resolve(tokenCarrier(sub.secret));
        this.authorize(identity, sub.filter.topics, [...(sub.filter.namespaces ?? [])]);
        sub.identity = identity;
      } catch {
        sub.fail(FORCE_CLOSED);
      }
    }
  }

  /** Every requested topic in every target namespace, or a 403 (§1.6). */
  private authorize(identity: Identity, topics: TopicMap, namespaces: readonly string[]): void {
    for (const topic of topics.keys()) {
      const requirement = topicRequirement(topic);
      for (const ns of namespaces) {
        if (!allows(identity.acl, requirement, ns)) throw permissionDenied();
      }
    }
  }

  private expandNamespaces(raw: string): string[] {
    if (raw !== ALL) return [raw];
    return this.opts.store.list('namespaces').map((n) => n.Name);
  }

  /**
   * Serves one `GET /v1/event/stream` after its parameters were parsed (400s are the
   * route's). Resolves when the stream has ended.
   */
  async serve(req: IncomingMessage, res: ServerResponse, request: StreamRequest, secret: string): Promise<void> {
    if (this.closed) throw new Error('EventBroker not configured');
    let sink: StreamSink;
    let identity: Identity;
    const namespaces = this.expandNamespaces(request.namespace);
    if (this.authStyle === 'legacy') {
      // ≤ 1.11.3: the RPC fails before anything is written, so the status is real.
      identity = this.opts.auth.resolve(req);
      this.authorize(identity, request.topics, namespaces);
      sink = openLegacy(res, this.timers);
    } else {
      // 2.0.x: the 200 status line is out before authentication; a failure just closes.
      sink = openHijacked(res, this.timers, this.opts.writeDeadlineMs ?? DEFAULT_WRITE_DEADLINE_MS);
      try {
        identity = this.opts.auth.resolve(req);
        this.authorize(identity, request.topics, namespaces);
      } catch (err) {
        sink.fail(err instanceof Error ? err.message : PERMISSION_DENIED);
        return;
      }
    }
    const filter: StreamFilter = { topics: request.topics, namespaces: new Set(namespaces) };
    const done = new Promise<void>((resolve) => sink.onClose(resolve));
    const sub = new Subscription(this.nextId++, sink, filter, identity, secret, this.buffer.startAt(request.index), {
      encoder: this.encoder,
      now: this.opts.now,
      onEnd: (s) => this.forget(s),
    });
    if (!sub.open) return done;
    this.subs.add(sub);
    this.heartbeats.set(
      sub,
      this.timers.every(this.heartbeatEvery, () => sub.heartbeat()),
    );
    sub.heartbeat();
    sub.pump();
    return done;
  }

  get heartbeatMs(): number {
    return this.heartbeatEvery;
  }

  /** Changes the heartbeat interval for open streams (their tickers restart now) and later ones. */
  setHeartbeat(ms: number): void {
    this.heartbeatEvery = ms;
    for (const [sub, cancel] of this.heartbeats) {
      cancel();
      this.heartbeats.set(
        sub,
        this.timers.every(ms, () => sub.heartbeat()),
      );
    }
  }

  private forget(sub: Subscription): void {
    this.subs.delete(sub);
    this.heartbeats.get(sub)?.();
    this.heartbeats.delete(sub);
  }

  /** Ends every open stream abruptly (no trailer, no FIN-before-data niceties). Returns how many. */
  dropAll(): number {
    const subs = [...this.subs];
    subs.forEach((s) => s.destroy());
    return subs.length;
  }

  /**
   * A simulated agent restart (fault injection): every open stream is cut and the buffer is
   * emptied; the published record is kept. Later subscriptions see only newer events.
   * Returns how many streams were cut.
   */
  restart(): number {
    const cut = this.dropAll();
    this.buffer.clear();
    return cut;
  }

  /** Stops writing to every open stream (heartbeats included) without closing them. Returns how many. */
  stallAll(): number {
    let n = 0;
    for (const sub of this.subs) {
      if (sub.stalled) continue;
      sub.stall('control route');
      n++;
    }
    return n;
  }

  /** Ends a stall: streams carry on where they stopped (or close if they fell out of the buffer). */
  resumeStalled(): number {
    let n = 0;
    for (const sub of [...this.subs]) {
      if (!sub.stalled) continue;
      sub.resume();
      n++;
    }
    return n;
  }

  /** What the broker published after `after` (exclusive), as `filter` would have received it. */
  published(after: number, filter: StreamFilter, limit: number): { batches: PublishedBatch[]; oldest: number } {
    const batches: PublishedBatch[] = [];
    const items = this.record;
    let lo = this.recordStart;
    let hi = items.length;
    // Binary search for the first item with index > after (indexes never decrease).
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (items[mid]!.index <= after) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < items.length && batches.length < limit; i++) {
      const item = items[i]!;
      const selection = selectEvents(filter, item.wires);
      if (selection && selection.length === 0) continue;
      const events = selection ? selection.map((k) => item.wires[k]!) : [...item.wires];
      batches.push({ Events: events, Index: item.index });
    }
    return { batches, oldest: items[this.recordStart]?.index ?? 0 };
  }

  namespacesFor(raw: string): Set<string> {
    return new Set(this.expandNamespaces(raw));
  }

  state(): BrokerState {
    let buffered = 0;
    let oldest = 0;
    for (const item of this.buffer.items()) {
      if (buffered === 0) oldest = item.index;
      buffered++;
    }
    return {
      AuthStyle: this.authStyle,
      Blocked: [...this.subs].filter((s) => s.sink.blocked).length,
      BufferSize: this.buffer.capacity,
      Buffered: buffered,
      HeartbeatMs: this.heartbeatEvery,
      NewestIndex: this.buffer.tail.index,
      OldestIndex: oldest,
      PublishedBatches: this.publishedBatches,
      PublishedEvents: this.publishedEvents,
      Stalled: [...this.subs].filter((s) => s.stalled).length,
      Subscribers: this.subs.size,
    };
  }

  get subscriberCount(): number {
    return this.subs.size;
  }

  /**
   * Firehose pacing (firehose.ts): every open, unstalled stream is caught up and its socket
   * drained; false while there is none.
   */
  get readyForMore(): boolean {
    let any = false;
    for (const sub of this.subs) {
      if (!sub.open || sub.stalled) continue;
      if (!sub.caughtUp) return false;
      any = true;
    }
    return any;
  }

  /** Firehose replay: publishes a batch no commit produced, exactly as a commit's would be. */
  inject(batch: EventBatchRecord): void {
    if (!this.closed) this.publish(batch);
  }

  /** Server shutdown: every stream is cut, no more publishing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopFeed?.();
    this.stopFeed = undefined;
    // Destroyed rather than ended: a reader that stopped reading must not hold shutdown up.
    for (const sub of [...this.subs]) sub.destroy();
  }
}
