// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventStream, LIVE_INDEX, MAX_REREADS, type EventStreamOptions, type StreamStatus } from './event-stream.ts';
import { tokenStore } from './token-store.ts';
import type { NomadEvent } from './types.ts';

const SECRET = '0b7d3c4e-1111-4222-8333-444455556666';
const encoder = new TextEncoder();

/** One request the fake server received: its URL and headers, and the body it may write. */
interface Conn {
  url: URL;
  headers: Record<string, string>;
  signal: AbortSignal;
  write(text: string): void;
  writeBytes(bytes: Uint8Array): void;
  end(): void;
}

/** A stubbed `fetch` whose streaming bodies the test writes by hand; abort errors them. */
function fakeServer(answer: (conn: Conn) => Response | 'stream' = () => 'stream') {
  const conns: Conn[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit) => {
      let ctl!: ReadableStreamDefaultController<Uint8Array>;
      let open = true;
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) });
      const signal = init.signal!;
      const conn: Conn = {
        url: new URL(input, 'http://localhost'),
        headers: { ...(init.headers as Record<string, string>) },
        signal,
        write: (text) => conn.writeBytes(encoder.encode(text)),
        writeBytes: (bytes) => open && ctl.enqueue(bytes),
        end: () => {
          if (open) ctl.close();
          open = false;
        },
      };
      conns.push(conn);
      if (signal.aborted) throw new DOMException('aborted', 'AbortError');
      signal.addEventListener('abort', () => {
        if (open) ctl.error(new DOMException('aborted', 'AbortError'));
        open = false;
      });
      const a = answer(conn);
      if (a !== 'stream') return a;
      return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return conns;
}

function ev(index: number, key: string, topic = 'Allocation', type = 'AllocationUpdated'): NomadEvent {
  return { FilterKeys: null, Index: index, Key: key, Namespace: 'default', Payload: {}, Topic: topic, Type: type };
}
const line = (index: number, ...events: NomadEvent[]) => `${JSON.stringify({ Events: events, Index: index })}\n`;

/** Lets pending promise callbacks (fetch, reads) run without moving the clock. */
const flush = () => vi.advanceTimersByTimeAsync(0);

function subscribe(opts: Partial<EventStreamOptions> = {}) {
  const received: NomadEvent[] = [];
  const statuses: StreamStatus[] = [];
  const stream = new EventStream({
    topics: ['Allocation'],
    start: { from: 'buffer' },
    heartbeatMs: 1_000,
    random: () => 0.5, // no jitter: delays are exactly 1 s, 2 s, 4 s …
    onEvents: (events) => received.push(...events),
    onStatus: (s) => statuses.push(s),
    ...opts,
  });
  return { stream, received, statuses, keys: () => received.map((e) => `${e.Index}:${e.Key}`) };
}

beforeEach(() => {
  vi.useFakeTimers();
  tokenStore.clear();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  tokenStore.clear();
});

