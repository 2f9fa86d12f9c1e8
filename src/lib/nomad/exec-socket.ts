/**
 * The one class that owns an exec WebSocket's life (`/v1/client/allocation/:id/exec`,
 * nomad-api.md §5).
 *
 * Browsers cannot set headers on a WebSocket, so the token goes in the `ws_handshake`
 * first frame and never in the URL (nomad#7606 → #7612). Output arrives as base64 chunks of
 * at most 1024 bytes; each stream has its own streaming UTF-8 decoder so a character split
 * across chunks is never garbled. The `exited` frame is the authoritative end: Nomad then
 * drops the TCP connection without a close frame, which browsers report as 1006, so only a
 * 1006 *without* an exit frame means the connection was lost. A `{}` heartbeat goes out every
 * 10 s so idle load balancers keep the session (nomad#8727).
 */
import { parseExecFrame } from './exec-frame.ts';
import { tokenStore } from './token-store.ts';

/** The part of the browser's WebSocket this class uses; tests pass a fake. */
export interface ExecSocketLike {
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type ExecStream = 'stdout' | 'stderr';

/** How a session ended, from the exit frame or the close code (§5.4). */
export type ExecEnd =
  | { kind: 'exited'; code: number; signal?: string | number; oomKilled?: boolean }
  /** 1008: the request was refused (bad task, not running, unknown allocation, bad command…). */
  | { kind: 'refused'; code: number; reason: string }
  /** 1011: an error inside Nomad, Permission denied included. */
  | { kind: 'server-error'; code: number; reason: string }
  /** The connection dropped (1006) before any exit frame. */
  | { kind: 'lost'; code: number; reason: string }
  /** The WebSocket never opened: the upgrade was refused (HTTP error) or the server is unreachable. */
  | { kind: 'unreachable'; code: number; reason: string }
  /** Any other close: a normal close by the server, or our own. */
  | { kind: 'closed'; code: number; reason: string; byUs: boolean };

export type ExecState =
  | { phase: 'connecting' }
  /** `badFrames`: frames that were not Nomad exec frames (garbled in transit), skipped. */
  | { phase: 'connected'; badFrames?: number }
  | { phase: 'ended'; end: ExecEnd };

export interface ExecTarget {
  allocId: string;
  task: string;
  /** argv; Nomad rejects an empty array. */
  command: readonly string[];
  tty: boolean;
  region?: string | undefined;
}

export interface TimerApi {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface ExecSocketOptions extends ExecTarget {
  onOutput(stream: ExecStream, text: string): void;
  onState(state: ExecState): void;
  /** Defaults to `new WebSocket(url)`. */
  openSocket?: (url: string) => ExecSocketLike;
  /** Defaults to the token store; read at each connect so a new sign-in takes effect. */
  getToken?: () => string | null;
  /** Where the page is served from; the socket goes to the same origin. */
  location?: Pick<Location, 'protocol' | 'host'>;
  timers?: TimerApi;
  heartbeatMs?: number;
}

export const EXEC_HEARTBEAT_MS = 10_000;

/** Same-origin `ws(s)://host/v1/client/allocation/<id>/exec?…`; carries no token. */
export function execUrl(target: ExecTarget, location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const q = new URLSearchParams();
  q.set('task', target.task);
  q.set('tty', String(target.tty));
  q.set('ws_handshake', 'true');
  q.set('command', JSON.stringify(target.command));
  if (target.region) q.set('region', target.region);
  return `${scheme}://${location.host}/v1/client/allocation/${encodeURIComponent(target.allocId)}/exec?${q.toString()}`;
}

/** UTF-8 then standard base64, as Nomad's `[]byte` JSON fields expect. */
export function encodeBase64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  // Chunked so a big paste does not overflow the argument limit of fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Maps a close event to an end (§5.4). `exit` wins: it is the authoritative end. */
export function endFromClose(code: number, reason: string, byUs: boolean, opened = true): ExecEnd {
  if (byUs) return { kind: 'closed', code, reason, byUs };
  if (!opened) return { kind: 'unreachable', code, reason };
  if (code === 1008) return { kind: 'refused', code, reason };
  if (code === 1011) return { kind: 'server-error', code, reason };
  if (code === 1006) return { kind: 'lost', code, reason };
  return { kind: 'closed', code, reason, byUs };
}

export interface DescribeContext {
  namespace?: string | undefined;
  /** `raw_exec` and other drivers without isolation also need `alloc-node-exec`. */
  driver?: string | undefined;
}

const NO_ISOLATION_DRIVERS = new Set(['raw_exec']);

/** The end in words, for the status bar and the terminal. */
export function describeEnd(end: ExecEnd, ctx: DescribeContext = {}): string {
  switch (end.kind) {
    case 'exited': {
      const extra = [
        end.signal !== undefined && end.signal !== '' && end.signal !== 0 ? `signal ${String(end.signal)}` : '',
        end.oomKilled ? 'killed: out of memory' : '',
      ].filter(Boolean);
      return `exited with code ${end.code}${extra.length ? ` (${extra.join(', ')})` : ''}`;
    }
    case 'refused':
      return `the request was refused — ${end.reason || 'no reason given'}`;
    case 'server-error': {
      if (/^permission denied$/i.test(end.reason.trim())) {
        const ns = ctx.namespace ?? 'default';
        const caps =
          ctx.driver && NO_ISOLATION_DRIVERS.has(ctx.driver)
            ? `alloc-exec and alloc-node-exec (${ctx.driver} task)`
            : 'alloc-exec';
        return `server error — Permission denied: your token needs ${caps} in namespace ${ns}`;
      }
      return `server error — ${end.reason || 'no reason given'}`;
    }
    case 'lost':
      return 'connection lost — the connection dropped before the command exited';
    case 'unreachable':
      // Nomad ≤ 2.0.2 answers request errors with HTTP 500 before the upgrade, and a
      // cross-origin upgrade gets 403; browsers hide both behind a bare 1006.
      return 'could not connect — the server refused the WebSocket upgrade or is unreachable';
    case 'closed':
      if (end.byUs) return 'closed';
      return `closed by the server (code ${end.code}${end.reason ? `: ${end.reason}` : ''})`;
  }
}

/**
 * Closes a socket; one still connecting is closed once it opens, since closing it earlier
 * makes the browser log an error (StrictMode does this on every mount in development).
 */
function shut(socket: ExecSocketLike, opened: boolean): void {
  try {
    if (opened) socket.close(1000);
    else socket.onopen = () => socket.close(1000);
  } catch {
    // Already closed.
  }
}

const browserTimers: TimerApi = {
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>),
};

export class ExecSocket {
  private socket: ExecSocketLike | null = null;
  private heartbeat: unknown = null;
  private decoders: Record<ExecStream, TextDecoder> = this.freshDecoders();
  private state: ExecState = { phase: 'connecting' };
  private size: { cols: number; rows: number } | null = null;
  private pending: string[] = [];
  private exitEnd: ExecEnd | null = null;
  private closingByUs = false;
  private badFrames = 0;
  private secret: string | null = null;
  private opened = false;
  private readonly opts: ExecSocketOptions;
  private command: readonly string[];

