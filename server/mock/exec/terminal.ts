/**
 * The pipes between the WebSocket and the simulated processes, as Nomad's generic exec
 * adapter (plugins/drivers/execstreaming.go) and a tty give them:
 *
 * - Output: every write is cut into frames of at most 1024 bytes (multi-byte characters
 *   may be split, as they are by Nomad); writes wait while the socket's send buffer is
 *   above a high-water mark, so `yes` or `seq 1 1000000` stream fast without piling up.
 *   In tty mode stderr goes to stdout and `\n` becomes `\r\n` (onlcr).
 * - Input: in tty mode the bytes are split into keys and routed to whoever reads the
 *   terminal (the shell's line editor, a command's raw key handler, or the cooked line
 *   discipline while a job runs: echo, backspace, Ctrl-C interrupts, Ctrl-D is EOF).
 *   Without a tty stdin is a plain byte pipe.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Timers } from '../events/timers.ts';
import { closeFrame, outputFrame } from './protocol.ts';

export const FRAME_BYTES = 1024;
const HIGH_WATER = 512 * 1024;

export interface FrameSink {
  send(frame: string, done: (err?: Error) => void): void;
  readonly bufferedAmount: number;
}

/**
 * Lines out of a chunk source, in O(total) however many lines a chunk holds (a 64 KiB
 * chunk of `yes` is 32 768 lines). A line keeps its `\n`; the last may lack one.
 */
export class LineReader {
  private lines: string[] = [];
  private pos = 0;
  private carry = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly read: () => Promise<Buffer | null>) {}

  /** A whole line can be returned without waiting for input. */
  get buffered(): boolean {
    return this.pos < this.lines.length;
  }

  async next(): Promise<string | null> {
    for (;;) {
      if (this.pos < this.lines.length) return this.lines[this.pos++]!;
      const chunk = await this.read();
      if (chunk === null) {
        const rest = this.carry + this.decoder.end();
        this.carry = '';
        return rest === '' ? null : rest;
      }
      const parts = (this.carry + this.decoder.write(chunk)).split('\n');
      this.carry = parts.pop()!;
      this.lines = parts.map((p) => `${p}\n`);
      this.pos = 0;
    }
  }
}

/** Lets the event loop run (socket reads: Ctrl-C, close) during long synchronous-looking output. */
const YIELD_BYTES = 256 * 1024;
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class SessionClosed extends Error {
  override name = 'SessionClosed';
}

export class Output {
  private closed = false;
  private sinceYield = 0;

