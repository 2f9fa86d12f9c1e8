import { describe, expect, it } from 'vitest';
import type { LogFileMeta } from '../logs/log-stream.ts';
import { findStart } from './followers.ts';

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
