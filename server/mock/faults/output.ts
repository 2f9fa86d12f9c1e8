/**
 * The byte path of one faulted connection. Everything the route writes goes through
 * `write`/`end` here, in order, and leaves through the real response or socket with the
 * connection's planned faults applied: garbled units, a drop after N bytes (FIN or RST),
 * a stall after N bytes, a drip of one byte per write, writes split at random positions.
 * When nothing planned touches a chunk and nothing is queued, it is written through at
 * once, so backpressure and callbacks stay the real ones.
 */
import type { Rng } from '../prng.ts';
import { garbleFrame, garbleLine, UnitSplitter, type UnitKind } from './garble.ts';

export interface ConnectionPlan {
  /** Destroy the connection once this many body bytes were sent. */
  dropAt?: number;
  /** Destroy the connection after this long (streams). */
  dropAfterMs?: number;
  /** Send nothing after this many bytes, for `stallMs` (0 = until the client goes away). */
  stallAt?: number;
  stallMs: number;
  /** Bytes [from, to) leave one per write, `maxDelayMs` apart at most. */
  drip?: { from: number; to: number; maxDelayMs: number };
  split: boolean;
  garble?: { kind: UnitKind; rate: number };
}

export interface FaultCounters {
  Requests: number;
  Errors: number;
  Dropped: number;
  Stalled: number;
  Dripped: number;
  Split: number;
  Garbled: number;
  Delayed: number;
}

export function emptyCounters(): FaultCounters {
  return { Requests: 0, Errors: 0, Dropped: 0, Stalled: 0, Dripped: 0, Split: 0, Garbled: 0, Delayed: 0 };
}

type Callback = (err?: Error | null) => void;

/** Where the bytes really go (the original write/end of a response or a socket). */
export interface OutputTarget {
  write(chunk: Buffer, cb?: Callback): boolean;
  end(chunk: Buffer | undefined, cb?: Callback): void;
  /** Abrupt end: `reset` sends a TCP RST where the platform can, otherwise a FIN. */
  kill(reset: boolean): void;
}

