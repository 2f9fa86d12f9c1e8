/**
 * Connects one ExecSocket to one terminal: keystrokes and resizes go out, output comes in
 * (stderr in red so a non-tty session shows which is which), and every end is written into
 * the scrollback in words. Enter after an end reconnects, keeping the scrollback. The
 * default command probes `/bin/bash` and falls back to `/bin/sh` when the image lacks it
 * (Alpine), saying so, as Headlamp and the Kubernetes dashboard do.
 */
import {
  describeEnd,
  ExecSocket,
  type ExecEnd,
  type ExecSocketOptions,
  type ExecState,
} from '@/lib/nomad/exec-socket.ts';

export interface Disposable {
  dispose(): void;
}

/** The part of xterm's Terminal a session uses; tests pass a fake. */
export interface TerminalLike {
  readonly cols: number;
  readonly rows: number;
  /** `done` runs once the terminal has parsed `data` (xterm's write callback). */
  write(data: string, done?: () => void): void;
  onData(listener: (data: string) => void): Disposable;
  onResize(listener: (size: { cols: number; rows: number }) => void): Disposable;
}

export interface SessionSpec {
  allocId: string;
  task: string;
  command: readonly string[];
  tty: boolean;
  region?: string | undefined;
  namespace?: string | undefined;
  driver?: string | undefined;
}

export const DEFAULT_COMMAND: readonly string[] = ['/bin/bash'];
export const FALLBACK_COMMAND: readonly string[] = ['/bin/sh'];

/** What the status bar shows. */
export interface SessionView {
  state: ExecState;
  /** The argv actually running (after a fallback, `/bin/sh`). */
  command: readonly string[];
  /** The end in words, when ended. */
  summary: string | null;
  /** `true` while a session is open or opening: leaving the page would kill it. */
  live: boolean;
}

type SocketFactory = (
  opts: ExecSocketOptions,
) => Pick<ExecSocket, 'connect' | 'sendInput' | 'resize' | 'close' | 'closeInput' | 'setCommand'>;

const MISSING_BINARY = /no such file|not found|executable file|does not exist/i;
/** A close reason names a missing binary only in the driver's words, never Nomad's own "task not found". */
const MISSING_BINARY_REASON = /no such file|executable file not found|does not exist/i;
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET_FG = '\x1b[39m';
const RESET = '\x1b[0m';
/** Largest joined write (UTF-16 units); xterm parses 32 K characters in a few ms. */
export const MAX_WRITE_CHARS = 32 * 1024;

/** Did the exec fail because the binary itself is missing? (§5.4: driver errors → 1011; docker: 126/127.) */
export function isMissingBinary(end: ExecEnd, output: string): boolean {
  if (end.kind === 'refused' || end.kind === 'server-error') return MISSING_BINARY_REASON.test(end.reason);
  if (end.kind === 'exited') return (end.code === 126 || end.code === 127) && MISSING_BINARY.test(output);
  return false;
}

export class TerminalSession {
  private readonly socket: ReturnType<SocketFactory>;
  private readonly subscriptions: Disposable[] = [];
  private readonly listeners = new Set<() => void>();
  private command: readonly string[];
  private view: SessionView;
  /** Output of the current connection, kept only until it is long enough to rule out a probe failure. */
  private probeOutput = '';
  private typed = false;
  private fallbackTried = false;
  private disposed = false;
  /**
   * Output that arrived while the terminal was still parsing the previous write, joined into
   * one write when it is done. Idle, a chunk goes straight through (no added echo latency);
   * under a flood (`seq 1 2000000`: 16,000 frames of 1 KB) xterm gets a few large writes
   * instead of thousands of small ones, each of which costs it a parse pass and a callback.
   * A write is capped (MAX_WRITE_CHARS): xterm cannot yield inside one, so a huge one would
   * be a long task.
   */
  private queued: string[] = [];
  /** Index of the first chunk of `queued` not yet written. */
  private head = 0;
  private writing = false;

