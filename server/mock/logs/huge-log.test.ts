import { describe, expect, it } from 'vitest';
import { findStart } from '../fs/followers.ts';
import { HUGE_LINE, hugeLine, hugeReader } from './huge-log.ts';
import { fileSize, LogStream } from './log-stream.ts';
import type { RecordStreamSpec } from './records.ts';

const spec: RecordStreamSpec = { seed: 1, task: 'web', type: 'stdout', startMs: 0, periodMs: 10 };

describe('huge log history', () => {
  it('has fixed-width lines, and any window reads the same bytes as the whole file', () => {
    for (let g = 0; g < 300; g++) expect(Buffer.byteLength(hugeLine(5, g, 0), 'latin1')).toBe(HUGE_LINE);
    const read = hugeReader(5, 0, HUGE_LINE * 50, 1000);
    const whole = read(2, 0, HUGE_LINE * 50);
    expect(whole.toString('latin1').split('\n')[0]).toBe(hugeLine(5, 1100, 0).slice(0, -1));
    for (const [o, l] of [
      [0, 1],
      [127, 2],
      [300, 1000],
      [HUGE_LINE * 50 - 5, 100],
    ] as const) {
      expect(read(2, o, l).equals(whole.subarray(o, o + l))).toBe(true);
    }
  });

  it('rotates into a LogStream as whole files kept beyond MaxFiles, and writing continues after them', () => {
    const s = new LogStream(spec, 3, { rotateBytes: 4096, maxFiles: 3, now: () => 0 });
    s.append(20);
    const before = s.list().map((f) => f.index);
    const each = HUGE_LINE * 1000;
    s.appendFixed(40, each, hugeReader(9, 0, each));
    s.append(5);
    const files = s.list();
    expect(files.length).toBe(before.length + 41);
    expect(files.map((f) => f.index)).toEqual(files.map((_, i) => before[0]! + i));
    const fixed = files.filter((f) => f.fixed);
    expect(fixed.length).toBe(40);
    expect(fixed.every((f) => fileSize(f) === each)).toBe(true);
    // Tailing 3 lines across the boundary: the last 2 lines of the history, then the live file.
    const live = files.at(-1)!;
    const tail = findStart(files, 'end', fileSize(live) + 2 * HUGE_LINE);
    expect(files[tail.pos]).toBe(fixed.at(-1));
    expect(s.readFile(files[tail.pos]!, tail.offset, HUGE_LINE).toString('latin1')).toBe(hugeLine(9, 40 * 1000 - 2, 0));
    expect(s.read(live.index, 0, 10).length).toBe(10);
  });
});
