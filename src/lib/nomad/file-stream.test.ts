import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileStream, type FileStreamOptions, type StreamCursor, type Timers } from './file-stream.ts';

const enc = new TextEncoder();
const b64 = (s: string) => btoa(String.fromCharCode(...enc.encode(s)));
const frame = (data: string, file: string, offset: number) =>
  JSON.stringify({ Data: b64(data), File: file, Offset: offset });

interface Conn {
  url: URL;
  push(text: string): void;
  end(): void;
}

/** A fetch whose streaming bodies the test writes to, one connection at a time. */
function fakeFetch() {
  const conns: Conn[] = [];
  const waiters: ((c: Conn) => void)[] = [];
  const responses: (() => Response | null)[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://localhost');
      const canned = responses.shift()?.();
      if (canned) return Promise.resolve(canned);
      let ctrl!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
      init.signal?.addEventListener('abort', () => {
        try {
          ctrl.error(new DOMException('aborted', 'AbortError'));
        } catch {
          /* already closed */
        }
      });
      const conn: Conn = { url, push: (t) => ctrl.enqueue(enc.encode(t)), end: () => ctrl.close() };
      conns.push(conn);
      waiters.shift()?.(conn);
      return Promise.resolve(new Response(body, { status: 200 }));
    }),
  );
  return {
    conns,
    /** Makes the next request answer this instead of a stream. */
    respondNext: (r: () => Response) => responses.push(r),
    next: () => new Promise<Conn>((resolve) => waiters.push(resolve)),
  };
}