  constructor(
    private readonly sink: FrameSink,
    readonly tty: boolean,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Stops all writers (the client went away or the session ended). */
  close(): void {
    this.closed = true;
  }

  async write(stream: 'stdout' | 'stderr', data: string | Buffer): Promise<void> {
    if (this.closed) throw new SessionClosed();
    const target = this.tty ? 'stdout' : stream;
    let buf = typeof data === 'string' ? Buffer.from(this.tty ? data.replace(/\r?\n/g, '\r\n') : data) : data;
    if (this.tty && typeof data !== 'string')
      buf = Buffer.from(buf.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
    if (buf.length === 0) return;
    let last: Promise<void> | undefined;
    for (let off = 0; off < buf.length; off += FRAME_BYTES) {
      const frame = outputFrame(target, buf.subarray(off, off + FRAME_BYTES));
      const isLast = off + FRAME_BYTES >= buf.length;
      if (isLast && this.sink.bufferedAmount > HIGH_WATER) {
        last = new Promise((resolve) => this.sink.send(frame, () => resolve()));
      } else {
        this.sink.send(frame, () => {});
      }
    }
    if (last) {
      await last;
      this.sinceYield = 0;
    } else if ((this.sinceYield += buf.length + 64) > YIELD_BYTES) {
      // Without this, output that never fills the socket would run on microtasks alone.
      this.sinceYield = 0;
      await yieldToEventLoop();
    }
    if (this.closed) throw new SessionClosed();
  }

  /** The stream close frames that precede the exit frame. */
  closeStreams(): void {
    this.sink.send(closeFrame('stdout'), () => {});
    this.sink.send(closeFrame('stderr'), () => {});
  }
}

// Terminal escape sequences start with ESC, a control character by definition.
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /^\x1b(?:\[[0-9;]*[A-Za-z~]|O[A-Za-z]|[^[O])/;
// eslint-disable-next-line no-control-regex
const PARTIAL_ESCAPE = /^\x1b(?:\[[0-9;]*|O)?$/;

/** Splits terminal input into keys: escape sequences stay whole, characters are UTF-8 decoded. */
export class KeyReader {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  feed(bytes: Buffer): string[] {
    const text = this.pending + this.decoder.write(bytes);
    this.pending = '';
    const keys: string[] = [];
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c !== '\x1b') {
        const cp = text.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        keys.push(ch);
        i += ch.length;
        continue;
      }
      const m = ESCAPE_SEQUENCE.exec(text.slice(i));
      if (m) {
        keys.push(m[0]);
        i += m[0].length;
      } else if (PARTIAL_ESCAPE.test(text.slice(i))) {
        // An escape sequence cut across frames: wait for its end.
        this.pending = text.slice(i);
        break;
      } else {
        keys.push(c);
        i += 1;
      }
    }
    return keys;
  }
}

export interface TtySize {
  rows: number;
  cols: number;
}

/** What a running program reads and writes. */
export interface Io {
  readonly tty: boolean;
  out(data: string | Buffer): Promise<void>;
  err(data: string | Buffer): Promise<void>;
  /** Aborted by Ctrl-C (tty) or when the session ends. */
  readonly signal: AbortSignal;
  /** One line of stdin including its `\n` (the last may lack it); null at EOF. */
  readLine(): Promise<string | null>;
  /** readLine would answer at once (lets filters batch their output). */
  hasBufferedLine(): boolean;
  /** Raw stdin bytes as they come; null at EOF. */
  readChunk(): Promise<Buffer | null>;
  /** Takes the terminal's keys while the program runs (tty only), e.g. `q` in top. */
  onKey(fn: (key: string) => void): () => void;
  size(): TtySize;
  sleep(ms: number): Promise<void>;
}

type KeyHandler = (key: string) => void;

/**
 * Session-wide input state. The shell's line editor takes keys with `takeKeys`; while a
 * foreground job runs, keys go through the cooked discipline below.
 */
export class Terminal {
  private readonly keys = new KeyReader();
  private keyHandler: KeyHandler | undefined;
  private readonly chunks: Buffer[] = [];
  private eof = false;
  /** The client sent `{"stdin":{"close":true}}`: EOF for good, also for the line editor. */
  private stdinClosed = false;
  private readonly closeListeners = new Set<() => void>();
  private waiters: (() => void)[] = [];
  private cooked = '';
  private readonly pendingKeys: string[] = [];
  private job: AbortController | undefined;
  private sizeNow: TtySize = { rows: 24, cols: 80 };

  constructor(
    readonly output: Output,
    private readonly timers: Timers,
    /** Aborted when the session ends. */
    readonly sessionSignal: AbortSignal,
  ) {}

  get tty(): boolean {
    return this.output.tty;
  }

  size(): TtySize {
    return this.sizeNow;
  }

  resize(rows: number, cols: number): void {
    this.sizeNow = { rows, cols };
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  private queue(buf: Buffer): void {
    this.chunks.push(buf);
    this.wake();
  }

  closeStdin(): void {
    this.eof = true;
    this.stdinClosed = true;
    this.wake();
    for (const fn of [...this.closeListeners]) fn();
  }

  /** Calls `fn` when stdin is closed (at once if it already is); returns the unsubscribe. */
  onStdinClose(fn: () => void): () => void {
    if (this.stdinClosed) {
      fn();
      return () => {};
    }
    this.closeListeners.add(fn);
    return () => this.closeListeners.delete(fn);
  }

  /** stdin frame data. */
  input(data: Buffer): void {
    if (this.eof) return;
    if (!this.tty) return this.queue(data);
    for (const key of this.keys.feed(data)) {
      this.route(key);
    }
  }

  /**
   * Keys go to the editor or raw-mode program that holds the terminal, else through the
   * cooked discipline of a running job, else they wait for the next prompt (typeahead, so a
   * pasted `ls\rpwd\r` runs both).
   */
  private route(key: string): void {
    if (this.keyHandler) this.keyHandler(key);
    else if (this.job) this.cookedKey(key);
    else this.pendingKeys.push(key);
  }

  /** The line discipline while a job runs (ICANON, ECHO, ISIG). */
  private cookedKey(key: string): void {
    const echo = (s: string) => void this.output.write('stdout', s).catch(() => {});
    if (key === '\x03') {
      this.cooked = '';
      echo('^C');
      this.job?.abort();
    } else if (key === '\x04') {
      if (this.cooked === '') {
        this.eof = true;
        this.wake();
      } else {
        this.queue(Buffer.from(this.cooked));
        this.cooked = '';
      }
    } else if (key === '\r' || key === '\n') {
      echo('\r\n');
      this.queue(Buffer.from(`${this.cooked}\n`));
      this.cooked = '';
    } else if (key === '\x7f' || key === '\b') {
      if (this.cooked.length > 0) {
        this.cooked = [...this.cooked].slice(0, -1).join('');
        echo('\b \b');
      }
    } else if (key === '\x1c') {
      echo('^\\');
      this.job?.abort();
    } else if (key.startsWith('\x1b')) {
      echo(key.replace('\x1b', '^['));
    } else if (key >= ' ' || key === '\t') {
      this.cooked += key;
      echo(key);
    }
  }

  /** The line editor (or a raw-mode program) takes the keys until the returned release. */
  takeKeys(fn: KeyHandler): () => void {
    const previous = this.keyHandler;
    this.keyHandler = fn;
    const release = () => {
      if (this.keyHandler === fn) this.keyHandler = previous;
    };
    // Typeahead is replayed once the caller holds its release (a replayed Enter ends a line).
    queueMicrotask(() => {
      if (this.keyHandler === fn) for (const key of this.pendingKeys.splice(0)) this.route(key);
    });
    return release;
  }

  /** Bytes waiting to be read (used after a job to drop typeahead). */
  dropTypeahead(): void {
    this.cooked = '';
    if (this.tty) this.chunks.length = 0;
  }

  private async nextChunk(signal: AbortSignal): Promise<Buffer | null> {
    for (;;) {
      if (signal.aborted) return null;
      const c = this.chunks.shift();
      if (c) return c;
      if (this.eof) {
        // One EOF per Ctrl-D in tty mode: the next read waits again.
        if (this.tty && !this.stdinClosed) this.eof = false;
        return null;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.waiters.push(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  /**
   * An Io for one job; `done` releases it. A foreground job gets the cooked discipline
   * (Ctrl-C interrupts it); an interactive shell is not one, its line editor takes the keys.
   */
  jobIo(foreground = true): { io: Io; done: () => void } {
    const job = new AbortController();
    const signal = AbortSignal.any([job.signal, this.sessionSignal]);
    if (foreground) this.job = job;
    const lines = new LineReader(() => this.nextChunk(signal));
    const io: Io = {
      tty: this.tty,
      out: (d) => this.output.write('stdout', d),
      err: (d) => this.output.write('stderr', d),
      signal,
      readChunk: () => this.nextChunk(signal),
      readLine: () => lines.next(),
      hasBufferedLine: () => lines.buffered,
      onKey: (fn) => (this.tty ? this.takeKeys(fn) : () => {}),
      size: () => this.sizeNow,
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          if (signal.aborted) return resolve();
          const cancel = this.timers.after(ms, () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          });
          const onAbort = () => {
            cancel();
            resolve();
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }),
    };
    return {
      io,
      done: () => {
        if (this.job === job) this.job = undefined;
      },
    };
  }
}

/** Writing into a pipe whose reader has finished (EPIPE). */
export class BrokenPipe extends Error {
  override name = 'BrokenPipe';
}

const PIPE_BUFFER = 64 * 1024;

/** An in-memory pipe between two pipeline stages, with backpressure. */
export class Pipe {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private broken = false;
  private sinceYield = 0;
  private waiters: (() => void)[] = [];

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  private wait(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async write(data: Buffer, signal: AbortSignal): Promise<void> {
    if (this.broken) throw new BrokenPipe();
    if (data.length === 0) return;
    this.chunks.push(data);
    this.buffered += data.length;
    this.wake();
    if ((this.sinceYield += data.length) > YIELD_BYTES) {
      this.sinceYield = 0;
      await yieldToEventLoop();
    }
    while (this.buffered > PIPE_BUFFER && !this.broken && !signal.aborted) await this.wait(signal);
    if (this.broken) throw new BrokenPipe();
  }

  async read(signal: AbortSignal): Promise<Buffer | null> {
    for (;;) {
      const c = this.chunks.shift();
      if (c) {
        this.buffered -= c.length;
        this.wake();
        return c;
      }
      if (this.ended || this.broken || signal.aborted) return null;
      await this.wait(signal);
    }
  }

  /** The writer is done: EOF for the reader. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** The reader is done: the writer gets EPIPE. */
  breakPipe(): void {
    this.broken = true;
    this.chunks.length = 0;
    this.buffered = 0;
    this.wake();
  }
}

/** The Io of one pipeline stage: stdin from the previous pipe, stdout into the next one. */
export function pipeIo(base: Io, upstream: Pipe | undefined, downstream: Pipe | undefined, isLast: boolean): Io {
  const readChunk = upstream ? () => upstream.read(base.signal) : base.readChunk;
  const lines = new LineReader(readChunk);
  return {
    // Only a stage writing to the terminal and reading from it sees a tty.
    tty: base.tty && !downstream && !upstream,
    out: downstream ? (d) => downstream.write(typeof d === 'string' ? Buffer.from(d) : d, base.signal) : base.out,
    err: base.err,
    signal: base.signal,
    readChunk,
    readLine: upstream ? () => lines.next() : base.readLine,
    hasBufferedLine: upstream ? () => lines.buffered : base.hasBufferedLine,
    onKey: isLast ? base.onKey : () => () => {},
    size: base.size,
    sleep: base.sleep,
  };
}