  constructor(opts: ExecSocketOptions) {
    this.opts = opts;
    this.command = opts.command;
  }

  get current(): ExecState {
    return this.state;
  }

  get url(): string {
    return execUrl({ ...this.opts, command: this.command }, this.opts.location ?? globalThis.location);
  }

  /** The argv for the next connect (a fallback from `/bin/bash` to `/bin/sh`). */
  setCommand(command: readonly string[]): void {
    this.command = command;
  }

  /** Opens the socket (again, after an end: the caller's scrollback is untouched). */
  connect(): void {
    this.teardown();
    this.decoders = this.freshDecoders();
    this.exitEnd = null;
    this.closingByUs = false;
    this.opened = false;
    this.setState({ phase: 'connecting' });
    const open = this.opts.openSocket ?? ((url: string) => new WebSocket(url) as ExecSocketLike);
    const socket = open(this.url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.opened = true;
      // The handshake must be the first frame: Nomad reads it before anything else.
      const token = (this.opts.getToken ?? (() => tokenStore.get()))();
      this.secret = token;
      socket.send(JSON.stringify({ version: 1, auth_token: token ?? '' }));
      if (this.size && this.opts.tty) this.sendSize(this.size);
      for (const frame of this.pending) socket.send(frame);
      this.pending = [];
      const timers = this.opts.timers ?? browserTimers;
      this.heartbeat = timers.setInterval(() => this.send('{}'), this.opts.heartbeatMs ?? EXEC_HEARTBEAT_MS);
      this.setState({ phase: 'connected' });
    };
    socket.onmessage = (ev) => {
      if (this.socket === socket && typeof ev.data === 'string') this.onFrame(ev.data);
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      // A reason is shown on screen; it must never carry the secret, whatever a proxy echoes.
      const reason = this.secret ? ev.reason.split(this.secret).join('[redacted]') : ev.reason;
      this.finish(this.exitEnd ?? endFromClose(ev.code, reason, this.closingByUs, this.opened));
    };
    // An error is always followed by a close event, which carries the code we report.
    socket.onerror = () => {};
  }

