/**
 * The benchmark firehose (`--firehose`, scenario rate `max`): events as fast as the
 * subscribers take them, and no faster. The scenario's stories cost about 100 µs per event
 * (a real commit, conversion, bookkeeping), far below what a page can read, so the firehose
 * first records a pool of real Job/Evaluation/Allocation/Deployment batches from the running
 * scenario, then replays that pool under fresh raft indexes (an empty commit each, so the
 * store's index and the stream's stay one sequence). A batch goes out only while every open
 * stream is caught up and its socket has drained: the reader sets the pace, nothing is ever
 * evicted from under it, and the broker's PublishedEvents counts exactly what was offered.
 *
 * Every open stream counts, event sinks' included: one whose receiver is down holds the
 * firehose back (the benchmarks run with their own empty `--data-dir`).
 *
 * Replayed payloads are recorded ones: they describe the cluster as it was when recorded,
 * not as the store is now. That is fine for a benchmark and the reason this is opt-in.
 */
import { encodeNomadJson } from '../../http/json.ts';
import type { Commit, StateStore } from '../store.ts';
import { batchesFromCommit } from './convert.ts';
import type { BrokerEvent, EventBatchRecord } from './types.ts';

/** What the firehose needs from the broker. */
export interface FirehoseBroker {
  /** Publishes a batch no commit produced, through the buffer, filters and subscribers. */
  inject(batch: EventBatchRecord): void;
  /** Every open stream has everything and a drained socket (false without subscribers). */
  readonly readyForMore: boolean;
  readonly subscriberCount: number;
}

/** Topics worth replaying: the 1–4 KB payloads a busy cluster is made of. */
const POOL_TOPICS = new Set(['Job', 'Evaluation', 'Allocation', 'Deployment']);
/** Events recorded before replaying (a few MB of payloads, shared by every replay). */
export const POOL_EVENTS = 4000;
/** An Index no real event has, to find where a pooled event's encoding takes its index. */
const INDEX_MARK = 987_654_321_987;

/** A recorded event, encoded once around its Index (encoding costs more than anything else here). */
interface PooledEvent {
  wire: BrokerEvent['wire'];
  head: string;
  tail: string;
}

interface PooledBatch {
  type: EventBatchRecord['type'];
  events: PooledEvent[];
}

/** CPU the firehose may take per turn of the event loop before letting I/O run. */
const TURN_BUDGET_MS = 8;
/** How soon to look again while the readers are still busy. */
const WAIT_MS = 1;

export interface FirehoseOptions {
  poolEvents?: number;
  /** Schedules the next turn right away (I/O first). */
  soon?: (fn: () => void) => () => void;
  /** Schedules the next turn after `ms`. */
  later?: (ms: number, fn: () => void) => () => void;
}

// Not unref'd: an unref'd immediate does not wake the event loop's poll, so it would wait
// for the next timer or I/O. It only runs while there is work (recording, or a reader ready).
const setImmediateRef = (fn: () => void) => {
  const h = setImmediate(fn);
  return () => clearImmediate(h);
};
const setTimeoutUnref = (ms: number, fn: () => void) => {
  const h = setTimeout(fn, ms);
  h.unref();
  return () => clearTimeout(h);
};

export class EventFirehose {
  private readonly pool: PooledBatch[] = [];
  private poolEvents = 0;
  private next = 0;
  private replayed = 0;
  private readonly want: number;
  private readonly soon: NonNullable<FirehoseOptions['soon']>;
  private readonly later: NonNullable<FirehoseOptions['later']>;

  constructor(
    private readonly store: StateStore,
    private readonly broker: FirehoseBroker,
    opts: FirehoseOptions = {},
  ) {
    this.want = opts.poolEvents ?? POOL_EVENTS;
    this.soon = opts.soon ?? setImmediateRef;
    this.later = opts.later ?? setTimeoutUnref;
  }

  /** Batches replayed so far (not counting the recorded ones, which went out live). */
  get replayedBatches(): number {
    return this.replayed;
  }

  get recording(): boolean {
    return this.poolEvents < this.want;
  }

  /**
   * Runs until the returned function is called: scenario `step`s while the pool fills (they
   * publish live, so they wait for the readers too), then replays. `step` returns whether
   * it committed anything.
   */
  run(step: () => boolean): () => void {
    let cancel: (() => void) | undefined;
    let stopped = false;
    const unrecord = this.recording ? this.store.subscribe((commit) => this.record(commit)) : undefined;
    const turn = () => {
      cancel = undefined;
      if (stopped) return;
      const until = performance.now() + TURN_BUDGET_MS;
      let idle = 0;
      while (performance.now() < until) {
        if (this.recording) {
          // With readers attached, live steps wait for them like replays do.
          if (this.broker.subscriberCount > 0 && !this.broker.readyForMore) break;
          if (!step() && ++idle > 100) break;
          continue;
        }
        if (!this.broker.readyForMore) break;
        this.replayOne();
      }
      if (!this.recording) unrecord?.();
      const more = this.recording
        ? this.broker.subscriberCount === 0 || this.broker.readyForMore
        : this.broker.readyForMore;
      cancel = more ? this.soon(turn) : this.later(WAIT_MS, turn);
    };
    cancel = this.soon(turn);
    return () => {
      stopped = true;
      unrecord?.();
      cancel?.();
    };
  }

  private record(commit: Commit): void {
    if (!this.recording) return;
    for (const batch of batchesFromCommit(commit)) {
      const events = batch.events.filter((e) => POOL_TOPICS.has(e.wire.Topic) && e.secret === undefined);
      if (events.length === 0) continue;
      this.pool.push({ type: batch.type, events: events.map((e) => pooled(e.wire)) });
      this.poolEvents += events.length;
    }
  }

  private replayOne(): void {
    if (this.pool.length === 0) return;
    const recorded = this.pool[this.next]!;
    this.next = (this.next + 1) % this.pool.length;
    // An empty commit advances the raft index (nothing to convert, no table touched), so
    // the replayed batch sits in the one index sequence every reader and query shares.
    const { index } = this.store.commit(recorded.type, () => {});
    this.broker.inject({
      index,
      type: recorded.type,
      events: recorded.events.map((e) => ({ wire: { ...e.wire, Index: index }, json: e.head + index + e.tail })),
    });
    this.replayed++;
  }
}

function pooled(wire: BrokerEvent['wire']): PooledEvent {
  const json = encodeNomadJson({ ...wire, Index: INDEX_MARK });
  const at = json.indexOf(`"Index":${INDEX_MARK}`);
  if (at < 0) throw new Error('firehose: an encoded event has no top-level Index');
  const cut = at + '"Index":'.length;
  return { wire, head: json.slice(0, cut), tail: json.slice(cut + String(INDEX_MARK).length) };
}
