import { describe, expect, it } from 'vitest';
import { taskUsage, type TaskLimits } from './alloc-stats.ts';
import { hash01, smoothNoise } from './noise.ts';

const limits: TaskLimits = { cpuMhz: 500, memoryMB: 256, memoryMaxMB: 256, driver: 'docker' };
const T0 = 1_763_726_400;

describe('simulated task usage', () => {
  it('is deterministic per key and second', () => {
    expect(taskUsage('a/web', limits, T0, T0 - 60)).toEqual(taskUsage('a/web', limits, T0, T0 - 60));
    expect(taskUsage('a/web', limits, T0, T0 - 60)).not.toEqual(taskUsage('b/web', limits, T0, T0 - 60));
  });

  it('stays within plausible bounds over an hour, with memory spikes towards the limit for some tasks', () => {
    let spiked = 0;
    for (let k = 0; k < 40; k++) {
      let max = 0;
      for (let t = T0; t < T0 + 3600; t += 5) {
        const u = taskUsage(`alloc-${k}/web`, limits, t, T0);
        expect(u.CpuStats.TotalTicks).toBeGreaterThan(0);
        expect(u.CpuStats.TotalTicks).toBeLessThanOrEqual(limits.cpuMhz * 1.4);
        expect(u.MemoryStats.RSS).toBeLessThanOrEqual(limits.memoryMaxMB * 1024 * 1024);
        expect(u.MemoryStats.Usage).toBe(u.MemoryStats.RSS + u.MemoryStats.Cache);
        max = Math.max(max, u.MemoryStats.RSS / (limits.memoryMB * 1024 * 1024));
      }
      if (max > 0.88) spiked++;
    }
    expect(spiked).toBeGreaterThan(5);
    expect(spiked).toBeLessThan(40);
  });

  it('only ever grows the throttling counters', () => {
    let last = -1;
    const key = [...Array(50).keys()].map((i) => `t${i}/app`).find((k) => hash01(k, -2) < 0.35)!;
    for (let t = T0; t < T0 + 600; t += 13) {
      const periods = taskUsage(key, limits, t, T0).CpuStats.ThrottledPeriods;
      expect(periods).toBeGreaterThanOrEqual(last);
      last = periods;
    }
    expect(last).toBeGreaterThan(0);
  });

  it('reports only what the driver measures', () => {
    const docker = taskUsage('x/web', limits, T0, T0);
    expect(docker.CpuStats.Measured).toEqual(['Throttled Periods', 'Throttled Time', 'Percent']);
    expect(docker.CpuStats.UserMode).toBe(0);
    const exec = taskUsage('x/web', { ...limits, driver: 'exec' }, T0, T0);
    expect(exec.MemoryStats.Measured).toContain('Kernel Usage');
    expect(exec.CpuStats.UserMode).toBeGreaterThan(0);
  });

  it('smooth noise moves gradually', () => {
    for (let t = 0; t < 200; t++) {
      expect(Math.abs(smoothNoise('k', t + 1, 20) - smoothNoise('k', t, 20))).toBeLessThan(0.2);
    }
  });
});