  /** Keystrokes or pasted text; queued until the handshake has gone out. */
  sendInput(text: string): void {
    if (this.state.phase === 'ended' || text === '') return;
    const frame = JSON.stringify({ stdin: { data: encodeBase64Utf8(text) } });
    if (this.state.phase === 'connecting') this.pending.push(frame);
    else this.send(frame);
  }

  /** EOF on stdin (non-tty sessions: lets `cat` finish). */
  closeInput(): void {
    if (this.state.phase === 'connected') this.send(JSON.stringify({ stdin: { close: true } }));
  }

  /** The terminal's size; sent now if connected, and after every (re)connect. */
  resize(cols: number, rows: number): void {
    if (cols <= 0 || rows <= 0) return;
    if (this.size && this.size.cols === cols && this.size.rows === rows) return;
    this.size = { cols, rows };
    if (this.state.phase === 'connected' && this.opts.tty) this.sendSize(this.size);
  }

  /** Closes the session from our side (tab closed, page left). */
  close(): void {
    if (!this.socket) return;
    this.closingByUs = true;
    const socket = this.socket;
    this.stopHeartbeat();
    shut(socket, this.opened);
    // Browsers deliver the close event later (or never, for a socket that never opened).
    this.finish(this.exitEnd ?? endFromClose(1000, '', true));
  }

  private onFrame(raw: string): void {
    const frame = parseExecFrame(raw);
    if (!frame.ok) {
      // Nothing Nomad sends looks like this; skip it (the frames around it are intact)
      // and say so, rather than end the session or print garbage into the terminal.
      this.badFrames++;
      if (this.state.phase === 'connected') this.setState({ phase: 'connected', badFrames: this.badFrames });
      return;
    }
    for (const { stream, bytes, close } of frame.outputs) {
      if (bytes.length > 0) {
        const text = this.decoders[stream].decode(bytes, { stream: true });
        if (text) this.opts.onOutput(stream, text);
      }
      if (close) this.flush(stream);
    }
    if (frame.exited) {
      this.flush('stdout');
      this.flush('stderr');
      this.exitEnd = { kind: 'exited', ...frame.exited };
      // Nomad drops the connection next; report the exit now rather than wait for it.
      this.finish(this.exitEnd, false);
    }
  }

  private flush(stream: ExecStream): void {
    const rest = this.decoders[stream].decode();
    if (rest) this.opts.onOutput(stream, rest);
  }

  private finish(end: ExecEnd, detach = true): void {
    this.stopHeartbeat();
    this.pending = [];
    if (detach) this.socket = null;
    if (this.state.phase === 'ended') return;
    this.flush('stdout');
    this.flush('stderr');
    this.setState({ phase: 'ended', end });
  }

  private send(frame: string): void {
    try {
      this.socket?.send(frame);
    } catch {
      // A socket closing under us reports through its close event.
    }
  }

  private sendSize(size: { cols: number; rows: number }): void {
    this.send(JSON.stringify({ tty_size: { height: size.rows, width: size.cols } }));
  }

  private stopHeartbeat(): void {
    if (this.heartbeat === null) return;
    (this.opts.timers ?? browserTimers).clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private teardown(): void {
    this.stopHeartbeat();
    const old = this.socket;
    this.socket = null;
    if (old) {
      old.onopen = old.onmessage = old.onclose = old.onerror = null;
      shut(old, this.opened);
    }
  }

  private freshDecoders(): Record<ExecStream, TextDecoder> {
    return { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };
  }

  private setState(state: ExecState): void {
    this.state = state;
    this.opts.onState(state);
  }
}