interface Item {
  chunk?: Buffer;
  /** A garbled unit: counted when it is sent, not when it is made (a drop may come first). */
  garbled?: boolean;
  end?: boolean;
  cb?: Callback | undefined;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FaultyOutput {
  private readonly queue: Item[] = [];
  private running = false;
  private offset = 0;
  /** Dropped, stalled for good, ended or gone: nothing more leaves. */
  private dead = false;
  private readonly splitter: UnitSplitter | undefined;
  private cancelTimer: (() => void) | undefined;
  private dripCounted = false;

  constructor(
    private readonly target: OutputTarget,
    private readonly plan: ConnectionPlan,
    private readonly rng: Rng,
    private readonly counters: FaultCounters,
  ) {
    this.splitter = plan.garble ? new UnitSplitter(plan.garble.kind) : undefined;
    if (plan.split) counters.Split++;
    if (plan.dropAfterMs !== undefined) {
      const handle = setTimeout(() => this.drop(), plan.dropAfterMs);
      handle.unref();
      this.cancelTimer = () => clearTimeout(handle);
    }
  }

  /** The connection is gone: forget what is queued. */
  closed(): void {
    this.dead = true;
    this.queue.length = 0;
    this.cancelTimer?.();
  }

  get bytesSent(): number {
    return this.offset;
  }

  write(chunk: Buffer, cb?: Callback): boolean {
    if (this.dead) {
      if (cb) setImmediate(cb);
      return true;
    }
    if (!this.splitter && this.passesThrough(chunk)) {
      this.offset += chunk.length;
      return this.target.write(chunk, cb);
    }
    this.enqueue(chunk, cb);
    return true;
  }

  end(chunk: Buffer | undefined, cb?: Callback): void {
    if (this.dead) {
      if (cb) setImmediate(cb);
      return;
    }
    if (!this.splitter && this.passesThrough(chunk ?? Buffer.alloc(0))) {
      this.offset += chunk?.length ?? 0;
      this.finish();
      this.target.end(chunk, cb);
      return;
    }
    if (chunk && chunk.length > 0) this.enqueue(chunk, undefined);
    if (this.splitter) {
      const rest = this.splitter.flush();
      if (rest.length > 0) this.queue.push({ chunk: rest });
    }
    this.queue.push({ end: true, cb });
    void this.pump();
  }

  /** Nothing planned happens inside this chunk and nothing waits before it. */
  private passesThrough(chunk: Buffer): boolean {
    if (this.running || this.queue.length > 0 || this.plan.split) return false;
    const last = this.offset + chunk.length;
    const { dropAt, stallAt, drip } = this.plan;
    if (dropAt !== undefined && dropAt <= last) return false;
    if (stallAt !== undefined && stallAt <= last) return false;
    if (drip && drip.from < last && drip.to > this.offset) return false;
    return true;
  }

  private enqueue(chunk: Buffer, cb: Callback | undefined): void {
    if (!this.splitter) {
      this.queue.push({ chunk, cb });
    } else {
      const pieces = this.splitter.push(chunk);
      for (const [bytes, isUnit] of pieces) {
        const garbled = isUnit ? this.maybeGarble(bytes) : undefined;
        this.queue.push(garbled ? { chunk: garbled, garbled: true } : { chunk: bytes });
      }
      if (cb) {
        const last = this.queue[this.queue.length - 1];
        if (pieces.length > 0 && last && !last.cb) last.cb = cb;
        else setImmediate(cb);
      }
    }
    void this.pump();
  }

  private maybeGarble(unit: Buffer): Buffer | undefined {
    const garble = this.plan.garble!;
    if (this.rng.next() >= garble.rate) return undefined;
    return (garble.kind === 'line' ? garbleLine(unit, this.rng) : garbleFrame(unit, this.rng))?.bytes;
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.dead && this.queue.length > 0) {
        const item = this.queue.shift()!;
        if (item.end) {
          this.finish();
          this.target.end(undefined, item.cb);
          return;
        }
        if (item.garbled) this.counters.Garbled++;
        await this.emit(item.chunk!);
        if (item.cb) setImmediate(item.cb);
      }
    } finally {
      this.running = false;
    }
  }

  private finish(): void {
    this.dead = true;
    this.cancelTimer?.();
  }

  private drop(): void {
    if (this.dead) return;
    this.counters.Dropped++;
    this.closed();
    // Both ways a connection dies on a real network: a FIN (which a close-delimited body
    // cannot tell from its normal end) or a reset.
    this.target.kill(this.rng.next() < 0.5);
  }

  private async emit(chunk: Buffer): Promise<void> {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.dead) return;
      const at = this.offset;
      const { dropAt, stallAt, drip } = this.plan;
      if (dropAt !== undefined && at >= dropAt) return this.drop();
      if (stallAt !== undefined && at >= stallAt) {
        this.plan.stallAt = undefined;
        this.counters.Stalled++;
        if (this.plan.stallMs === 0) {
          // Silent until the client gives up; whatever the route writes meanwhile is discarded.
          this.dead = true;
          this.queue.length = 0;
          return;
        }
        await sleep(this.plan.stallMs);
        continue;
      }
      if (drip && at >= drip.from && at < drip.to) {
        if (!this.dripCounted) {
          this.dripCounted = true;
          this.counters.Dripped++;
        }
        this.target.write(chunk.subarray(pos, pos + 1));
        pos++;
        this.offset++;
        await sleep(this.rng.int(0, drip.maxDelayMs));
        continue;
      }
      let n = chunk.length - pos;
      if (dropAt !== undefined) n = Math.min(n, dropAt - at);
      if (stallAt !== undefined) n = Math.min(n, stallAt - at);
      if (drip && at < drip.from) n = Math.min(n, drip.from - at);
      const piece = chunk.subarray(pos, pos + n);
      pos += n;
      this.offset += n;
      if (this.plan.split && piece.length > 1) await this.writeSplit(piece);
      else this.target.write(piece);
    }
  }

  private async writeSplit(piece: Buffer): Promise<void> {
    const cuts = new Set<number>();
    const count = this.rng.int(1, Math.min(4, piece.length - 1));
    while (cuts.size < count) cuts.add(this.rng.int(1, piece.length - 1));
    let from = 0;
    for (const cut of [...cuts].sort((a, b) => a - b).concat(piece.length)) {
      if (this.dead) return;
      this.target.write(piece.subarray(from, cut));
      from = cut;
      if (cut < piece.length) await tick();
    }
  }
}
