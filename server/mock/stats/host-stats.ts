/**
 * Simulated `HostStats` (client/hoststats: `GET /v1/client/stats?node_id=`): per-core CPU,
 * memory and disks of a client node. The load follows the allocations running on the node
 * (their simulated CPU and RSS) on top of the operating system's own, so stopping or
 * placing allocations shows up on the host charts.
 */
import { unixNano } from '../../http/go-time.ts';
import type { AllocationWire, NodeRecord } from '../wire.ts';
import { allocStats, MHZ_PER_CORE } from './alloc-stats.ts';
import { clamp, hash01, smoothNoise } from './noise.ts';

const MB = 1024 * 1024;

export interface HostCpuWire {
  CPU: string;
  Idle: number;
  System: number;
  TotalPercent: number;
  TotalTicks: number;
  User: number;
}

export interface HostDiskWire {
  Available: number;
  Device: string;
  InodesUsedPercent: number;
  Mountpoint: string;
  Size: number;
  Used: number;
  UsedPercent: number;
}

export interface HostStatsWire {
  AllocDirStats: HostDiskWire;
  CPU: HostCpuWire[];
  CPUTicksConsumed: number;
  DeviceStats: unknown[];
  DiskStats: HostDiskWire[];
  Memory: { Available: number; Free: number; Total: number; Used: number };
  Timestamp: number;
  Uptime: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function disk(key: string, device: string, mountpoint: string, sizeBytes: number, baseUsed: number, t: number) {
  // Slowly filling (logs, images), with a little churn.
  const usedFraction = clamp(baseUsed + 0.02 * smoothNoise(`${key}/disk`, t, 300), 0.01, 0.98);
  const used = Math.round(sizeBytes * usedFraction);
  return {
    Available: sizeBytes - used,
    Device: device,
    InodesUsedPercent: round2(usedFraction * 18 + 1),
    Mountpoint: mountpoint,
    Size: sizeBytes,
    Used: used,
    UsedPercent: round2(usedFraction * 100),
  };
}

function registeredMs(node: NodeRecord, nowMs: number): number {
  const first = node.Events?.[0]?.Timestamp;
  const ms = first ? Date.parse(first) : NaN;
  return Number.isFinite(ms) ? ms : nowMs - 86_400_000;
}

export function hostStats(node: NodeRecord, allocsOnNode: readonly AllocationWire[], nowMs: number): HostStatsWire {
  const t = Math.floor(nowMs / 1000);
  const cores = node.NodeResources.Cpu.TotalCpuCores || 1;
  const mhz = Number(node.Attributes?.['cpu.frequency']) || MHZ_PER_CORE;
  const totalMem = node.NodeResources.Memory.MemoryMB * MB;

  let allocTicks = 0;
  let allocRss = 0;
  let reservedMhz = 0;
  let reservedBytes = 0;
  for (const alloc of allocsOnNode) {
    if (alloc.ClientStatus !== 'running') continue;
    const usage = allocStats(alloc, nowMs).ResourceUsage;
    allocTicks += usage.CpuStats.TotalTicks;
    allocRss += usage.MemoryStats.RSS;
    for (const task of Object.values(alloc.AllocatedResources.Tasks)) {
      reservedMhz += task.Cpu.CpuShares;
      reservedBytes += task.Memory.MemoryMB * MB;
    }
  }

  // The OS and the Nomad agent itself take 3–8% of the machine; the allocations share the
  // rest in proportion to what they use of their reservations (scaled down when the
  // mock's seed placed more than the node could really hold).
  const osShare = 0.03 + 0.05 * smoothNoise(`${node.ID}/os`, t, 30);
  const allocShare = allocTicks / Math.max(cores * mhz, reservedMhz);
  const busyShare = clamp(osShare + allocShare * (0.95 - osShare), 0, 0.99);
  const weights = Array.from({ length: cores }, (_, i) => 0.5 + hash01(`${node.ID}/core${i}`, Math.floor(t / 5)));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const cpu: HostCpuWire[] = weights.map((w, i) => {
    const total = clamp((busyShare * cores * w) / weightSum, 0.002, 1) * 100;
    return {
      CPU: `cpu${i}`,
      Idle: round2(100 - total),
      System: round2(total * 0.27),
      TotalPercent: round2(total),
      TotalTicks: round2((total / 100) * mhz),
      User: round2(total * 0.73),
    };
  });

  const osMem = (900 + 300 * smoothNoise(`${node.ID}/osmem`, t, 60)) * MB;
  const allocMem = allocRss * Math.min(1, totalMem / Math.max(1, reservedBytes));
  const used = Math.round(Math.min(totalMem * 0.97, osMem + allocMem));
  const available = totalMem - used;
  const diskSize = (node.NodeResources.Disk.DiskMB + node.ReservedResources.Disk.DiskMB) * MB;
  const root = disk(`${node.ID}/root`, '/dev/nvme0n1p1', '/', 40 * 1024 * MB, 0.34, t);
  const data = disk(`${node.ID}/data`, '/dev/nvme1n1', '/opt/nomad/data', diskSize, 0.21 + 0.2 * hash01(node.ID), t);
  return {
    AllocDirStats: data,
    CPU: cpu,
    CPUTicksConsumed: round2(cpu.reduce((sum, c) => sum + c.TotalTicks, 0)),
    DeviceStats: [],
    DiskStats: [root, data],
    Memory: { Available: available, Free: Math.round(available * 0.55), Total: totalMem, Used: used },
    Timestamp: unixNano(t * 1000),
    Uptime: Math.max(0, Math.floor((nowMs - registeredMs(node, nowMs)) / 1000)),
  };
}
