/**
 * Nomad's StreamFramer (client/lib/streamframer) for an HTTP response: JSON frames
 * concatenated with no separator, sorted keys, every field omitempty —
 * `{"Data":"<base64>","File":"…","FileEvent":"…","Offset":n}` — plus a `{}` heartbeat
 * on a fixed ticker (not reset by data). Data is coalesced until the batch ticker fires
 * or 64 KiB are pending; a frame's Data is at most 64 KiB. A frame's Offset is the file
 * offset just after its data (nomad-api.md §4.4: what a mock should report). In plain
 * mode only the raw bytes are written and heartbeats write nothing.
 */
import type { Timers } from '../events/timers.ts';
import type { Sink } from './sink.ts';

export const FRAME_SIZE = 64 * 1024;

export interface FramerOptions {
  plain: boolean;
  heartbeatMs: number;
  batchMs: number;
  timers: Timers;
  frameSize?: number;
}

interface Pending {
  file: string;
  event: string;
  /** Offset just after the last pending byte. */
  end: number;
  chunks: Buffer[];
  size: number;
}

export function encodeFrame(frame: { data?: Buffer; file?: string; event?: string; offset?: number }): string {
  const parts: string[] = [];
  if (frame.data && frame.data.length > 0) parts.push(`"Data":"${frame.data.toString('base64')}"`);
  if (frame.file) parts.push(`"File":${JSON.stringify(frame.file)}`);
  if (frame.event) parts.push(`"FileEvent":${JSON.stringify(frame.event)}`);
  if (frame.offset) parts.push(`"Offset":${frame.offset}`);
  return `{${parts.join(',')}}`;
}

export class StreamFramer {
  private pending: Pending | undefined;
  private readonly stops: (() => void)[] = [];
  private closed = false;
  private readonly frameSize: number;

  constructor(
    private readonly out: Sink,
    private readonly opts: FramerOptions,
  ) {
    this.frameSize = opts.frameSize ?? FRAME_SIZE;
  }

  start(): void {
    this.stops.push(this.opts.timers.every(this.opts.heartbeatMs, () => this.heartbeat()));
    this.stops.push(this.opts.timers.every(this.opts.batchMs, () => this.flush()));
  }

  /** True while the socket is absorbing slower than we produce: stop reading files. */
  get congested(): boolean {
    return this.out.congested;
  }

  private write(text: string | Buffer): void {
    if (this.closed || this.out.destroyed) return;
    this.out.write(text);
  }

  private heartbeat(): void {
    if (!this.opts.plain) this.write('{}');
  }

  private emit(file: string, event: string, data: Buffer, end: number): void {
    if (this.opts.plain) {
      if (data.length > 0) this.write(data);
      return;
    }
    this.write(encodeFrame({ data, file, event, offset: end }));
  }

  private take(n: number): Buffer {
    const p = this.pending!;
    const all = p.chunks.length === 1 ? p.chunks[0]! : Buffer.concat(p.chunks);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    p.chunks = rest.length > 0 ? [rest] : [];
    p.size = rest.length;
    return head;
  }

  /** Mirrors StreamFramer.Send: a different file or event flushes what is pending first. */
  send(file: string, event: string, data: Buffer, end: number): void {
    if (this.pending && (this.pending.file !== file || this.pending.event !== event)) this.flush();
    if (!this.pending) this.pending = { file, event, end, chunks: [], size: 0 };
    const p = this.pending;
    if (data.length > 0) {
      p.chunks.push(data);
      p.size += data.length;
    }
    p.end = end;
    // An event without data (file deleted / truncated at EOF) goes out at once.
    if (p.size === 0 && event !== '') {
      this.emit(file, event, Buffer.alloc(0), end);
      this.pending = undefined;
      return;
    }
    while (p.size >= this.frameSize) {
      const chunk = this.take(this.frameSize);
      this.emit(file, event, chunk, p.end - p.size);
    }
    if (p.size === 0) this.pending = undefined;
  }

  /** Sends whatever is pending as one frame (the batch ticker and close call this). */
  flush(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    if (p.size > 0) this.emit(p.file, p.event, Buffer.concat(p.chunks), p.end);
  }

  /** Stops the tickers, flushes, ends the response. Idempotent. */
  close(trailer?: string): void {
    if (this.closed) return;
    this.stops.forEach((stop) => stop());
    this.flush();
    if (trailer) this.write(trailer);
    this.closed = true;
    this.out.end();
  }
}
