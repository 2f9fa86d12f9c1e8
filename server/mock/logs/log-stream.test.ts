import { describe, expect, it } from 'vitest';
import { fileSize, LogStream, type LogStreamEvent } from './log-stream.ts';
import { logRecord, type RecordStreamSpec } from './records.ts';

const spec: RecordStreamSpec = { seed: 1, task: 'web', type: 'stdout', startMs: Date.UTC(2025, 0, 1), periodMs: 250 };

function make(rotateBytes = 4096, maxFiles = 10): LogStream {
  return new LogStream(spec, 42, { rotateBytes, maxFiles, now: () => Date.UTC(2025, 0, 2) });
}

function allBytes(s: LogStream): Buffer {
  return Buffer.concat(s.list().map((f) => s.read(f.index, 0, fileSize(f))));
}

function records(from: number, to: number): Buffer {
  const parts: Buffer[] = [];
  for (let k = from; k < to; k++) parts.push(Buffer.from(logRecord(spec, 42, k), 'utf8'));
  return Buffer.concat(parts);
}

describe('log records', () => {
  it('are a pure function of the stream seed and index, and end with a newline', () => {
    for (let k = 0; k < 500; k++) {
      const text = logRecord(spec, 42, k);
      expect(text).toBe(logRecord(spec, 42, k));
      expect(text.endsWith('\n')).toBe(true);
    }
    expect(logRecord(spec, 42, 7)).not.toBe(logRecord(spec, 43, 7));
  });

  it('mix ANSI colours, JSON lines, multi-byte UTF-8, and stack traces on stderr', () => {
    const out = Array.from({ length: 3000 }, (_, k) => logRecord(spec, 9, k)).join('');
    expect(out.includes('\x1b[38;5;208m') || out.includes('\x1b[38;2;255;105;180m')).toBe(true);
    expect(out).toMatch(/^\{"latency_ms":/m);
    expect(out).toMatch(/[\u4e00-\u9fff]/);
    expect(out).toMatch(/\p{Extended_Pictographic}/u);
    const err = Array.from({ length: 500 }, (_, k) => logRecord({ ...spec, type: 'stderr' }, 9, k)).join('');
    expect(err).toMatch(/WARN/);
    expect(err).toMatch(/goroutine 42 \[running\]|Traceback|java\.lang\./);
  });

  it('include an occasional line of over 100 KB', () => {
    const long = Array.from({ length: 6000 }, (_, k) => logRecord(spec, 5, k)).filter((r) => r.length > 100_000);
    expect(long.length).toBeGreaterThan(0);
  });
});

describe('LogStream', () => {
  it('rotates before a record would pass the size limit, keeping every byte in order', () => {
    const s = make(4096);
    s.append(400);
    const files = s.list();
    expect(files.length).toBeGreaterThan(3);
    expect(files.map((f) => f.index)).toEqual(files.map((_, i) => i));
    for (const f of files.slice(0, -1)) expect(fileSize(f)).toBeLessThanOrEqual(4096 + 110_000);
    expect(allBytes(s).equals(records(0, 400))).toBe(true);
  });

  it('reads any window of a file, including ones that start and end mid-record', () => {
    const s = make(1 << 20);
    s.append(200);
    const whole = records(0, 200);
    for (const [o, l] of [
      [0, 1],
      [3, 17],
      [1000, 5000],
      [whole.length - 5, 100],
    ] as const) {
      expect(s.read(0, o, l).equals(whole.subarray(o, o + l))).toBe(true);
    }
    expect(s.read(0, whole.length + 10, 10).length).toBe(0);
  });

  it('deletes the oldest files beyond maxFiles, so memory stays bounded', () => {
    const s = make(2048, 3);
    const events: LogStreamEvent[] = [];
    s.subscribe((e) => events.push(e));
    s.append(2000);
    expect(s.list().length).toBe(3);
    expect(events.some((e) => e.kind === 'delete' && e.index === 0)).toBe(true);
    const last = s.list()[2]!;
    expect(last.index).toBeGreaterThan(10);
  });

  it('truncation empties a file in place and the writer continues at offset 0', () => {
    const s = make(1 << 20);
    s.append(50);
    expect(s.truncate(0)).toBe(true);
    expect(fileSize(s.get(0)!)).toBe(0);
    s.append(3);
    expect(s.read(0, 0, 1 << 20).equals(records(50, 53))).toBe(true);
  });

  it('after the live file is deleted the next write opens the following index', () => {
    const s = make(1 << 20);
    s.append(10);
    expect(s.delete(0)).toBe(true);
    expect(s.list()).toEqual([]);
    s.append(2);
    expect(s.list().map((f) => f.index)).toEqual([1]);
    expect(s.read(1, 0, 1 << 20).equals(records(10, 12))).toBe(true);
  });
});
