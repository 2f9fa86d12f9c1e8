import { describe, expect, it } from 'vitest';
import { chartSpan, peak, StatsSeries } from './stats-series.ts';

describe('StatsSeries', () => {
  it('keeps the newest samples up to its capacity, oldest first', () => {
    const s = new StatsSeries(3);
    for (let i = 1; i <= 5; i++) expect(s.push({ t: i * 1000, values: { cpu: i * 10 } })).toBe(true);
    expect(s.size).toBe(3);
    expect(s.points('cpu')).toEqual([
      { t: 3000, v: 30 },
      { t: 4000, v: 40 },
      { t: 5000, v: 50 },
    ]);
    expect(s.latest()?.values.cpu).toBe(50);
  });

  it('ignores a repeated or out-of-order snapshot', () => {
    const s = new StatsSeries(10);
    s.push({ t: 2000, values: { cpu: 1 } });
    expect(s.push({ t: 2000, values: { cpu: 2 } })).toBe(false);
    expect(s.push({ t: 1000, values: { cpu: 3 } })).toBe(false);
    expect(s.push({ t: Number.NaN, values: { cpu: 3 } })).toBe(false);
    expect(s.points('cpu')).toEqual([{ t: 2000, v: 1 }]);
  });

  it('skips samples that lack a key or hold a non-finite value', () => {
    const s = new StatsSeries(10);
    s.push({ t: 1, values: { cpu: 1, mem: 5 } });
    s.push({ t: 2, values: { cpu: 2 } });
    s.push({ t: 3, values: { cpu: Number.POSITIVE_INFINITY, mem: 7 } });
    expect(s.points('mem').map((p) => p.v)).toEqual([5, 7]);
    expect(s.points('cpu').map((p) => p.v)).toEqual([1, 2]);
  });

  it('turns a cumulative counter into a per-second rate and skips resets', () => {
    const s = new StatsSeries(10);
    s.push({ t: 0, values: { throttled: 0 } });
    s.push({ t: 2000, values: { throttled: 1000 } }); // 500/s
    s.push({ t: 3000, values: { throttled: 1000 } }); // 0/s
    s.push({ t: 4000, values: { throttled: 100 } }); // reset: no point
    s.push({ t: 4500, values: { throttled: 300 } }); // 400/s
    expect(s.rate('throttled')).toEqual([
      { t: 2000, v: 500 },
      { t: 3000, v: 0 },
      { t: 4500, v: 400 },
    ]);
  });

  it('is empty after clear, and accepts older timestamps again', () => {
    const s = new StatsSeries(4);
    s.push({ t: 5000, values: { a: 1 } });
    s.clear();
    expect(s.size).toBe(0);
    expect(s.push({ t: 1000, values: { a: 1 } })).toBe(true);
  });
});

describe('peak', () => {
  it('returns the largest value or the fallback', () => {
    expect(peak([], 100)).toBe(100);
    expect(
      peak(
        [
          { t: 1, v: 3 },
          { t: 2, v: 9 },
        ],
        1,
      ),
    ).toBe(9);
  });
});

describe('StatsSeries.from', () => {
  it('rebuilds a series from stored samples within the capacity', () => {
    const samples = [1, 2, 3, 4].map((i) => ({ t: i, values: { v: i } }));
    const s = StatsSeries.from(samples, 3);
    expect(s.toArray().map((x) => x.t)).toEqual([2, 3, 4]);
    expect(s.toArray()).not.toBe(samples);
  });
});

describe('chartSpan', () => {
  const at = (...ts: number[]) => ts.map((t) => ({ t, values: {} }));
  it('is the data span, clamped to the window', () => {
    expect(chartSpan([], 30_000, 120_000)).toBe(30_000);
    expect(chartSpan(at(0, 6_000), 30_000, 120_000)).toBe(30_000);
    expect(chartSpan(at(0, 60_000), 30_000, 120_000)).toBe(60_000);
    expect(chartSpan(at(0, 300_000), 30_000, 120_000)).toBe(120_000);
  });
});
