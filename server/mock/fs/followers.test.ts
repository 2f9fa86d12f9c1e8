import { describe, expect, it } from 'vitest';
import type { Timers } from '../events/timers.ts';
import { fileSize, LogStream, type LogFileMeta } from '../logs/log-stream.ts';
import { logRecord, type RecordStreamSpec } from '../logs/records.ts';
import { followLogs, findStart } from './followers.ts';
import { StreamFramer } from './framer.ts';
import { splitFrames } from './frames-testkit.ts';
import type { Sink } from './sink.ts';

/** Files of the given sizes, as LogStream would list them (one record each is enough here). */
function files(sizes: number[]): LogFileMeta[] {
  return sizes.map((size, index) => ({ index, firstRecord: 0, ends: size === 0 ? [] : [size], modTimeMs: 0 }));
}

function absolute(sizes: number[], pos: number, offset: number): number {
  return sizes.slice(0, pos).reduce((a, b) => a + b, 0) + offset;
}

describe('findStart (Nomad findClosest)', () => {
  it('origin=start skips N bytes across files; origin=end tails N bytes; matches a brute-force model', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      const sizes = Array.from({ length: 1 + rand(5) }, () => (rand(4) === 0 ? 0 : 1 + rand(300)));
      const total = sizes.reduce((a, b) => a + b, 0);
      const n = rand(total + 50);
      const start = findStart(files(sizes), 'start', n);
      expect(absolute(sizes, start.pos, start.offset)).toBe(Math.min(n, total));
      const end = findStart(files(sizes), 'end', n);
      // Nomad quirk: offset 0 from the end means "the start of the newest file".
      const expected = n === 0 ? total - sizes[sizes.length - 1]! : Math.max(0, total - n);
      expect(absolute(sizes, end.pos, end.offset)).toBe(expected);
    }
  });
});

/** A socket the test drains by hand: congested after each write until `drain()`. */
class SlowSink implements Sink {
  readonly out: string[] = [];
  congested = false;
  destroyed = false;
  ended = false;
  private waiting: (() => void)[] = [];
  write(chunk: string | Buffer): void {
    this.out.push(chunk.toString());
    this.congested = true;
  }
  end(): void {
    this.ended = true;
  }
  onDrain(fn: () => void): void {
    this.waiting.push(fn);
  }
  drain(): void {
    this.congested = false;
    const fns = this.waiting.splice(0);
    fns.forEach((fn) => fn());
  }
}

const noTimers: Timers = { every: () => () => {}, after: () => () => {} };
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

function follow(stream: LogStream, origin: 'start' | 'end', offset: number) {
  const sink = new SlowSink();
  const framer = new StreamFramer(sink, { plain: false, heartbeatMs: 1000, batchMs: 200, timers: noTimers });
  const ac = new AbortController();
  const done = followLogs(stream, origin, offset, true, framer, ac.signal, (fn) => sink.onDrain(fn));
  const frames = async () => {
    framer.flush();
    await tick();
    return splitFrames(sink.out.join('')).frames;
  };
  return { sink, ac, done, frames };
}

describe('followLogs when rotation outruns the reader (client/fs_endpoint.go logsImpl)', () => {
  const spec: RecordStreamSpec = { seed: 3, task: 'web', type: 'stdout', startMs: 0, periodMs: 1 };
  const make = () => new LogStream(spec, 11, { rotateBytes: 2048, maxFiles: 3, now: () => 0 });

  it('reads the open file to its end after it is rotated away, then skips to the oldest file left', async () => {
    const s = make();
    s.append(10);
    const f = follow(s, 'start', 0);
    await tick();
    // One frame went out and the socket is congested; meanwhile the writer rotates far ahead.
    s.append(400);
    expect(s.list()[0]!.index).toBeGreaterThan(2);
    for (let i = 0; i < 200 && !f.sink.ended; i++) {
      f.sink.drain();
      await tick();
      const all = await f.frames();
      if (all.some((x) => x.Data && x.File === `alloc/logs/${s.fileName(s.list().at(-1)!.index)}`)) break;
    }
    const frames = (await f.frames()).filter((x) => x.Data);
    const byFile = new Map<string, Buffer>();
    for (const x of frames) {
      byFile.set(x.File!, Buffer.concat([byFile.get(x.File!) ?? Buffer.alloc(0), Buffer.from(x.Data!, 'base64')]));
    }
    const files = [...byFile.keys()].map((p) => Number(p.split('.').pop()));
    // File 0 was open when it was deleted: every one of its bytes still arrived.
    expect(files[0]).toBe(0);
    const file0 = Buffer.concat(Array.from({ length: 10 }, (_, k) => Buffer.from(logRecord(spec, 11, k))));
    expect(byFile.get('alloc/logs/web.stdout.0')!.subarray(0, file0.length).equals(file0)).toBe(true);
    // Then the oldest file still on disk, skipping those rotated away unread; no `file deleted`.
    expect(files[1]).toBe(s.list()[0]!.index);
    expect(frames.some((x) => x.FileEvent === 'file deleted')).toBe(false);
    // Each file after the jump arrives whole and in order.
    for (const meta of s.list()) {
      const got = byFile.get(`alloc/logs/${s.fileName(meta.index)}`);
      if (got) expect(got.equals(s.readFile(meta, 0, fileSize(meta)))).toBe(true);
    }
    f.ac.abort();
    await f.done;
  });

  it('reports a deleted live file, then lists again (the newest left, from 0) like Nomad', async () => {
    const s = make();
    s.append(60);
    const live = s.list().at(-1)!.index;
    const f = follow(s, 'end', 0);
    for (let i = 0; i < 50; i++) {
      f.sink.drain();
      await tick();
    }
    s.delete(live);
    for (let i = 0; i < 50; i++) {
      f.sink.drain();
      await tick();
    }
    const frames = await f.frames();
    const del = frames.findIndex((x) => x.FileEvent === 'file deleted');
    expect(frames[del]!.File).toBe(`alloc/logs/${s.fileName(live)}`);
    const after = frames.slice(del + 1).find((x) => x.Data);
    expect(after?.File).toBe(`alloc/logs/${s.fileName(live - 1)}`);
    expect(after!.Offset).toBe(Buffer.from(after!.Data!, 'base64').length);
    f.ac.abort();
    await f.done;
  });
});
