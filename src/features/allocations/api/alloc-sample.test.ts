import { describe, expect, it } from 'vitest';
import type { AllocResourceUsage, ResourceUsage } from '@/lib/nomad/types.ts';
import { StatsSeries } from '@/lib/stats-series.ts';
import { allocSample } from './alloc-queries.ts';

const usage = (mhz: number, bytes: number): ResourceUsage =>
  ({
    CpuStats: {
      TotalTicks: mhz,
      Percent: 0,
      Measured: null,
      SystemMode: 0,
      UserMode: 0,
      ThrottledPeriods: 0,
      ThrottledTime: 0,
    },
    MemoryStats: { Usage: bytes, RSS: bytes / 2 },
    DeviceStats: null,
  }) as unknown as ResourceUsage;

const answer = (tsNanos: number, web: number, sidecar: number): AllocResourceUsage => ({
  Timestamp: tsNanos,
  ResourceUsage: usage(web + sidecar, (web + sidecar) * 1000),
  Tasks: {
    web: { Pids: null, ResourceUsage: usage(web, web * 1000), Timestamp: tsNanos },
    sidecar: { Pids: null, ResourceUsage: usage(sidecar, sidecar * 1000), Timestamp: tsNanos },
  },
});

describe('allocSample', () => {
  it('flattens totals and tasks, stamped in ms from the agent timestamp', () => {
    expect(allocSample(answer(2_000_000_000, 100, 20))).toEqual({
      t: 2000,
      values: { cpu: 120, mem: 120_000, 'cpu:web': 100, 'mem:web': 100_000, 'cpu:sidecar': 20, 'mem:sidecar': 20_000 },
    });
  });

  it('falls back to RSS when Usage is 0, and keeps nothing without a timestamp', () => {
    const a = answer(1_000_000, 10, 0);
    a.ResourceUsage!.MemoryStats!.Usage = 0;
    expect(allocSample(a)?.values.mem).toBe(5_000);
    expect(allocSample({ ...a, Timestamp: 0 })).toBeUndefined();
  });

  it('feeds a series that ignores a repeated snapshot', () => {
    const s = new StatsSeries(10);
    s.push(allocSample(answer(1_000_000_000, 50, 5))!);
    expect(s.push(allocSample(answer(1_000_000_000, 60, 5))!)).toBe(false);
    s.push(allocSample(answer(4_000_000_000, 70, 5))!);
    expect(s.points('cpu:web')).toEqual([
      { t: 1000, v: 50 },
      { t: 4000, v: 70 },
    ]);
  });
});
