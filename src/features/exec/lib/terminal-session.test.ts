import { describe, expect, it } from 'vitest';
import { ExecSocket, type ExecSocketLike } from '@/lib/nomad/exec-socket.ts';
import {
  isMissingBinary,
  MAX_WRITE_CHARS,
  TerminalSession,
  type SessionSpec,
  type TerminalLike,
} from './terminal-session.ts';

class FakeSocket implements ExecSocketLike {
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  sent: unknown[] = [];
  closed = false;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.(new Event('open'));
  }
  out(text: string, stream = 'stdout') {
    const data = btoa(String.fromCharCode(...new TextEncoder().encode(text)));
    this.onmessage?.({ data: JSON.stringify({ [stream]: { data } }) } as MessageEvent);
  }
  exit(code: number) {
    this.onmessage?.({
      data: JSON.stringify({ exited: true, result: code ? { exit_code: code } : {} }),
    } as MessageEvent);
    this.onclose?.({ code: 1006, reason: '' } as CloseEvent);
  }
  drop(code: number, reason = '') {
    this.onclose?.({ code, reason } as CloseEvent);
  }
  get command(): string[] {
    return JSON.parse(new URL(this.url).searchParams.get('command') ?? '[]') as string[];
  }
}

class FakeTerminal implements TerminalLike {
  cols = 90;
  rows = 25;
  written = '';
  writes: string[] = [];
  /** While set, writes are not confirmed (xterm still parsing) until `parsed()`. */
  busy = false;
  private unconfirmed: (() => void)[] = [];
  private data: ((d: string) => void)[] = [];
  private resize: ((s: { cols: number; rows: number }) => void)[] = [];
  write(d: string, done?: () => void) {
    this.written += d;
    this.writes.push(d);
    if (!done) return;
    if (this.busy) this.unconfirmed.push(done);
    else done();
  }
  parsed() {
    this.busy = false;
    for (const done of this.unconfirmed.splice(0)) done();
  }
  onData(l: (d: string) => void) {
    this.data.push(l);
    return { dispose: () => (this.data = this.data.filter((x) => x !== l)) };
  }
  onResize(l: (s: { cols: number; rows: number }) => void) {
    this.resize.push(l);
    return { dispose: () => (this.resize = this.resize.filter((x) => x !== l)) };
  }
  type(d: string) {
    for (const l of this.data) l(d);
  }
  setSize(cols: number, rows: number) {
    this.cols = cols;
    this.rows = rows;
    for (const l of this.resize) l({ cols, rows });
  }
  get listenerCount() {
    return this.data.length + this.resize.length;
  }
}

function setup(spec: Partial<SessionSpec> = {}) {
  const sockets: FakeSocket[] = [];
  const term = new FakeTerminal();
  const session = new TerminalSession(
    term,
    { allocId: 'a1', task: 'web', command: ['/bin/bash'], tty: true, namespace: 'prod', ...spec },
    (opts) =>
      new ExecSocket({
        ...opts,
        location: { protocol: 'http:', host: 'localhost' },
        getToken: () => 'tok',
        timers: { setInterval: () => 0, clearInterval: () => {} },
        openSocket: (url) => {
          const s = new FakeSocket(url);
          sockets.push(s);
          return s;
        },
      }),
  );
  const last = () => sockets[sockets.length - 1] as FakeSocket;
  return { session, term, sockets, last };
}

