/**
 * Simulated `AllocResourceUsage` (client/structs: `GET /v1/client/allocation/:id/stats`).
 *
 * Each running task gets CPU and memory that drift around a per-task baseline, with
 * occasional memory spikes towards its limit and cumulative throttling counters. Values
 * change once per second, like the client's stats collection interval, so polling faster
 * returns the same sample (same `Timestamp`). Tasks that are not running report nothing,
 * as `TaskRunner.LatestResourceUsage` does, and the alloc-level sum covers running tasks only.
 */
import { unixNano } from '../../http/go-time.ts';
import type { AllocationWire, TaskStateWire } from '../wire.ts';
import { clamp, hash01, smoothNoise } from './noise.ts';

export const MHZ_PER_CORE = 2900;
const MB = 1024 * 1024;

export interface CpuStatsWire {
  Measured: string[] | null;
  Percent: number;
  SystemMode: number;
  ThrottledPeriods: number;
  ThrottledTime: number;
  TotalTicks: number;
  UserMode: number;
}

export interface MemoryStatsWire {
  Cache: number;
  KernelMaxUsage: number;
  KernelUsage: number;
  MappedFile: number;
  MaxUsage: number;
  Measured: string[] | null;
  RSS: number;
  Swap: number;
  Usage: number;
}

export interface ResourceUsageWire {
  CpuStats: CpuStatsWire;
  DeviceStats: unknown[] | null;
  MemoryStats: MemoryStatsWire;
}

export interface TaskResourceUsageWire {
  Pids: null;
  ResourceUsage: ResourceUsageWire;
  Timestamp: number;
}

export interface AllocResourceUsageWire {
  ResourceUsage: ResourceUsageWire;
  Tasks: Record<string, TaskResourceUsageWire>;
  Timestamp: number;
}

/** What each driver's stats collector fills in (drivers/docker/stats.go, executor). */
const MEASURED: Record<string, { mem: string[]; cpu: string[] }> = {
  docker: {
    mem: ['RSS', 'Cache', 'Swap', 'Usage', 'Max Usage'],
    cpu: ['Throttled Periods', 'Throttled Time', 'Percent'],
  },
  raw_exec: { mem: ['RSS', 'Swap'], cpu: ['System Mode', 'User Mode', 'Percent'] },
  cgroups: {
    mem: ['RSS', 'Cache', 'Swap', 'Usage', 'Max Usage', 'Kernel Usage', 'Kernel Max Usage'],
    cpu: ['System Mode', 'User Mode', 'Throttled Periods', 'Throttled Time', 'Percent'],
  },
};

function emptyUsage(deviceStats: unknown[] | null): ResourceUsageWire {
  return {
    CpuStats: {
      Measured: null,
      Percent: 0,
      SystemMode: 0,
      ThrottledPeriods: 0,
      ThrottledTime: 0,
      TotalTicks: 0,
      UserMode: 0,
    },
    DeviceStats: deviceStats,
    MemoryStats: {
      Cache: 0,
      KernelMaxUsage: 0,
      KernelUsage: 0,
      MappedFile: 0,
      MaxUsage: 0,
      Measured: null,
      RSS: 0,
      Swap: 0,
      Usage: 0,
    },
  };
}

export interface TaskLimits {
  cpuMhz: number;
  memoryMB: number;
  memoryMaxMB: number;
  driver: string;
}

function limitsOf(alloc: AllocationWire, task: string): TaskLimits {
  const res = alloc.AllocatedResources.Tasks[task];
  const driver =
    alloc.Job.TaskGroups?.find((g) => g.Name === alloc.TaskGroup)?.Tasks.find((t) => t.Name === task)?.Driver ??
    'docker';
  const memoryMB = res?.Memory.MemoryMB ?? 256;
  return {
    cpuMhz: res?.Cpu.CpuShares ?? 100,
    memoryMB,
    memoryMaxMB: Math.max(memoryMB, res?.Memory.MemoryMaxMB ?? 0),
    driver,
  };
}

function startedSec(state: TaskStateWire, fallbackSec: number): number {
  const ms = state.StartedAt ? Date.parse(state.StartedAt) : NaN;
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : fallbackSec;
}

