import { describe, expect, it } from 'vitest';
import type { Timers } from '../events/timers.ts';
import { encodeFrame, FRAME_SIZE, StreamFramer } from './framer.ts';
import { splitFrames } from './frames-testkit.ts';
import type { Sink } from './sink.ts';

function fakeRes() {
  const out: (string | Buffer)[] = [];
  const res: Sink = {
    destroyed: false,
    congested: false,
    write: (chunk) => void out.push(chunk),
    end: () => undefined,
    onDrain: () => undefined,
  };
  return { res, text: () => out.map(String).join(''), out };
}

function tickers() {
  const byMs = new Map<number, Set<() => void>>();
  const timers: Timers = {
    every(ms, fn) {
      const set = byMs.get(ms) ?? new Set();
      byMs.set(ms, set);
      set.add(fn);
      return () => set.delete(fn);
    },
    after: () => () => {},
  };
  return { timers, fire: (ms: number) => [...(byMs.get(ms) ?? [])].forEach((fn) => fn()) };
}

describe('encodeFrame', () => {
  it('writes sorted keys and omits empty fields, like go-msgpack with omitempty', () => {
    expect(encodeFrame({ data: Buffer.from('hello\n'), file: 'alloc/logs/web.stdout.0', offset: 40 })).toBe(
      '{"Data":"aGVsbG8K","File":"alloc/logs/web.stdout.0","Offset":40}',
    );
    expect(encodeFrame({})).toBe('{}');
    expect(encodeFrame({ file: 'a}{"b', event: 'file deleted', offset: 0 })).toBe(
      '{"File":"a}{\\"b","FileEvent":"file deleted"}',
    );
  });
});

describe('StreamFramer', () => {
  it('coalesces sends until the batch ticker and heartbeats on its own ticker', () => {
    const { res, text } = fakeRes();
    const { timers, fire } = tickers();
    const f = new StreamFramer(res, { plain: false, heartbeatMs: 1000, batchMs: 200, timers });
    f.start();
    f.send('x', '', Buffer.from('ab'), 2);
    f.send('x', '', Buffer.from('cd'), 4);
    expect(text()).toBe('');
    fire(200);
    fire(1000);
    expect(text()).toBe(`${encodeFrame({ data: Buffer.from('abcd'), file: 'x', offset: 4 })}{}`);
  });

  it('sends full 64 KiB frames at once, each with its own end offset', () => {
    const { res, text } = fakeRes();
    const { timers, fire } = tickers();
    const f = new StreamFramer(res, { plain: false, heartbeatMs: 1000, batchMs: 200, timers });
    f.start();
    f.send('x', '', Buffer.alloc(FRAME_SIZE * 2 + 5, 97), 10 + FRAME_SIZE * 2 + 5);
    const sizes = () => splitFrames(text()).frames.map((fr) => [Buffer.from(fr.Data!, 'base64').length, fr.Offset]);
    expect(sizes()).toEqual([
      [FRAME_SIZE, 10 + FRAME_SIZE],
      [FRAME_SIZE, 10 + FRAME_SIZE * 2],
    ]);
    fire(200);
    expect(sizes()[2]).toEqual([5, 10 + FRAME_SIZE * 2 + 5]);
  });

  it('flushes on a change of file or event; an event without data goes out at once', () => {
    const { res, text } = fakeRes();
    const { timers } = tickers();
    const f = new StreamFramer(res, { plain: false, heartbeatMs: 1000, batchMs: 200, timers });
    f.send('a', '', Buffer.from('1'), 1);
    f.send('b', '', Buffer.from('2'), 1);
    f.send('b', 'file deleted', Buffer.alloc(0), 1);
    expect(splitFrames(text()).frames).toEqual([
      { Data: 'MQ==', File: 'a', Offset: 1 },
      { Data: 'Mg==', File: 'b', Offset: 1 },
      { File: 'b', FileEvent: 'file deleted', Offset: 1 },
    ]);
  });

  it('in plain mode writes raw bytes and no heartbeats', () => {
    const { res, text } = fakeRes();
    const { timers, fire } = tickers();
    const f = new StreamFramer(res, { plain: true, heartbeatMs: 1000, batchMs: 200, timers });
    f.start();
    f.send('x', '', Buffer.from('raw line\n'), 9);
    fire(1000);
    fire(200);
    f.close();
    expect(text()).toBe('raw line\n');
  });
});
