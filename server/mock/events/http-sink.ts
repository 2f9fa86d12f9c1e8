/**
 * The HTTP side of one event stream, in the two wire styles of nomad-api.md §1.2/§9:
 *
 * - `hijack` (Nomad 2.0.x, 1.11.4+): the handler takes over the connection and writes
 *   `HTTP/1.1 200 OK` before authenticating, with `Connection: close` and neither
 *   Content-Length nor chunked encoding nor Date; the body ends when the connection
 *   closes, errors (auth included) just close it, and a write blocked for 40 s drops it.
 *   Emulated through Node's response object: no `Transfer-Encoding` and `sendDate` off give
 *   exactly those bytes on the wire while Node keeps its connection bookkeeping.
 * - `legacy` (≤ 1.11.3): an ordinary chunked response; errors before the first line are
 *   real statuses (403 `Permission denied`), errors later are appended as bare text after
 *   the last line. (The real agent could gzip it; the mock never does.)
 */
import type { ServerResponse } from 'node:http';
import type { Timers } from './timers.ts';

export type AuthStyle = 'hijack' | 'legacy';

export const AUTH_STYLES: readonly AuthStyle[] = ['hijack', 'legacy'];

export const DEFAULT_WRITE_DEADLINE_MS = 40_000;

/** Bytes queued for a socket before the subscriber counts as not keeping up. */
const SOCKET_BACKLOG_BYTES = 1 << 20;

export interface StreamSink {
  readonly style: AuthStyle;
  /** Writes bytes; false means the socket is full: wait for `onDrain` before writing more. */
  write(chunk: Buffer): boolean;
  /** True while a write is waiting for the socket to drain. */
  readonly blocked: boolean;
  /** Bytes written but not yet handed to the kernel (the firehose waits for them to drain). */
  readonly pendingBytes?: number;
  onDrain(fn: () => void): void;
  /** Ends the stream because of `reason` (appended as text in the legacy style). */
  fail(reason: string): void;
  /** Drops the connection abruptly, like a network failure. */
  destroy(): void;
  /** Called once when the connection is gone, whoever closed it. */
  onClose(fn: () => void): void;
  readonly open: boolean;
}

const STREAM_HEADERS: Record<string, string> = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-cache',
  // gorilla's CompressHandler adds it to every response before the handler runs.
  Vary: 'Accept-Encoding',
};

class ResponseSink implements StreamSink {
  private drainWaiters: (() => void)[] = [];
  private closeWaiters: (() => void)[] = [];
  private cancelDeadline: (() => void) | undefined;
  private isBlocked = false;
  private ended = false;

  constructor(
    readonly style: AuthStyle,
    private readonly res: ServerResponse,
    private readonly timers: Timers,
    private readonly writeDeadlineMs: number,
  ) {
    res.on('drain', () => {
      this.isBlocked = false;
      this.cancelDeadline?.();
      this.cancelDeadline = undefined;
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      waiters.forEach((fn) => fn());
    });
    res.once('close', () => {
      this.ended = true;
      this.cancelDeadline?.();
      const waiters = this.closeWaiters;
      this.closeWaiters = [];
      waiters.forEach((fn) => fn());
    });
  }

  get open(): boolean {
    return !this.ended && !this.res.writableEnded && !this.res.destroyed;
  }

  get blocked(): boolean {
    return this.isBlocked;
  }

  get pendingBytes(): number {
    return this.res.writableLength;
  }

  write(chunk: Buffer): boolean {
    if (!this.open) return false;
    // Node's 16 KiB high-water mark is far below what the kernel and Go would buffer
    // before a write blocks; only a real backlog counts as a blocked socket.
    const ok = this.res.write(chunk) || this.res.writableLength < SOCKET_BACKLOG_BYTES;
    if (!ok && !this.isBlocked) {
      this.isBlocked = true;
      // Go's per-write deadline on the hijacked connection: a reader that stops for this
      // long loses the connection. The legacy style had no such deadline.
      if (this.style === 'hijack' && this.writeDeadlineMs > 0) {
        this.cancelDeadline = this.timers.after(this.writeDeadlineMs, () => this.destroy());
      }
    }
    return ok;
  }

  onDrain(fn: () => void): void {
    this.drainWaiters.push(fn);
  }

  onClose(fn: () => void): void {
    if (this.ended) fn();
    else this.closeWaiters.push(fn);
  }

  fail(reason: string): void {
    if (!this.open) return;
    if (this.style === 'legacy') this.res.end(reason);
    else this.res.end();
  }

  destroy(): void {
    if (!this.res.destroyed) this.res.destroy();
  }
}

/**
 * Hijack style: the 200 status line and headers go out now, before authentication.
 * Returns the sink; on an auth failure the caller just calls `fail`.
 */
export function openHijacked(res: ServerResponse, timers: Timers, writeDeadlineMs: number): StreamSink {
  res.sendDate = false;
  res.statusCode = 200;
  for (const [name, value] of Object.entries(STREAM_HEADERS)) res.setHeader(name, value);
  res.setHeader('Connection', 'close');
  res.removeHeader('Content-Encoding');
  // Without Transfer-Encoding and Content-Length, Node writes a raw body ended by close.
  res.removeHeader('Transfer-Encoding');
  res.flushHeaders();
  return new ResponseSink('hijack', res, timers, writeDeadlineMs);
}

/** Legacy style: headers leave with the first line; chunked like any Go streaming response. */
export function openLegacy(res: ServerResponse, timers: Timers): StreamSink {
  res.statusCode = 200;
  for (const [name, value] of Object.entries(STREAM_HEADERS)) res.setHeader(name, value);
  return new ResponseSink('legacy', res, timers, 0);
}
