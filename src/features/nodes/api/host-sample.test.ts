import { describe, expect, it } from 'vitest';
import type { HostStats } from '@/lib/nomad/types.ts';
import { hostSample } from './node-queries.ts';

describe('hostSample', () => {
  it('keeps per-core CPU, their mean, used memory and disk use per mount point', () => {
    const stats = {
      Timestamp: 5_000_000_000,
      CPU: [
        { CPU: 'cpu0', TotalPercent: 10, Idle: 90, System: 5, User: 5, TotalTicks: 0 },
        { CPU: 'cpu1', TotalPercent: 30, Idle: 70, System: 5, User: 25, TotalTicks: 0 },
      ],
      Memory: { Total: 100, Used: 40, Free: 60, Available: 60 },
      DiskStats: [
        { Mountpoint: '/', UsedPercent: 55, Device: 'sda1', Size: 1, Used: 1, Available: 1, InodesUsedPercent: 1 },
      ],
    } as HostStats;
    expect(hostSample(stats)).toEqual({
      t: 5000,
      values: { 'cpu:cpu0': 10, 'cpu:cpu1': 30, cpu: 20, mem: 40, 'disk:/': 55 },
    });
  });

  it('copes with nulls Nomad may send', () => {
    expect(hostSample({ Timestamp: 1_000_000, CPU: null, Memory: null, DiskStats: null } as HostStats)).toEqual({
      t: 1,
      values: {},
    });
  });
});
