/**
 * Test support: `Timers` on a manual clock. `advance(ms)` fires every due callback in
 * time order, so heartbeat cadence and write deadlines can be checked without waiting.
 */
import type { Timers } from './timers.ts';

interface Entry {
  at: number;
  every: number | undefined;
  fn: () => void;
  cancelled: boolean;
}

export class FakeTimers implements Timers {
  private clock = 0;
  private entries: Entry[] = [];

  get now(): number {
    return this.clock;
  }

  every(ms: number, fn: () => void): () => void {
    return this.add({ at: this.clock + ms, every: ms, fn, cancelled: false });
  }

  after(ms: number, fn: () => void): () => void {
    return this.add({ at: this.clock + ms, every: undefined, fn, cancelled: false });
  }

  /** Timers still scheduled. */
  get pending(): number {
    return this.entries.filter((e) => !e.cancelled).length;
  }

  advance(ms: number): void {
    const end = this.clock + ms;
    for (;;) {
      const due = this.entries.filter((e) => !e.cancelled && e.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.clock = due.at;
      if (due.every === undefined) due.cancelled = true;
      else due.at += due.every;
      due.fn();
    }
    this.clock = end;
    this.entries = this.entries.filter((e) => !e.cancelled);
  }

  private add(entry: Entry): () => void {
    this.entries.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }
}
