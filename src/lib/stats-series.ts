/**
 * A bounded time series of resource samples for live charts. Nomad's stats endpoints
 * answer with a point-in-time snapshot; polling them and keeping the last N samples gives
 * the chart its history. Samples carry the agent's own `Timestamp`, so an answer that did
 * not change (the client had not collected new stats yet) is not counted twice, and
 * cumulative counters (throttled time, ticks) can be turned into rates.
 */
import { RingBuffer } from './ring-buffer.ts';

export interface Sample {
  /** Milliseconds since the epoch, from the agent's `Timestamp`. */
  t: number;
  values: Readonly<Record<string, number>>;
}

export interface Point {
  t: number;
  v: number;
}

export class StatsSeries {
  private ring: RingBuffer<Sample>;

  constructor(capacity = 60) {
    this.ring = new RingBuffer<Sample>(capacity);
  }

  /** A series holding `samples` (oldest first), for rebuilding one from stored state. */
  static from(samples: readonly Sample[], capacity = 60): StatsSeries {
    const series = new StatsSeries(capacity);
    for (const s of samples) series.push(s);
    return series;
  }

  /** The samples, oldest first: a copy, safe to keep in React or query state. */
  toArray(): Sample[] {
    return this.ring.toArray();
  }

  get size(): number {
    return this.ring.size;
  }

  get capacity(): number {
    return this.ring.capacity;
  }

  /**
   * Adds a sample. Returns false (and keeps nothing) when it is not newer than the last
   * one: a repeated snapshot, or an answer that overtook a later one.
   */
  push(sample: Sample): boolean {
    const last = this.ring.last();
    if (!Number.isFinite(sample.t) || (last && sample.t <= last.t)) return false;
    this.ring.push(sample);
    return true;
  }

  latest(): Sample | undefined {
    return this.ring.last();
  }

  /** The values of `key` over time, oldest first; samples without it are skipped. */
  points(key: string): Point[] {
    const out: Point[] = [];
    for (const s of this.ring.toArray()) {
      const v = s.values[key];
      if (v !== undefined && Number.isFinite(v)) out.push({ t: s.t, v });
    }
    return out;
  }

  /**
   * Per-second rate of a cumulative counter between consecutive samples, stamped at the
   * later one. A counter that went down (the task restarted and its counters reset)
   * yields no point for that interval rather than a negative rate.
   */
  rate(key: string): Point[] {
    const pts = this.points(key);
    const out: Point[] = [];
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1]!;
      const b = pts[i]!;
      const seconds = (b.t - a.t) / 1000;
      if (seconds <= 0 || b.v < a.v) continue;
      out.push({ t: b.t, v: (b.v - a.v) / seconds });
    }
    return out;
  }

  clear(): void {
    this.ring.clear();
  }
}

/** The largest value among `points`, or `fallback` when there are none (for a chart's scale). */
export function peak(points: readonly Point[], fallback = 0): number {
  return points.reduce((m, p) => Math.max(m, p.v), fallback);
}

/**
 * The time a live chart should span: the data's own span, but at least `minMs` (so the
 * first few samples do not fill the width and look like a long history) and at most
 * `maxMs` (the window the chart promises).
 */
export function chartSpan(samples: readonly Sample[], minMs: number, maxMs: number): number {
  const span = samples.length > 1 ? samples[samples.length - 1]!.t - samples[0]!.t : 0;
  return Math.min(maxMs, Math.max(minMs, span));
}
