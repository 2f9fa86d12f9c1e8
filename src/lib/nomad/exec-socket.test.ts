import { describe, expect, it } from 'vitest';
import {
  describeEnd,
  encodeBase64Utf8,
  endFromClose,
  ExecSocket,
  execUrl,
  type ExecSocketLike,
  type ExecState,
  type ExecStream,
  type TimerApi,
} from './exec-socket.ts';

class FakeSocket implements ExecSocketLike {
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  sent: string[] = [];
  closedWith: number | undefined;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code;
  }
  open() {
    this.onopen?.(new Event('open'));
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent);
  }
  drop(code: number, reason = '') {
    this.onclose?.({ code, reason } as CloseEvent);
  }
  get frames(): unknown[] {
    return this.sent.map((s) => JSON.parse(s) as unknown);
  }
}

class FakeTimers implements TimerApi {
  next = 1;
  live = new Map<number, { fn: () => void; ms: number }>();
  setInterval(fn: () => void, ms: number) {
    const id = this.next++;
    this.live.set(id, { fn, ms });
    return id;
  }
  clearInterval(h: unknown) {
    this.live.delete(h as number);
  }
  tick() {
    for (const t of [...this.live.values()]) t.fn();
  }
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

function setup(over: { tty?: boolean; token?: string | null; command?: string[] } = {}) {
  const sockets: FakeSocket[] = [];
  const output: { stream: ExecStream; text: string }[] = [];
  const states: ExecState[] = [];
  const timers = new FakeTimers();
  const exec = new ExecSocket({
    allocId: 'a1b2',
    task: 'web',
    command: over.command ?? ['/bin/sh'],
    tty: over.tty ?? true,
    region: 'eu',
    location: { protocol: 'https:', host: 'console.example:8443' },
    getToken: () => (over.token === undefined ? 's3cret-token' : over.token),
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    timers,
    onOutput: (stream, text) => output.push({ stream, text }),
    onState: (s) => states.push(s),
  });
  const last = () => sockets[sockets.length - 1] as FakeSocket;
  return { exec, sockets, last, output, states, timers, text: () => output.map((o) => o.text).join('') };
}

describe('execUrl', () => {
  it('builds a same-origin URL with the command as a JSON array and no token', () => {
    const url = execUrl(
      { allocId: 'a/1', task: 'web app', command: ['/bin/sh', '-c', 'echo "hi"'], tty: true, region: 'eu' },
      { protocol: 'http:', host: '127.0.0.1:4700' },
    );
    const u = new URL(url);
    expect(u.protocol).toBe('ws:');
    expect(u.host).toBe('127.0.0.1:4700');
    expect(u.pathname).toBe('/v1/client/allocation/a%2F1/exec');
    expect(u.searchParams.get('task')).toBe('web app');
    expect(u.searchParams.get('tty')).toBe('true');
    expect(u.searchParams.get('ws_handshake')).toBe('true');
    expect(u.searchParams.get('region')).toBe('eu');
    expect(JSON.parse(u.searchParams.get('command') ?? '')).toEqual(['/bin/sh', '-c', 'echo "hi"']);
    expect(url).not.toMatch(/token/i);
  });

  it('uses wss on an https page', () => {
    expect(
      execUrl({ allocId: 'a', task: 't', command: ['sh'], tty: false }, { protocol: 'https:', host: 'h' }),
    ).toMatch(/^wss:\/\/h\//);
  });
});

describe('ExecSocket', () => {
  it('sends the handshake first, then the size, then queued input, and only then reports connected', () => {
    const t = setup();
    t.exec.resize(100, 30);
    t.exec.connect();
    t.exec.sendInput('ls\r');
    expect(t.last().sent).toEqual([]);
    expect(t.states.at(-1)).toEqual({ phase: 'connecting' });
    t.last().open();
    expect(t.last().frames).toEqual([
      { version: 1, auth_token: 's3cret-token' },
      { tty_size: { height: 30, width: 100 } },
      { stdin: { data: btoa('ls\r') } },
    ]);
    expect(t.states.at(-1)).toEqual({ phase: 'connected' });
    expect(t.last().url).not.toContain('s3cret');
  });

  it('sends an empty auth_token when signed out', () => {
    const t = setup({ token: null });
    t.exec.connect();
    t.last().open();
    expect(t.last().frames[0]).toEqual({ version: 1, auth_token: '' });
  });

  it('encodes stdin as base64 of UTF-8', () => {
    const t = setup();
    t.exec.connect();
    t.last().open();
    t.exec.sendInput('é✓😀');
    const frame = t.last().frames.at(-1) as { stdin: { data: string } };
    const bytes = Uint8Array.from(atob(frame.stdin.data), (c) => c.charCodeAt(0));
    expect([...bytes]).toEqual([...new TextEncoder().encode('é✓😀')]);
    expect(encodeBase64Utf8('é')).toBe('w6k=');
  });

  it('sends tty_size on resize while connected, once per distinct size, not in non-tty mode', () => {
    const t = setup();
    t.exec.connect();
    t.last().open();
    t.exec.resize(80, 24);
    t.exec.resize(80, 24);
    t.exec.resize(120, 40);
    expect(t.last().frames.slice(1)).toEqual([
      { tty_size: { height: 24, width: 80 } },
      { tty_size: { height: 40, width: 120 } },
    ]);
    const n = setup({ tty: false });
    n.exec.connect();
    n.last().open();
    n.exec.resize(80, 24);
    expect(n.last().frames).toHaveLength(1);
  });

  it('sends a {} heartbeat every 10 s while connected and stops after the end', () => {
    const t = setup();
    t.exec.connect();
    expect(t.timers.live.size).toBe(0);
    t.last().open();
    expect([...t.timers.live.values()].map((x) => x.ms)).toEqual([10_000]);
    t.timers.tick();
    t.timers.tick();
    expect(t.last().sent.slice(1)).toEqual(['{}', '{}']);
    t.last().receive({ exited: true, result: {} });
    expect(t.timers.live.size).toBe(0);
  });

  it('decodes UTF-8 split across chunks, per stream', () => {
    const t = setup({ tty: false });
    t.exec.connect();
    t.last().open();
    const bytes = new TextEncoder().encode('a€b');
    // '€' is three bytes; split it 1 + 2 across two frames, with stderr in between.
    t.last().receive({ stdout: { data: b64(bytes.slice(0, 2)) } });
    t.last().receive({ stderr: { data: b64(new TextEncoder().encode('err\n')) } });
    t.last().receive({ stdout: { data: b64(bytes.slice(2)) } });
    expect(t.output).toEqual([
      { stream: 'stdout', text: 'a' },
      { stream: 'stderr', text: 'err\n' },
      { stream: 'stdout', text: '€b' },
    ]);
  });

  it('skips frames that are not exec frames, counts them in the state, and keeps the output around them', () => {
    const t = setup({ tty: false });
    t.exec.connect();
    t.last().open();
    t.last().receive({ stdout: { data: b64(new TextEncoder().encode('one ')) } });
    for (const junk of ['null', '{"stdout":{"data":"QUJD', '{"stdout":{"data":"@@@"}}', '[]']) {
      t.last().onmessage?.({ data: junk } as MessageEvent);
    }
    t.last().receive({ stdout: { data: b64(new TextEncoder().encode('two')) } });
    expect(t.text()).toBe('one two');
    expect(t.exec.current).toEqual({ phase: 'connected', badFrames: 4 });
  });

  it('flushes an incomplete character on the stream close frame', () => {
    const t = setup();
    t.exec.connect();
    t.last().open();
    t.last().receive({ stdout: { data: b64(new Uint8Array([0xe2, 0x82])) } });
    expect(t.text()).toBe('');
    t.last().receive({ stdout: { close: true } });
    expect(t.text()).toBe('\uFFFD');
  });

  it('treats the exit frame as the end, and the 1006 drop after it as nothing more', () => {
    const t = setup();
    t.exec.connect();
    t.last().open();
    t.last().receive({ exited: true, result: { exit_code: 3 } });
    t.last().drop(1006);
    const ends = t.states.filter((s) => s.phase === 'ended');
    expect(ends).toEqual([{ phase: 'ended', end: { kind: 'exited', code: 3 } }]);
    expect(describeEnd({ kind: 'exited', code: 3 })).toBe('exited with code 3');
  });

  it('reads result:{} as exit code 0', () => {
    const t = setup();
    t.exec.connect();
    t.last().open();
    t.last().receive({ exited: true, result: {} });
    expect(t.exec.current).toEqual({ phase: 'ended', end: { kind: 'exited', code: 0 } });
  });

  it('maps close codes without an exit frame', () => {
    for (const [code, reason, kind] of [
      [1008, 'task "web" is not running.', 'refused'],
      [1011, 'Permission denied', 'server-error'],
      [1006, '', 'lost'],
      [1000, '', 'closed'],
    ] as const) {
      const t = setup();
      t.exec.connect();
      t.last().open();
      t.last().drop(code, reason);
      expect(t.exec.current).toEqual({ phase: 'ended', end: expect.objectContaining({ kind, code }) });
    }
  });

  it('tells a socket that never opened from a lost connection', () => {
    const t = setup();
    t.exec.connect();
    t.last().drop(1006);
    expect(t.exec.current).toEqual({ phase: 'ended', end: { kind: 'unreachable', code: 1006, reason: '' } });
    expect(describeEnd({ kind: 'unreachable', code: 1006, reason: '' })).toMatch(/^could not connect/);
  });

  it('never shows the token in a close reason', () => {
    const t = setup();
    t.exec.connect();
    t.last().open();
    t.last().drop(1008, 'handshake token s3cret-token mismatched');
    expect(t.exec.current).toEqual({
      phase: 'ended',
      end: { kind: 'refused', code: 1008, reason: 'handshake token [redacted] mismatched' },
    });
  });

  it('describes each end in words', () => {
    expect(describeEnd(endFromClose(1008, 'unknown task name "x"', false))).toBe(
      'the request was refused — unknown task name "x"',
    );
    expect(describeEnd(endFromClose(1011, 'Permission denied', false), { namespace: 'prod' })).toBe(
      'server error — Permission denied: your token needs alloc-exec in namespace prod',
    );
    expect(
      describeEnd(endFromClose(1011, 'Permission denied', false), { namespace: 'default', driver: 'raw_exec' }),
    ).toContain('alloc-node-exec');
    expect(describeEnd(endFromClose(1011, 'driver crashed', false))).toBe('server error — driver crashed');
    expect(describeEnd(endFromClose(1006, '', false))).toMatch(/^connection lost/);
    expect(describeEnd(endFromClose(1000, '', true))).toBe('closed');
    expect(describeEnd({ kind: 'exited', code: 137, signal: 'SIGKILL', oomKilled: true })).toBe(
      'exited with code 137 (signal SIGKILL, killed: out of memory)',
    );
  });

  it('reconnects on request with a fresh socket and decoder, ignoring the old socket', () => {
    const t = setup();
    t.exec.connect();
    const first = t.last();
    first.open();
    first.receive({ stdout: { data: b64(new Uint8Array([0xc3])) } }); // half of 'é'
    first.drop(1006);
    t.exec.connect();
    expect(t.sockets).toHaveLength(2);
    first.receive({ stdout: { data: b64(new TextEncoder().encode('stale')) } });
    t.last().open();
    t.last().receive({ stdout: { data: b64(new TextEncoder().encode('ok')) } });
    expect(t.text()).toBe('\uFFFDok');
    expect(t.exec.current).toEqual({ phase: 'connected' });
    expect(t.last().frames[0]).toEqual({ version: 1, auth_token: 's3cret-token' });
  });

  it('closes from our side as "closed", once, and stops the heartbeat', () => {
    const t = setup();
    t.exec.connect();
    t.last().open();
    t.exec.close();
    expect(t.last().closedWith).toBe(1000);
    expect(t.timers.live.size).toBe(0);
    t.last().drop(1005);
    expect(t.states.filter((s) => s.phase === 'ended')).toEqual([
      { phase: 'ended', end: { kind: 'closed', code: 1000, reason: '', byUs: true } },
    ]);
  });

  it('closes a socket still connecting once it opens, without sending the handshake', () => {
    const t = setup();
    t.exec.connect();
    t.exec.close();
    expect(t.last().closedWith).toBeUndefined();
    expect(t.exec.current).toMatchObject({ phase: 'ended', end: { kind: 'closed', byUs: true } });
    t.last().open();
    expect(t.last().closedWith).toBe(1000);
    expect(t.last().sent).toEqual([]);
  });

  it('drops input after the end and sends stdin close on request', () => {
    const t = setup({ tty: false });
    t.exec.connect();
    t.last().open();
    t.exec.closeInput();
    expect(t.last().frames.at(-1)).toEqual({ stdin: { close: true } });
    t.last().drop(1006);
    t.exec.sendInput('x');
    expect(t.last().frames.at(-1)).toEqual({ stdin: { close: true } });
  });
});
