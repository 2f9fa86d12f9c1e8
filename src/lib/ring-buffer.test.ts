import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps items in order below capacity', () => {
    const r = new RingBuffer<number>(4);
    [1, 2, 3].forEach((n) => r.push(n));
    expect(r.toArray()).toEqual([1, 2, 3]);
    expect(r.size).toBe(3);
    expect(r.dropped).toBe(0);
    expect(r.last()).toBe(3);
  });

  it('overwrites the oldest past capacity and counts what it dropped', () => {
    const r = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i++) r.push(i);
    expect(r.toArray()).toEqual([8, 9, 10]);
    expect(r.dropped).toBe(7);
    expect([r.get(0), r.get(2), r.get(3), r.get(-1)]).toEqual([8, 10, undefined, undefined]);
  });

  it('resizes keeping the newest items', () => {
    const r = new RingBuffer<number>(5);
    for (let i = 1; i <= 7; i++) r.push(i);
    r.resize(2);
    expect(r.toArray()).toEqual([6, 7]);
    expect(r.dropped).toBe(5);
    r.resize(4);
    r.push(8);
    r.push(9);
    r.push(10);
    expect(r.toArray()).toEqual([7, 8, 9, 10]);
  });

  it('clears', () => {
    const r = new RingBuffer<string>(2);
    r.push('a');
    r.push('b');
    r.push('c');
    r.clear();
    expect([r.size, r.dropped, r.toArray()]).toEqual([0, 0, []]);
  });

  it('rejects a non-positive capacity', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
