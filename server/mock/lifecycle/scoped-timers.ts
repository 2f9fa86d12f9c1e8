/**
 * One-shot timers for delayed cluster reactions (a replacement being placed, a restarted
 * task coming back, node metadata reaching the servers). Every pending timer is cancelled
 * when the runtime closes, so a stopped mock never mutates its store afterwards and never
 * keeps a test process alive.
 */
import { realTimers, type Timers } from '../events/timers.ts';

export class ScopedTimers {
  private readonly pending = new Set<() => void>();

  constructor(
    private readonly closing: AbortSignal,
    private readonly timers: Timers = realTimers,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    closing.addEventListener('abort', () => this.cancelAll(), { once: true });
  }

  /** Runs `fn` after `ms` (at once, synchronously, when `ms` is 0) unless the runtime closed first. */
  after(ms: number, fn: () => void): void {
    if (this.closing.aborted) return;
    if (ms <= 0) return this.run(fn);
    const cancel = this.timers.after(ms, () => {
      this.pending.delete(cancel);
      this.run(fn);
    });
    this.pending.add(cancel);
  }

  /** How many timers are waiting (for tests). */
  get size(): number {
    return this.pending.size;
  }

  cancelAll(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }

  private run(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onError(err);
    }
  }
}