describe('TerminalSession', () => {
  it('sends the terminal size after the handshake, keystrokes as stdin and resizes as tty_size', () => {
    const t = setup();
    t.session.start();
    t.last().open();
    t.term.type('ls\r');
    t.term.setSize(132, 43);
    expect(t.last().sent).toEqual([
      { version: 1, auth_token: 'tok' },
      { tty_size: { height: 25, width: 90 } },
      { stdin: { data: btoa('ls\r') } },
      { tty_size: { height: 43, width: 132 } },
    ]);
  });

  it('writes stdout as is and stderr in red', () => {
    const t = setup({ tty: false, command: ['cat'] });
    t.session.start();
    t.last().open();
    t.last().out('out\n');
    t.last().out('bad\n', 'stderr');
    expect(t.term.written).toBe('out\n\x1b[31mbad\n\x1b[39m');
  });

  it('joins output that arrives while the terminal is busy into one write, in order', () => {
    const t = setup({ tty: false, command: ['sh'] });
    t.session.start();
    t.last().open();
    t.term.busy = true;
    t.last().out('1\n');
    t.last().out('2\n');
    t.last().out('oops\n', 'stderr');
    t.last().out('3\n');
    // The first goes straight through; the rest wait for the terminal to finish parsing it.
    expect(t.term.writes).toEqual(['1\n']);
    t.term.parsed();
    expect(t.term.writes).toEqual(['1\n', '2\n\x1b[31moops\n\x1b[39m3\n']);
    // Idle again: the next chunk is written at once.
    t.last().out('4\n');
    expect(t.term.writes.at(-1)).toBe('4\n');
  });

  it('caps a joined write, so xterm never parses one huge chunk in a single task', () => {
    const t = setup({ tty: false, command: ['sh'] });
    t.session.start();
    t.last().open();
    t.term.busy = true;
    t.last().out('x');
    const line = `${'y'.repeat(999)}\n`;
    for (let i = 0; i < 100; i++) t.last().out(line);
    // Confirming a write lets the next go; the fake confirms at once once no longer busy.
    t.term.parsed();
    const joined = t.term.writes.slice(1);
    expect(joined.length).toBeGreaterThan(2);
    expect(Math.max(...joined.map((w) => w.length))).toBeLessThanOrEqual(MAX_WRITE_CHARS);
    expect(t.term.written).toBe(`x${line.repeat(100)}`);
  });

  it('keeps the end message after output still waiting for the terminal', () => {
    const t = setup({ tty: false, command: ['sh'] });
    t.session.start();
    t.last().open();
    t.term.busy = true;
    t.last().out('a\n');
    t.last().out('last line\n');
    t.last().exit(3);
    expect(t.term.written).not.toContain('last line');
    t.term.parsed();
    expect(t.term.written).toMatch(/a\nlast line\n[^]*exited with code 3/);
  });

  it('echoes locally and maps Enter to a newline without a tty, and Ctrl-D closes stdin', () => {
    const t = setup({ tty: false, command: ['cat'] });
    t.session.start();
    t.last().open();
    t.term.type('hi\r');
    t.term.type('\x04');
    expect(t.term.written).toBe('hi\r\n');
    expect(t.last().sent.slice(1)).toEqual([{ stdin: { data: btoa('hi\n') } }, { stdin: { close: true } }]);
  });

  it('reports the exit code in the terminal and the view, then reconnects on Enter keeping the scrollback', () => {
    const t = setup({ command: ['/bin/sh'] });
    t.session.start();
    t.last().open();
    t.last().out('$ ');
    t.last().exit(3);
    expect(t.session.snapshot()).toMatchObject({ summary: 'exited with code 3', live: false });
    expect(t.term.written).toContain('[exited with code 3 — press Enter to reconnect]');
    t.term.type('x');
    expect(t.sockets).toHaveLength(1);
    t.term.type('\r');
    expect(t.sockets).toHaveLength(2);
    expect(t.term.written.startsWith('$ ')).toBe(true);
    t.last().open();
    expect(t.session.snapshot()).toMatchObject({ state: { phase: 'connected' }, live: true });
  });

  it('names the missing capability on a 1011 Permission denied', () => {
    const t = setup({ command: ['/bin/sh'] });
    t.session.start();
    t.last().open();
    t.last().drop(1011, 'Permission denied');
    expect(t.session.snapshot().summary).toBe(
      'server error — Permission denied: your token needs alloc-exec in namespace prod',
    );
  });

  it('falls back from /bin/bash to /bin/sh when bash is missing, and says so', () => {
    const t = setup();
    t.session.start();
    t.last().open();
    t.last().drop(1011, 'failed to exec: stat /bin/bash: no such file or directory');
    expect(t.sockets).toHaveLength(2);
    expect(t.last().command).toEqual(['/bin/sh']);
    expect(t.term.written).toMatch(/\/bin\/bash is not available in this task .*falling back to \/bin\/sh/);
    t.last().open();
    expect(t.session.snapshot()).toMatchObject({ command: ['/bin/sh'], live: true });
  });

  it('falls back on exit 127 with a "not found" message too, but only once and never for a typed command', () => {
    const t = setup();
    t.session.start();
    t.last().open();
    t.last().out('exec: /bin/bash: not found\r\n');
    t.last().exit(127);
    expect(t.last().command).toEqual(['/bin/sh']);
    t.last().open();
    t.last().out('sh: not found\r\n');
    t.last().exit(127);
    expect(t.sockets).toHaveLength(2);
    expect(t.session.snapshot().summary).toBe('exited with code 127');

    const u = setup({ command: ['/bin/zsh'] });
    u.session.start();
    u.last().open();
    u.last().drop(1011, 'no such file or directory');
    expect(u.sockets).toHaveLength(1);
  });

  it('does not fall back for other failures', () => {
    expect(isMissingBinary({ kind: 'refused', code: 1008, reason: 'task "web" is not running.' }, '')).toBe(false);
    // Nomad's client answers an unknown task with 1011 "task not found": no shell fallback for that.
    expect(isMissingBinary({ kind: 'server-error', code: 1011, reason: 'task not found' }, '')).toBe(false);
    expect(isMissingBinary({ kind: 'exited', code: 127, signal: undefined }, 'hello')).toBe(false);
    expect(isMissingBinary({ kind: 'lost', code: 1006, reason: '' }, 'not found')).toBe(false);
  });

  it('unsubscribes from the terminal and closes the socket on dispose', () => {
    const t = setup();
    t.session.start();
    t.last().open();
    t.session.dispose();
    expect(t.term.listenerCount).toBe(0);
    expect(t.last().closed).toBe(true);
  });
});