  constructor(
    private readonly term: TerminalLike,
    private readonly spec: SessionSpec,
    createSocket: SocketFactory = (opts) => new ExecSocket(opts),
  ) {
    this.command = spec.command;
    this.view = { state: { phase: 'connecting' }, command: this.command, summary: null, live: true };
    // One socket object for the session's life; a fallback changes its argv with setCommand.
    this.socket = createSocket({
      allocId: spec.allocId,
      task: spec.task,
      tty: spec.tty,
      region: spec.region,
      command: this.command,
      onOutput: (stream, text) => this.onOutput(stream, text),
      onState: (state) => this.onState(state),
    });
  }

  start(): void {
    this.subscriptions.push(
      this.term.onData((data) => this.onInput(data)),
      this.term.onResize(({ cols, rows }) => this.socket.resize(cols, rows)),
    );
    this.socket.resize(this.term.cols, this.term.rows);
    this.open();
  }

  /** Opens a new connection with the same command; the scrollback stays. */
  reconnect(): void {
    if (this.disposed || this.view.live) return;
    this.write(`\r\n${DIM}— reconnecting —${RESET}\r\n`);
    this.open();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.socket.close();
    this.listeners.clear();
  }

  snapshot(): SessionView {
    return this.view;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private open(): void {
    this.probeOutput = '';
    this.typed = false;
    this.socket.connect();
  }

  private onInput(data: string): void {
    if (this.view.state.phase === 'ended') {
      if (data.includes('\r')) this.reconnect();
      return;
    }
    this.typed = true;
    if (this.spec.tty) {
      this.socket.sendInput(data);
      return;
    }
    // Without a tty nothing echoes and nothing turns Enter into a newline: do both here.
    if (data === '\x04') {
      this.socket.closeInput();
      return;
    }
    const text = data.replace(/\r/g, '\n');
    this.write(text.replace(/\n/g, '\r\n'));
    this.socket.sendInput(text);
  }

  /** Writes in arrival order; see `queued`. */
  private write(data: string): void {
    if (this.writing) {
      this.queued.push(data);
      return;
    }
    this.writing = true;
    this.term.write(data, this.drain);
  }

  private readonly drain = (): void => {
    const q = this.queued;
    if (this.head >= q.length) {
      this.queued = [];
      this.head = 0;
      this.writing = false;
      return;
    }
    const start = this.head;
    let size = q[start]!.length;
    let end = start + 1;
    while (end < q.length && size + q[end]!.length <= MAX_WRITE_CHARS) size += q[end++]!.length;
    const data = end - start === 1 ? q[start]! : q.slice(start, end).join('');
    this.head = end;
    // Under a steady flood the queue never empties: drop what is written now and then.
    if (end > 1024) {
      this.queued = q.slice(end);
      this.head = 0;
    }
    this.term.write(data, this.drain);
  };

  private onOutput(stream: 'stdout' | 'stderr', text: string): void {
    if (this.probeOutput.length < 4096) this.probeOutput += text;
    this.write(stream === 'stderr' ? `${RED}${text}${RESET_FG}` : text);
  }

  private onState(state: ExecState): void {
    if (this.disposed) return;
    if (state.phase === 'ended' && this.shouldFallBack(state.end)) {
      this.fallbackTried = true;
      this.command = FALLBACK_COMMAND;
      this.socket.setCommand(FALLBACK_COMMAND);
      this.write(
        `\r\n${YELLOW}${this.spec.command.join(' ')} is not available in this task (${describeEnd(state.end)}); falling back to ${FALLBACK_COMMAND.join(' ')}${RESET}\r\n`,
      );
      this.open();
      return;
    }
    const summary =
      state.phase === 'ended'
        ? describeEnd(state.end, { namespace: this.spec.namespace, driver: this.spec.driver })
        : null;
    if (state.phase === 'ended' && summary && !(state.end.kind === 'closed' && state.end.byUs)) {
      this.write(`\r\n${DIM}[${summary} — press Enter to reconnect]${RESET}\r\n`);
    }
    this.view = { state, command: this.command, summary, live: state.phase !== 'ended' };
    for (const l of [...this.listeners]) l();
  }

  private shouldFallBack(end: ExecEnd): boolean {
    return (
      !this.fallbackTried &&
      !this.typed &&
      this.spec.command.length === DEFAULT_COMMAND.length &&
      this.spec.command[0] === DEFAULT_COMMAND[0] &&
      isMissingBinary(end, this.probeOutput)
    );
  }
}