describe('EventStream', () => {
  it('sends the subscription as Nomad parameters, with the token in a header only', async () => {
    tokenStore.set(SECRET);
    const conns = fakeServer();
    const { stream } = subscribe({ topics: ['Allocation:web', 'Node'], namespace: '*', region: 'eu' });
    stream.start();
    await flush();
    const { url, headers } = conns[0]!;
    expect(url.pathname).toBe('/v1/event/stream');
    expect(url.searchParams.getAll('topic')).toEqual(['Allocation:web', 'Node']);
    expect(url.searchParams.get('namespace')).toBe('*');
    expect(url.searchParams.get('region')).toBe('eu');
    expect(url.searchParams.has('index')).toBe(false); // index=0: everything still buffered
    expect(url.href).not.toContain(SECRET);
    expect(headers['X-Nomad-Token']).toBe(SECRET);
    stream.stop();
  });

  it('asks for an index beyond any cluster for "live now", and the given index otherwise', async () => {
    const conns = fakeServer();
    const now = subscribe({ start: { from: 'now' } });
    now.stream.start();
    const at = subscribe({ start: { from: 'index', index: 500 } });
    at.stream.start();
    await flush();
    expect(conns[0]!.url.searchParams.get('index')).toBe(String(LIVE_INDEX));
    expect(conns[1]!.url.searchParams.get('index')).toBe('500');
    // A given index newer than the newest batch: Nomad sends its newest batch anyway; drop it.
    conns[1]!.write('{}\n' + line(480, ev(480, 'old')) + line(501, ev(501, 'new')));
    await flush();
    expect(at.keys()).toEqual(['501:new']);
    now.stream.stop();
    at.stream.stop();
  });

  it('decodes lines split anywhere, skips heartbeats, and goes live on the first byte', async () => {
    const conns = fakeServer();
    const { stream, keys } = subscribe();
    stream.start();
    await flush();
    expect(stream.status.state).toBe('connecting');
    const text = '{}\n' + line(5, ev(5, 'a'), ev(5, 'b')) + '{}\n' + line(7, ev(7, 'ü-é'));
    const bytes = encoder.encode(text);
    for (let i = 0; i < bytes.length; i++) {
      conns[0]!.writeBytes(bytes.slice(i, i + 1)); // 1-byte chunks, splitting the UTF-8 too
      if (i === 0) await flush();
      if (i === 0) expect(stream.status.state).toBe('live');
    }
    await flush();
    expect(keys()).toEqual(['5:a', '5:b', '7:ü-é']);
    expect(stream.lastIndex).toBe(7);
    stream.stop();
  });

  it('keeps a connection that sends heartbeats, and reconnects a silent one from the last index without duplicates', async () => {
    const conns = fakeServer();
    const { stream, keys, statuses } = subscribe();
    stream.start();
    await flush();
    conns[0]!.write('{}\n' + line(10, ev(10, 'job'), ev(10, 'eval')) + line(10, ev(10, 'second-line')));
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(900);
      conns[0]!.write('{}\n');
    }
    await flush();
    expect(stream.status.state).toBe('live');
    expect(conns).toHaveLength(1);

    // Silence: stalled after 1.5 × 1 s, the request is aborted, a new one follows the backoff.
    await vi.advanceTimersByTimeAsync(1_499);
    expect(stream.status.state).toBe('live');
    await vi.advanceTimersByTimeAsync(1);
    expect(stream.status.state).toBe('stalled');
    expect(stream.status.stalls).toBe(1);
    expect(stream.status.reason).toMatch(/No data for 1\.5 s/);
    expect(conns[0]!.signal.aborted).toBe(true);
    expect(statuses.some((s) => s.state === 'stalled')).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(conns).toHaveLength(2);
    expect(stream.status.state).toBe('reconnecting');
    expect(conns[1]!.url.searchParams.get('index')).toBe('10');

    // The inclusive index replays both lines at 10; only what is new comes through.
    conns[1]!.write('{}\n' + line(10, ev(10, 'job'), ev(10, 'eval')) + line(10, ev(10, 'second-line')));
    conns[1]!.write(line(11, ev(11, 'next')));
    await flush();
    expect(stream.status.state).toBe('live');
    expect(stream.status.reconnects).toBe(1);
    expect(keys()).toEqual(['10:job', '10:eval', '10:second-line', '11:next']);
    expect(stream.status.gap).toBeUndefined();
    stream.stop();
  });

  it('resumes after the server ends the stream, delivering the missed second line of an index once', async () => {
    const conns = fakeServer();
    const { stream, keys } = subscribe();
    stream.start();
    await flush();
    conns[0]!.write('{}\n' + line(20, ev(20, 'job', 'Job', 'JobRegistered')));
    conns[0]!.end(); // dropped between the two lines of index 20
    await flush();
    expect(stream.status.state).toBe('reconnecting');
    expect(stream.status.reason).toBe('The server ended the stream');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(conns[1]!.url.searchParams.get('index')).toBe('20');
    conns[1]!.write(
      '{}\n' +
        line(20, ev(20, 'job', 'Job', 'JobRegistered')) +
        line(20, ev(20, 'eval', 'Evaluation', 'JobRegistered')) +
        line(21, ev(21, 'a'), ev(21, 'a')), // the same event twice in one line (two matching keys)
    );
    await flush();
    expect(keys()).toEqual(['20:job', '20:eval', '21:a']);
    stream.stop();
  });

  it('flags a possible gap when the server no longer has the index it resumes from', async () => {
    const conns = fakeServer();
    const { stream } = subscribe();
    stream.start();
    await flush();
    conns[0]!.write('{}\n' + line(30, ev(30, 'a')));
    conns[0]!.end();
    await vi.advanceTimersByTimeAsync(1_000);
    conns[1]!.write('{}\n' + line(45, ev(45, 'b')));
    await flush();
    expect(stream.status.gap).toEqual({ after: 30, resumedAt: 45 });
    expect(stream.status.gaps).toBe(1);
    stream.stop();
  });

  it('records the first index delivered, which shows when a requested start index was no longer buffered', async () => {
    const conns = fakeServer();
    const { stream, keys } = subscribe({ start: { from: 'index', index: 12 } });
    stream.start();
    await flush();
    conns[0]!.write('{}\n' + line(40, ev(40, 'a')) + line(41, ev(41, 'b')));
    await flush();
    expect(stream.status.firstIndex).toBe(40);
    expect(keys()).toEqual(['40:a', '41:b']);
    stream.stop();
  });

  it('backs off exponentially on server errors and network failures', async () => {
    let calls = 0;
    fakeServer(() => {
      calls++;
      if (calls === 1) return new Response('No cluster leader', { status: 500 });
      if (calls === 2) throw new TypeError('Failed to fetch');
      return 'stream';
    });
    const { stream } = subscribe();
    stream.start();
    await flush();
    expect(stream.status.state).toBe('reconnecting');
    expect(stream.status.reason).toMatch(/No cluster leader/);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    expect(stream.status.reason).toMatch(/Connection lost \(Failed to fetch\)/);
    expect(stream.status.attempt).toBe(2);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(3);
    stream.stop();
  });

  it('starts the backoff over after a short connection that delivered new events, not after one that did not', async () => {
    const conns = fakeServer();
    const { stream } = subscribe();
    stream.start();
    await flush();
    // Heartbeats only, then dropped: no progress, the backoff grows.
    conns[0]!.write('{}\n');
    conns[0]!.end();
    await flush();
    expect(stream.status.attempt).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    conns[1]!.write('{}\n');
    conns[1]!.end();
    await flush();
    expect(stream.status.attempt).toBe(2);
    await vi.advanceTimersByTimeAsync(2_000);
    // New events, then dropped after a moment: healthy enough, back to the first delay.
    conns[2]!.write(line(8, ev(8, 'a')));
    conns[2]!.end();
    await flush();
    expect(stream.status.attempt).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(conns).toHaveLength(4);
    stream.stop();
  });

  it('takes a line cut off by a dropped connection for what it is, not for a server message', async () => {
    const conns = fakeServer();
    const { stream, keys } = subscribe();
    stream.start();
    await flush();
    conns[0]!.write(line(5, ev(5, 'a')) + line(6, ev(6, 'b')).slice(0, 20));
    conns[0]!.end();
    await flush();
    expect(stream.status.serverMessage).toBeUndefined();
    expect(stream.status.reason).toBe('The connection ended in the middle of a line');
    await vi.advanceTimersByTimeAsync(1_000);
    // Garbled and cut: still not prose from the server.
    conns[1]!.writeBytes(new Uint8Array([0xff, 0xfe, 0x22, 0x45, 0x76]));
    conns[1]!.end();
    await flush();
    expect(stream.status.serverMessage).toBeUndefined();
    expect(stream.status.reason).toBe('The connection ended in the middle of a line');
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(conns[2]!.url.searchParams.get('index')).toBe('5');
    conns[2]!.write(line(5, ev(5, 'a')) + line(6, ev(6, 'b')));
    await flush();
    expect(keys()).toEqual(['5:a', '6:b']);
    stream.stop();
  });

  it('closes when the server twice in a row closes at once with no bytes (Nomad 2.x auth failure)', async () => {
    const conns = fakeServer((c) => {
      queueMicrotask(() => c.end());
      return 'stream';
    });
    const { stream } = subscribe({ topics: ['*'] });
    stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(stream.status.state).toBe('closed');
    expect(stream.status.closeKind).toBe('permission');
    expect(stream.status.reason).toMatch(/Probably permission denied/);
    expect(stream.status.reason).toMatch(/management token/);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    // One immediate confirmation, then no more retries.
    expect(conns).toHaveLength(2);
  });

  it('takes a single empty close for a dropped connection and carries on', async () => {
    const conns = fakeServer((c) => {
      if (conns.length === 1) queueMicrotask(() => c.end());
      return 'stream';
    });
    const { stream, keys } = subscribe();
    stream.start();
    await flush();
    expect(conns).toHaveLength(2);
    conns[1]!.write(line(4, ev(4, 'a')));
    await flush();
    expect(keys()).toEqual(['4:a']);
    expect(stream.status.state).toBe('live');
    stream.stop();
  });

  it('re-reads from the last good index after a garbled line, losing and duplicating nothing', async () => {
    const conns = fakeServer();
    const { stream, keys } = subscribe();
    stream.start();
    await flush();
    conns[0]!.write(line(5, ev(5, 'a')) + line(6, ev(6, 'b')));
    conns[0]!.write('\xff\xfe' + line(6, ev(6, 'c')).slice(2) + line(7, ev(7, 'd')));
    await flush();
    expect(conns).toHaveLength(2);
    expect(conns[1]!.url.searchParams.get('index')).toBe('6');
    expect(stream.status).toMatchObject({ malformed: 1, rereads: 1, unrecovered: 0, gaps: 0 });
    conns[1]!.write(line(6, ev(6, 'b')) + line(6, ev(6, 'c')) + line(7, ev(7, 'd')));
    await flush();
    expect(keys()).toEqual(['5:a', '6:b', '6:c', '7:d']);
    stream.stop();
  });

  it('re-reads a bounded number of times when the server keeps sending the same bad line, then skips it and flags a gap', async () => {
    const conns = fakeServer();
    const { stream, keys } = subscribe();
    stream.start();
    await flush();
    for (let i = 0; i <= MAX_REREADS; i++) {
      expect(conns).toHaveLength(i + 1);
      conns[i]!.write(line(5, ev(5, 'a')) + '{"Index":6,\n' + line(7, ev(7, 'b')));
      await flush();
    }
    expect(conns).toHaveLength(MAX_REREADS + 1);
    expect(keys()).toEqual(['5:a', '7:b']);
    expect(stream.status).toMatchObject({
      malformed: MAX_REREADS + 1,
      rereads: MAX_REREADS,
      unrecovered: 1,
      gaps: 1,
    });
    expect(stream.status.gap).toEqual({ after: 5, resumedAt: 7 });
    stream.stop();
  });

  it('names read-job for job topics in the namespace asked for', async () => {
    fakeServer((c) => {
      queueMicrotask(() => c.end());
      return 'stream';
    });
    const { stream } = subscribe({ topics: ['Allocation:web', 'Deployment'], namespace: 'prod' });
    stream.start();
    await flush();
    expect(stream.status.reason).toMatch(/"read-job" capability in namespace "prod"/);
  });

  it('closes on a 403 (Nomad ≤1.11.3) with the capability the topics need, and on a 400 with Nomad’s text', async () => {
    const conns = fakeServer((c) =>
      c.url.searchParams.get('topic') === 'Job:a:b'
        ? new Response('Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: Job:a:b', {
            status: 400,
          })
        : new Response('Permission denied', { status: 403 }),
    );
    const denied = subscribe({ topics: ['Node'] });
    denied.stream.start();
    const bad = subscribe({ topics: ['Job:a:b'] });
    bad.stream.start();
    await flush();
    expect(denied.stream.status).toMatchObject({ state: 'closed', closeKind: 'permission' });
    expect(denied.stream.status.reason).toMatch(/Permission denied: this token lacks the "node:read" capability/);
    expect(bad.stream.status).toMatchObject({ state: 'closed', closeKind: 'rejected' });
    expect(bad.stream.status.reason).toMatch(/Invalid key value pair for topic, topic: Job:a:b/);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(conns).toHaveLength(2);
  });

  it('counts malformed lines without throwing, and keeps a bare-text tail as the close reason', async () => {
    const conns = fakeServer();
    const { stream, keys } = subscribe();
    stream.start();
    await flush();
    conns[0]!.write('{}\n' + line(3, ev(3, 'ok')) + '[1,2]\n');
    conns[0]!.write('subscription closed by server, client should resubscribe');
    conns[0]!.end();
    await flush();
    expect(keys()).toEqual(['3:ok']);
    // Valid JSON that is not a batch is counted, not re-read: reading again gives the same.
    expect(stream.status).toMatchObject({ malformed: 1, rereads: 0 });
    expect(stream.status.lastMalformed).toBe('[1,2]');
    expect(stream.status.serverMessage).toBe('subscription closed by server, client should resubscribe');
    expect(stream.status.state).toBe('reconnecting');
    expect(stream.status.reason).toBe(
      'The server ended the stream: subscription closed by server, client should resubscribe',
    );
    stream.stop();
  });

  it('aborts on stop and leaves no stream open after a StrictMode-style start/stop/start', async () => {
    const conns = fakeServer();
    const first = subscribe();
    first.stream.start();
    first.stream.stop(); // the effect's cleanup, before fetch has even answered
    const second = subscribe();
    second.stream.start();
    await flush();
    expect(conns).toHaveLength(2);
    expect(conns[0]!.signal.aborted).toBe(true);
    expect(conns[1]!.signal.aborted).toBe(false);
    conns[0]!.write('{}\n' + line(1, ev(1, 'ghost')));
    conns[1]!.write('{}\n' + line(1, ev(1, 'real')));
    await flush();
    expect(first.keys()).toEqual([]);
    expect(second.keys()).toEqual(['1:real']);
    expect(first.stream.status).toMatchObject({ state: 'closed', closeKind: 'stopped' });

    second.stream.stop();
    expect(conns[1]!.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(conns).toHaveLength(2); // no watchdog or retry timer survived
  });

  it('retryNow reopens a closed stream at once', async () => {
    let denied = true;
    const conns = fakeServer(() => (denied ? new Response('Permission denied', { status: 403 }) : 'stream'));
    const { stream } = subscribe();
    stream.start();
    await flush();
    expect(stream.status.state).toBe('closed');
    denied = false;
    stream.retryNow();
    await flush();
    conns[1]!.write('{}\n');
    await flush();
    expect(stream.status.state).toBe('live');
    stream.stop();
  });
});
