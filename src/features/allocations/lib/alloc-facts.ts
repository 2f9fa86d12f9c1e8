/** Small derivations from an allocation for the allocation page. */
import type { Allocation, TaskEvent, TaskState } from '@/lib/nomad/types.ts';

export const SIGNALS = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGUSR1', 'SIGUSR2', 'SIGKILL'] as const;

export interface TaskRow {
  name: string;
  state: TaskState | undefined;
  lastEvent: TaskEvent | undefined;
  /** Reserved CPU in MHz and memory in MB (max MB when oversubscription is on). */
  cpu: number | undefined;
  memoryMB: number | undefined;
  memoryMaxMB: number | undefined;
  driver: string | undefined;
}

/** Every task of the allocation's group, in job order, with its state and reservation. */
export function taskRows(alloc: Allocation): TaskRow[] {
  const group = alloc.Job?.TaskGroups?.find((g) => g.Name === alloc.TaskGroup);
  const names = new Set<string>([
    ...(group?.Tasks ?? []).map((t) => t.Name),
    ...Object.keys(alloc.TaskStates ?? {}),
    ...Object.keys(alloc.AllocatedResources?.Tasks ?? {}),
  ]);
  return [...names].map((name) => {
    const state = alloc.TaskStates?.[name];
    const res = alloc.AllocatedResources?.Tasks?.[name];
    return {
      name,
      state,
      lastEvent: state?.Events?.at(-1),
      cpu: res?.Cpu.CpuShares,
      memoryMB: res?.Memory.MemoryMB,
      memoryMaxMB: res?.Memory.MemoryMaxMB || undefined,
      driver: group?.Tasks.find((t) => t.Name === name)?.Driver,
    };
  });
}

/** Client statuses after which the allocation will not run again on its node. */
export function isTerminal(alloc: Pick<Allocation, 'ClientStatus' | 'DesiredStatus'>): boolean {
  return ['complete', 'failed', 'lost'].includes(alloc.ClientStatus) || alloc.DesiredStatus !== 'run';
}

export function totalReserved(rows: readonly TaskRow[]): { cpu: number; memoryMB: number } {
  return rows.reduce((t, r) => ({ cpu: t.cpu + (r.cpu ?? 0), memoryMB: t.memoryMB + (r.memoryMB ?? 0) }), {
    cpu: 0,
    memoryMB: 0,
  });
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
