/**
 * One Nomad file or log stream (`/v1/client/fs/stream`, `/v1/client/fs/logs`) over its whole
 * life: connect, decode frames, keep a byte cursor, watch heartbeats, reconnect with backoff
 * and jitter resuming exactly where the bytes stopped, and say why it closed.
 *
 * The cursor is the position just after the last byte handed to `onData`, per file. Within
 * one file it advances by the bytes received rather than trusting `Offset`, because Nomad's
 * framer can report an Offset past the true end after a full 64 KiB frame; a new file (log
 * rotation) or a truncation takes the frame's own Offset. The caller turns the cursor into
 * the query of the next connection (`resumeQuery`), so no byte is duplicated or skipped.
 */
import { requiredCapability } from './capabilities.ts';
import { apiStream, type QueryParams } from './http.ts';
import { isAbortError, isNomadError, NomadError } from './nomad-error.ts';
import { backoffDelay, isTransientError } from './retry-policy.ts';
import { decodeBase64, FrameDecoder, type FrameItem, type StreamFrame } from './stream-frames.ts';

export type FileStreamState = 'connecting' | 'live' | 'stalled' | 'retrying' | 'closed';

export type FileStreamCloseReason =
  /** `close()` was called. */
  | 'stopped'
  /** A non-follow stream reached the end of the data. */
  | 'ended'
  /** Nomad said the file was deleted. */
  | 'deleted'
  /** A final error (4xx, or retries given up); see `error`. */
  | 'failed';

export interface StreamCursor {
  /** `File` of the last frame (path within the alloc dir); undefined before any frame. */
  file: string | undefined;
  /** Offset within `file` just after the last byte delivered. */
  offset: number;
}

export interface FileStreamChunk {
  bytes: Uint8Array;
  file: string | undefined;
  /** Offset within `file` of the first byte of `bytes`. */
  start: number;
}