/** Usage of one running task at second `t` (Unix seconds). */
export function taskUsage(key: string, limits: TaskLimits, t: number, startSec: number): ResourceUsageWire {
  const measured = MEASURED[limits.driver] ?? MEASURED.cgroups!;
  const has = (list: string[], name: string) => list.includes(name);

  // CPU: a per-task baseline between 10% and 70% of the reservation, slow drift, jitter.
  const cpuBase = 0.1 + 0.6 * hash01(key, -1);
  const drift = 0.55 + 0.9 * smoothNoise(`${key}/cpu`, t, 20);
  const jitter = 0.9 + 0.2 * hash01(`${key}/cpu-j`, t);
  const utilisation = clamp(cpuBase * drift * jitter, 0.005, 1.4);
  const ticks = utilisation * limits.cpuMhz;
  const percent = (ticks / MHZ_PER_CORE) * 100;
  const up = Math.max(0, t - startSec);
  // About a third of tasks hit their CPU limit now and then: throttling only grows.
  const throttles = hash01(key, -2) < 0.35 ? Math.floor(up / 7) : 0;

  // Memory: baseline 25–65% of the limit, with spikes towards it now and then.
  const memBase = 0.25 + 0.4 * hash01(key, -3);
  let rssFraction = memBase * (0.92 + 0.16 * smoothNoise(`${key}/mem`, t, 45));
  const slot = Math.floor(t / 120);
  // About 40% of tasks are spiky: a quarter of their two-minute windows start with a spike.
  const inSpike = hash01(key, -5) < 0.4 && hash01(`${key}/spike`, slot) < 0.25 && t % 120 < 18;
  if (inSpike) rssFraction = 0.9 + 0.08 * hash01(`${key}/spike-h`, slot);
  const limitBytes = limits.memoryMB * MB;
  const rss = Math.round(Math.min(rssFraction * limitBytes, limits.memoryMaxMB * MB));
  const cache = Math.round(rss * (0.08 + 0.06 * hash01(key, -4)));
  const usage = rss + cache;
  const maxUsage = Math.max(usage, Math.round(Math.min(0.99, memBase + 0.3) * limitBytes));
  const kernel = Math.round(2.5 * MB + rss * 0.01);

  const round2 = (n: number) => Math.round(n * 100) / 100;
  const memOr0 = (name: string, v: number) => (has(measured.mem, name) ? v : 0);
  const cpuOr0 = (name: string, v: number) => (has(measured.cpu, name) ? v : 0);
  return {
    CpuStats: {
      Measured: [...measured.cpu],
      Percent: round2(percent),
      SystemMode: cpuOr0('System Mode', round2(percent * 0.22)),
      ThrottledPeriods: cpuOr0('Throttled Periods', throttles),
      ThrottledTime: cpuOr0('Throttled Time', throttles * 3_200_000),
      TotalTicks: round2(ticks),
      UserMode: cpuOr0('User Mode', round2(percent * 0.78)),
    },
    DeviceStats: null,
    MemoryStats: {
      Cache: memOr0('Cache', cache),
      KernelMaxUsage: memOr0('Kernel Max Usage', kernel + 4 * MB),
      KernelUsage: memOr0('Kernel Usage', kernel),
      MappedFile: 0,
      MaxUsage: memOr0('Max Usage', maxUsage),
      Measured: [...measured.mem],
      RSS: rss,
      Swap: 0,
      Usage: memOr0('Usage', usage),
    },
  };
}

/** `ResourceUsage.Add`: sums every counter and joins the Measured lists. */
function addUsage(into: ResourceUsageWire, u: ResourceUsageWire): void {
  const c = into.CpuStats;
  const m = into.MemoryStats;
  c.Percent += u.CpuStats.Percent;
  c.SystemMode += u.CpuStats.SystemMode;
  c.UserMode += u.CpuStats.UserMode;
  c.TotalTicks += u.CpuStats.TotalTicks;
  c.ThrottledPeriods += u.CpuStats.ThrottledPeriods;
  c.ThrottledTime += u.CpuStats.ThrottledTime;
  c.Measured = join(c.Measured, u.CpuStats.Measured);
  for (const k of [
    'Cache',
    'KernelMaxUsage',
    'KernelUsage',
    'MappedFile',
    'MaxUsage',
    'RSS',
    'Swap',
    'Usage',
  ] as const) {
    m[k] += u.MemoryStats[k];
  }
  m.Measured = join(m.Measured, u.MemoryStats.Measured);
}

function join(a: string[] | null, b: string[] | null): string[] | null {
  if (!b) return a;
  const out = [...(a ?? [])];
  for (const s of b) if (!out.includes(s)) out.push(s);
  return out;
}

/** `allocRunner.LatestAllocStats(taskFilter)` at time `nowMs`. */
export function allocStats(alloc: AllocationWire, nowMs: number, taskFilter = ''): AllocResourceUsageWire {
  const t = Math.floor(nowMs / 1000);
  const out: AllocResourceUsageWire = { ResourceUsage: emptyUsage([]), Tasks: {}, Timestamp: 0 };
  const createdSec = Math.floor(alloc.CreateTime / 1e9);
  for (const [name, state] of Object.entries(alloc.TaskStates ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (taskFilter !== '' && taskFilter !== name) continue;
    if (state.State !== 'running') continue;
    const usage = taskUsage(`${alloc.ID}/${name}`, limitsOf(alloc, name), t, startedSec(state, createdSec));
    const timestamp = unixNano(t * 1000);
    out.Tasks[name] = { Pids: null, ResourceUsage: usage, Timestamp: timestamp };
    addUsage(out.ResourceUsage, usage);
    out.Timestamp = Math.max(out.Timestamp, timestamp);
  }
  const cpu = out.ResourceUsage.CpuStats;
  for (const k of ['Percent', 'SystemMode', 'UserMode', 'TotalTicks'] as const) cpu[k] = Math.round(cpu[k] * 100) / 100;
  return out;
}
