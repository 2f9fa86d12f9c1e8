/**
 * Resume cursor and de-duplication for `/v1/event/stream`.
 *
 * Nomad's `index` parameter is inclusive, and one raft index can arrive on several lines
 * (a job registration commits the job and its evaluation as two lines with the same
 * Index). So a reconnect asks for the last index seen, and the cursor skips exactly as
 * many lines at that index as it already delivered: no loss, no duplicates.
 *
 * If the replay does not start at that index, the server no longer had it (evicted from its
 * bounded buffer, or a restarted server with an empty buffer): events may be missing, and
 * the cursor reports a possible gap instead of pretending.
 */

export interface BatchLike<E> {
  Index: number;
  Events: E[] | null;
}

export interface EventLike {
  Index: number;
  Key: string;
  Topic: string;
  Type: string;
  Namespace: string;
}

export type Admission<E> =
  { kind: 'new'; events: E[]; gap?: { after: number; resumedAt: number } } | { kind: 'duplicate' };

export class EventCursor {
  private lastIndex = 0;
  private linesAtLast = 0;
  private skip = 0;
  private awaitingReplayOf = 0;

  /** The `index` to request when (re)connecting, or undefined to use the caller's start. */
  resumeIndex(): number | undefined {
    return this.lastIndex > 0 ? this.lastIndex : undefined;
  }

  get last(): number {
    return this.lastIndex;
  }

  /** Call when a new connection is opened from `resumeIndex()`. */
  reconnected(): void {
    this.skip = this.linesAtLast;
    this.awaitingReplayOf = this.lastIndex;
  }

  /** Decides what to do with one data line. */
  admit<E extends EventLike>(batch: BatchLike<E>): Admission<E> {
    const index = batch.Index;
    let gap: { after: number; resumedAt: number } | undefined;
    if (this.awaitingReplayOf > 0) {
      if (index > this.awaitingReplayOf) gap = { after: this.awaitingReplayOf, resumedAt: index };
      this.awaitingReplayOf = 0;
    }
    if (index < this.lastIndex) return { kind: 'duplicate' };
    if (index === this.lastIndex) {
      if (this.skip > 0) {
        this.skip--;
        return { kind: 'duplicate' };
      }
      this.linesAtLast++;
    } else {
      this.lastIndex = index;
      this.linesAtLast = 1;
      this.skip = 0;
    }
    const events = dedupeWithinBatch(batch.Events ?? []);
    return gap ? { kind: 'new', events, gap } : { kind: 'new', events };
  }

  reset(): void {
    this.lastIndex = 0;
    this.linesAtLast = 0;
    this.skip = 0;
    this.awaitingReplayOf = 0;
  }
}

/**
 * Nomad appends an event once per subscription key it matches (`Allocation:<job>` and
 * `Allocation:<alloc>` deliver the same event twice in one line). Keep the first copy.
 */
export function dedupeWithinBatch<E extends EventLike>(events: E[]): E[] {
  if (events.length < 2) return events;
  const seen = new Map<string, E[]>();
  const out: E[] = [];
  for (const e of events) {
    const id = `${e.Topic}\u0000${e.Type}\u0000${e.Namespace}\u0000${e.Key}`;
    const same = seen.get(id);
    if (same) {
      const json = JSON.stringify(e);
      if (same.some((s) => JSON.stringify(s) === json)) continue;
      same.push(e);
    } else {
      seen.set(id, [e]);
    }
    out.push(e);
  }
  return out;
}