export interface FileStreamHandlers {
  onData(chunk: FileStreamChunk): void;
  onTruncated?(file: string | undefined): void;
  onDeleted?(file: string | undefined): void;
  /**
   * Logs only (needs `rotationIndex`): the stream moved past files that were rotated away
   * before Nomad opened them. `lastFileSize` is the size of the file it left (the whole
   * file was read), the best guess for each skipped file's size.
   */
  onSkipped?(skip: { from: string; to: string; files: number; lastFileSize: number }): void;
  /** Text Nomad appended after the frames (a mid-stream error). */
  onText?(text: string): void;
  onState?(state: FileStreamState, info: { reason?: FileStreamCloseReason; error?: unknown; attempt: number }): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface FileStreamOptions extends FileStreamHandlers {
  /** `/v1/client/fs/logs/<alloc>` or `/v1/client/fs/stream/<alloc>`. */
  path: string;
  namespace?: string | undefined;
  region?: string | undefined;
  /** Query of the first connection. */
  initialQuery: QueryParams;
  /**
   * Query that resumes after `cursor`. May be async (logs must look up rotated file sizes);
   * returning null gives up with reason `failed`.
   */
  resumeQuery(cursor: StreamCursor): QueryParams | null | Promise<QueryParams | null>;
  /**
   * The rotation number `<n>` of a log file `….<type>.<n>` (logs only). With it, frames of
   * an older file than the current one are ignored (after the live file is deleted Nomad
   * lists the files again and re-reads the newest remaining one from 0), and a jump past
   * missing numbers is reported through `onSkipped`.
   */
  rotationIndex?(file: string): number | undefined;
  /**
   * `file deleted` ends the stream (default, as for `stream`). The logs endpoint goes on
   * to the next file after it, so logs pass false.
   */
  endOnDelete?: boolean;
  /** Whether the stream follows (reconnects after an end of body) or ends on its own. */
  follow: boolean;
  /** Nomad sends `{}` every second; no byte for 1.5× this means the connection is stalled. */
  heartbeatMs?: number;
  /** Give up after this many consecutive failed attempts (default: never). */
  maxAttempts?: number;
  timers?: Timers;
  random?: () => number;
}

/** Garbled frames in a row (no good data between) before the stream gives up. */
const MAX_GARBLED = 5;

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class FileStream {
  private readonly opts: FileStreamOptions;
  private readonly timers: Timers;
  private abort: AbortController | null = null;
  private watchdog: unknown = null;
  private retryTimer: unknown = null;
  private attempt = 0;
  private closed = false;
  private everConnected = false;
  private current: StreamCursor = { file: undefined, offset: 0 };
  private lastFile: string | undefined = undefined;
  /** Garbled frames since the last good data (bounded), and in all. */
  private garbled = 0;
  garbledTotal = 0;
  state: FileStreamState = 'connecting';

  constructor(opts: FileStreamOptions) {
    this.opts = opts;
    this.timers = opts.timers ?? defaultTimers;
  }

  get cursor(): StreamCursor {
    return { ...this.current };
  }

  start(): void {
    void this.connect(this.opts.initialQuery);
  }

  close(): void {
    if (this.closed) return;
    this.finish('stopped');
  }

  /**
   * Moves the cursor to the start of `file`: for a `resumeQuery` that found the file
   * truncated while disconnected and resumes at its new start.
   */
  rewindTo(file: string): void {
    this.current = { file, offset: 0 };
    this.lastFile = file;
  }

  /** Drops the current connection and resumes from the cursor now (e.g. a "Reconnect" button). */
  reconnectNow(): void {
    if (this.closed) return;
    this.abort?.abort();
    this.timers.clearTimeout(this.retryTimer);
    void this.resume();
  }

  private setState(state: FileStreamState, info: { reason?: FileStreamCloseReason; error?: unknown } = {}): void {
    this.state = state;
    this.opts.onState?.(state, { ...info, attempt: this.attempt });
  }

  private finish(reason: FileStreamCloseReason, error?: unknown): void {
    this.closed = true;
    this.abort?.abort();
    this.timers.clearTimeout(this.watchdog);
    this.timers.clearTimeout(this.retryTimer);
    this.setState('closed', { reason, error });
  }

  private armWatchdog(controller: AbortController): void {
    this.timers.clearTimeout(this.watchdog);
    const ms = (this.opts.heartbeatMs ?? 1_000) * 1.5;
    this.watchdog = this.timers.setTimeout(() => {
      if (this.closed || this.abort !== controller) return;
      this.setState('stalled');
      controller.abort(new DOMException('stalled', 'AbortError'));
      this.scheduleRetry(new Error('No data or heartbeat from Nomad: the stream stalled'));
    }, ms);
  }

  private async connect(query: QueryParams): Promise<void> {
    if (this.closed) return;
    const controller = new AbortController();
    this.abort = controller;
    this.setState(this.attempt === 0 ? 'connecting' : 'retrying');
    let res: Response;
    try {
      res = await apiStream(this.opts.path, {
        query,
        namespace: this.opts.namespace,
        region: this.opts.region,
        signal: controller.signal,
      });
    } catch (err) {
      if (this.abort !== controller || this.closed) return;
      this.onFailure(err);
      return;
    }
    if (this.abort !== controller || this.closed) return;
    if (!res.body) {
      this.onFailure(new Error('The response has no body to stream'));
      return;
    }
    this.everConnected = true;
    this.armWatchdog(controller);
    const reader = res.body.getReader();
    const decoder = new FrameDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (this.abort !== controller || this.closed) return;
        if (done) break;
        this.armWatchdog(controller);
        if (this.state !== 'live') {
          this.attempt = 0;
          this.setState('live');
        }
        for (const item of decoder.push(value)) {
          if (!this.handleItem(item, controller)) return;
        }
      }
      for (const item of decoder.end()) {
        if (!this.handleItem(item, controller)) return;
      }
    } catch (err) {
      if (this.abort !== controller || this.closed || isAbortError(err)) return;
      this.onFailure(err);
      return;
    }
    if (this.closed) return;
    this.timers.clearTimeout(this.watchdog);
    if (!this.opts.follow) {
      this.finish('ended');
      return;
    }
    // A follow stream never ends on its own: the connection dropped.
    this.scheduleRetry(new Error('The stream ended unexpectedly'));
  }

  /** Handles one decoded item; false when this connection is finished with (closed or dropped). */
  private handleItem(item: FrameItem, controller: AbortController): boolean {
    if (item.kind === 'frame') {
      let ok: boolean;
      try {
        ok = this.handleFrame(item.frame);
      } catch (err) {
        this.onGarbled(controller, err instanceof Error ? err.message : String(err));
        return false;
      }
      if (!ok) {
        this.onGarbled(controller, 'a frame went back before the bytes already received');
        return false;
      }
      return !this.closed;
    }
    if (item.kind === 'malformed') {
      this.onGarbled(controller, item.error);
      return false;
    }
    if (item.kind === 'text') this.opts.onText?.(item.text);
    return true;
  }

  /**
   * A garbled frame (invalid JSON or UTF-8, truncated base64) loses the bytes it carried:
   * drop this connection and resume from the last byte delivered, so nothing is missing
   * or doubled. Garbage on every connection gives up after MAX_GARBLED in a row.
   */
  private onGarbled(controller: AbortController, why: string): void {
    controller.abort(new DOMException('garbled', 'AbortError'));
    this.timers.clearTimeout(this.watchdog);
    this.garbled++;
    this.garbledTotal++;
    if (this.garbled > MAX_GARBLED) {
      this.finish('failed', new Error(`Nomad sent ${this.garbled} malformed frames in a row (${why}); gave up`));
      return;
    }
    this.scheduleRetry(new Error(`A malformed frame arrived (${why}); resuming from the last good byte`));
  }

  /** Whether a frame of `file` comes from an older rotated file than the current one. */
  private rotationStep(file: string | undefined): { older: boolean; skipped: number } {
    const index = this.opts.rotationIndex;
    const cur = this.current.file;
    if (!index || file === undefined || cur === undefined || file === cur) return { older: false, skipped: 0 };
    const to = index(file);
    const from = index(cur);
    if (to === undefined || from === undefined) return { older: false, skipped: 0 };
    return { older: to < from, skipped: Math.max(0, to - from - 1) };
  }

  /** Applies one frame; false when it contradicts the bytes already received (garbled). */
  private handleFrame(frame: StreamFrame): boolean {
    const file = frame.File ?? this.lastFile;
    const step = this.rotationStep(file);
    if (step.older) return true;
    if (frame.FileEvent === 'file deleted') {
      this.opts.onDeleted?.(file);
      if (this.opts.endOnDelete ?? true) this.finish('deleted');
      return true;
    }
    const bytes = frame.Data ? decodeBase64(frame.Data) : new Uint8Array(0);
    // Same file, no event: the frame must end at or after our cursor (Nomad's Offset can
    // only run ahead, never behind). Behind means its Data lost bytes on the way.
    if (
      file !== undefined &&
      file === this.current.file &&
      frame.FileEvent === undefined &&
      frame.Offset !== undefined &&
      bytes.length > 0 &&
      frame.Offset < this.current.offset + bytes.length
    ) {
      return false;
    }
    if (step.skipped > 0 && file !== undefined && this.current.file !== undefined) {
      this.opts.onSkipped?.({
        from: this.current.file,
        to: file,
        files: step.skipped,
        lastFileSize: this.current.offset,
      });
    }
    let start: number;
    if (frame.FileEvent === 'file truncated') {
      this.opts.onTruncated?.(file);
      start = frame.Offset !== undefined ? Math.max(0, frame.Offset - bytes.length) : 0;
    } else if (file === this.current.file && this.current.file !== undefined) {
      start = this.current.offset;
    } else {
      start = frame.Offset !== undefined ? Math.max(0, frame.Offset - bytes.length) : 0;
    }
    this.lastFile = file;
    this.current = { file, offset: start + bytes.length };
    if (bytes.length > 0) {
      this.garbled = 0;
      this.opts.onData({ bytes, file, start });
    }
    return true;
  }

  private onFailure(failure: unknown): void {
    const err = deniedAs403(failure, this.opts.path, this.opts.namespace);
    if (!isTransientError(err)) {
      this.finish('failed', err);
      return;
    }
    this.scheduleRetry(err);
  }

  private scheduleRetry(err: unknown): void {
    if (this.closed) return;
    this.attempt++;
    if (this.opts.maxAttempts !== undefined && this.attempt > this.opts.maxAttempts) {
      this.finish('failed', err);
      return;
    }
    this.setState('retrying', { error: err });
    // First retry after a working connection is quick; repeated failures back off.
    const delay =
      this.attempt === 1 && this.everConnected ? 250 : backoffDelay(this.attempt - 1, err, this.opts.random);
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.timers.setTimeout(() => void this.resume(), delay);
  }

  private async resume(): Promise<void> {
    if (this.closed) return;
    if (this.current.file === undefined && this.current.offset === 0) {
      await this.connect(this.opts.initialQuery);
      return;
    }
    let query: QueryParams | null;
    try {
      query = await this.opts.resumeQuery(this.cursor);
    } catch (err) {
      if (isNomadError(err) && !isTransientError(err)) this.finish('failed', err);
      else this.scheduleRetry(err);
      return;
    }
    if (this.closed) return;
    if (query === null) {
      this.finish('failed', new Error('Cannot resume this stream at its last position'));
      return;
    }
    await this.connect(query);
  }
}

/**
 * When a Nomad server forwards a streaming fs request (cat/readat/stream/logs) to a client
 * and the client denies it, the answer is a 500 whose body is `Permission denied` (the
 * server drops the code). That is a final denial, not a server fault to retry: turn it
 * into the 403 it is, naming the capability the request needed.
 */
export function deniedAs403(err: unknown, path: string, namespace: string | undefined): unknown {
  if (!isNomadError(err) || err.status !== 500) return err;
  const text = err.serverText.trim();
  if (!text.endsWith('Permission denied') && !text.endsWith('ACL token not found')) return err;
  const query = new URLSearchParams(namespace ? { namespace } : {});
  return new NomadError({
    status: 403,
    endpoint: err.endpoint,
    serverText: text,
    capability: requiredCapability('GET', path, query),
  });
}