/** Timers the test fires by hand. */
function manualTimers() {
  let id = 0;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => (pending.set(++id, { fn, ms }), id),
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    pending,
    /** Runs every timer armed so far with at most `ms` delay. */
    fire(ms = Infinity) {
      for (const [k, t] of [...pending]) {
        if (t.ms <= ms) {
          pending.delete(k);
          t.fn();
        }
      }
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(over: Partial<FileStreamOptions> = {}) {
  const net = fakeFetch();
  const clock = manualTimers();
  const data: string[] = [];
  const starts: number[] = [];
  const events: string[] = [];
  const states: string[] = [];
  const resumes: StreamCursor[] = [];
  const stream = new FileStream({
    path: '/v1/client/fs/stream/a1',
    initialQuery: { path: 'alloc/logs/web.stdout.0', origin: 'end', offset: 100 },
    resumeQuery: (c) => {
      resumes.push(c);
      return { path: c.file ?? '', origin: 'start', offset: c.offset };
    },
    follow: true,
    timers: clock.timers,
    random: () => 0.5,
    onData: (c) => {
      data.push(new TextDecoder().decode(c.bytes));
      starts.push(c.start);
    },
    onTruncated: () => events.push('truncated'),
    onDeleted: () => events.push('deleted'),
    onState: (s, info) => states.push(info.reason ? `${s}:${info.reason}` : s),
    ...over,
  });
  return { net, clock, data, starts, events, states, resumes, stream };
}

afterEach(() => vi.unstubAllGlobals());

describe('FileStream', () => {
  it('delivers data from frames split anywhere and ignores heartbeats', async () => {
    const t = setup();
    const first = t.net.next();
    t.stream.start();
    const c = await first;
    expect(c.url.searchParams.get('origin')).toBe('end');
    const body = `{}${frame('héllo\n', 'alloc/logs/web.stdout.0', 107)}{}${frame('🚀\n', 'alloc/logs/web.stdout.0', 112)}`;
    for (const ch of body) c.push(ch);
    await tick();
    expect(t.data.join('')).toBe('héllo\n🚀\n');
    expect(t.starts).toEqual([100, 107]); // é is two bytes
    expect(t.stream.cursor).toEqual({ file: 'alloc/logs/web.stdout.0', offset: 112 });
    expect(t.states).toContain('live');
    t.stream.close();
  });

  it('resumes from the byte after the last one received, with no duplicate', async () => {
    const t = setup();
    let c = t.net.next();
    t.stream.start();
    (await c).push(frame('one\n', 'alloc/logs/web.stdout.0', 4) + frame('two\n', 'alloc/logs/web.stdout.0', 8));
    await tick();
    c = t.net.next();
    t.net.conns[0]!.end(); // the server drops the connection
    await tick();
    expect(t.states.at(-1)).toBe('retrying');
    t.clock.fire();
    const second = await c;
    expect(t.resumes).toEqual([{ file: 'alloc/logs/web.stdout.0', offset: 8 }]);
    expect(second.url.searchParams.get('origin')).toBe('start');
    expect(second.url.searchParams.get('offset')).toBe('8');
    second.push(frame('three\n', 'alloc/logs/web.stdout.0', 14));
    await tick();
    expect(t.data.join('')).toBe('one\ntwo\nthree\n');
    t.stream.close();
  });

  it('counts bytes within a file instead of trusting an Offset that ran ahead', async () => {
    const t = setup();
    const c = t.net.next();
    t.stream.start();
    // After a full frame Nomad's framer may report an Offset past the true end.
    (await c).push(frame('abcd', 'f', 4) + frame('ef', 'f', 99));
    await tick();
    expect(t.stream.cursor).toEqual({ file: 'f', offset: 6 });
    t.stream.close();
  });

  it('reports truncation and restarts its cursor from the new data', async () => {
    const t = setup();
    const c = t.net.next();
    t.stream.start();
    const conn = await c;
    conn.push(frame('old old\n', 'f', 8));
    conn.push(JSON.stringify({ Data: b64('new\n'), File: 'f', FileEvent: 'file truncated', Offset: 4 }));
    await tick();
    expect(t.events).toEqual(['truncated']);
    expect(t.starts).toEqual([0, 0]);
    expect(t.stream.cursor.offset).toBe(4);
    t.stream.close();
  });

  it('closes with reason deleted on a file deleted event', async () => {
    const t = setup();
    const c = t.net.next();
    t.stream.start();
    (await c).push(JSON.stringify({ File: 'f', FileEvent: 'file deleted', Offset: 8 }));
    await tick();
    expect(t.events).toEqual(['deleted']);
    expect(t.states.at(-1)).toBe('closed:deleted');
  });

  it('logs: follows on after `file deleted`, ignores an older file re-read, and reports files skipped', async () => {
    const skips: unknown[] = [];
    const t = setup({
      endOnDelete: false,
      rotationIndex: (f) => Number(/\.(\d+)$/.exec(f)?.[1]),
      onSkipped: (s) => skips.push(s),
    });
    const c = t.net.next();
    t.stream.start();
    const conn = await c;
    conn.push(frame('a1\n', 'alloc/logs/web.stdout.4', 3) + frame('a2\n', 'alloc/logs/web.stdout.4', 6));
    conn.push(JSON.stringify({ File: 'alloc/logs/web.stdout.4', FileEvent: 'file deleted', Offset: 6 }));
    // Nomad lists again and re-reads the newest remaining (older) file from 0: not shown.
    conn.push(frame('old\n', 'alloc/logs/web.stdout.3', 4));
    // The writer rotated three times meanwhile; .5 and .6 were deleted before being opened.
    conn.push(frame('b1\n', 'alloc/logs/web.stdout.7', 3));
    await tick();
    expect(t.events).toEqual(['deleted']);
    expect(t.data.join('')).toBe('a1\na2\nb1\n');
    expect(skips).toEqual([
      { from: 'alloc/logs/web.stdout.4', to: 'alloc/logs/web.stdout.7', files: 2, lastFileSize: 6 },
    ]);
    expect(t.stream.cursor).toEqual({ file: 'alloc/logs/web.stdout.7', offset: 3 });
    expect(t.states.at(-1)).toBe('live');
    t.stream.close();
  });

  it('drops the connection on a garbled frame and resumes from the last good byte; gives up after 5 in a row', async () => {
    const t = setup();
    let c = t.net.next();
    t.stream.start();
    const f = 'alloc/logs/web.stdout.0';
    (await c).push(frame('one\n', f, 4));
    c = t.net.next();
    // Data cut to a length no base64 decoder accepts: that frame's bytes are lost.
    t.net.conns[0]!.push(JSON.stringify({ Data: b64('two\n').slice(0, 5), File: f, Offset: 8 }));
    await tick();
    expect(t.states.at(-1)).toBe('retrying');
    t.clock.fire();
    const second = await c;
    expect(second.url.searchParams.get('offset')).toBe('4');
    second.push(frame('two\n', f, 8));
    await tick();
    expect(t.data.join('')).toBe('one\ntwo\n');
    // Invalid JSON (noticed when the next frame starts), again and again: bounded, then a final error.
    for (let i = 0; i < 6; i++) {
      c = t.net.next();
      t.net.conns.at(-1)!.push('{?Data":"dGhyZWUK","File":"x","Offset":14}' + frame('four\n', f, 13));
      await tick();
      if (t.stream.state === 'closed') break;
      t.clock.fire();
      await c;
    }
    expect(t.states.at(-1)).toBe('closed:failed');
    expect(t.stream.garbledTotal).toBe(7);
    expect(t.data.join('')).toBe('one\ntwo\n');
  });

  it('treats silence longer than 1.5 heartbeats as a stall and reconnects', async () => {
    const t = setup({ heartbeatMs: 1000 });
    let c = t.net.next();
    t.stream.start();
    (await c).push('{}');
    await tick();
    expect([...t.clock.pending.values()].map((p) => p.ms)).toContain(1500);
    c = t.net.next();
    t.clock.fire(1500); // the watchdog
    expect(t.states).toContain('stalled');
    t.clock.fire(); // the retry
    await c;
    expect(t.net.conns).toHaveLength(2);
    t.stream.close();
  });

  it('gives up on a 4xx with the error, and retries a 5xx', async () => {
    const t = setup();
    t.net.respondNext(() => new Response('boom', { status: 500 }));
    t.net.respondNext(
      () =>
        new Response('log entry for task "web" and log type "stdout" not found', {
          status: 404,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        }),
    );
    t.stream.start();
    await tick();
    expect(t.states.at(-1)).toBe('retrying');
    t.clock.fire();
    await tick();
    await tick();
    expect(t.states.at(-1)).toBe('closed:failed');
  });

  it('ends a non-follow stream when the body ends', async () => {
    const t = setup({ follow: false });
    const c = t.net.next();
    t.stream.start();
    const conn = await c;
    conn.push(frame('x', 'f', 1));
    conn.end();
    await tick();
    expect(t.states.at(-1)).toBe('closed:ended');
  });

  it('passes text appended after the frames to onText', async () => {
    const texts: string[] = [];
    const t = setup({ follow: false, onText: (s) => texts.push(s) });
    const c = t.net.next();
    t.stream.start();
    const conn = await c;
    conn.push(`${frame('x', 'f', 1)}rpc error: EOF`);
    conn.end();
    await tick();
    expect(texts).toEqual(['rpc error: EOF']);
  });

  it('treats a forwarded 500 "Permission denied" as a final 403 naming the capability', async () => {
    const errors: unknown[] = [];
    const t = setup({
      path: '/v1/client/fs/logs/a1',
      namespace: 'prod',
      onState: (s, info) => {
        if (s === 'closed') errors.push(info.error);
      },
    });
    t.net.respondNext(() => new Response('rpc error: Permission denied', { status: 500 }));
    t.stream.start();
    await tick();
    expect(errors).toHaveLength(1);
    const err = errors[0] as Error & { status: number };
    expect(err.status).toBe(403);
    expect(err.message).toContain('"read-logs" capability in namespace "prod"');
  });
});
