import { mutationOptions } from '@tanstack/react-query';
import { blockingQueryOptions, LOOP_GAP_MS, loopInterval } from '@/lib/nomad/blocking-query.ts';
import { apiFetch, apiPath } from '@/lib/nomad/http.ts';
import { polledSeriesOptions } from '@/lib/nomad/polled-series.ts';
import type { AllocListStub, AllocResourceUsage, AllocStopResponse, Allocation, JobType } from '@/lib/nomad/types.ts';
import type { Sample } from '@/lib/stats-series.ts';

export const allocKeys = {
  all: ['allocations'] as const,
  lists: () => [...allocKeys.all, 'list'] as const,
  details: () => [...allocKeys.all, 'detail'] as const,
  stats: () => [...allocKeys.all, 'stats'] as const,
};

/**
 * A list of tens of thousands of allocations is re-sent whole on every change, and in a busy
 * cluster something changes all the time: at most one refresh a second (Nomad's own UI
 * throttles to 2 s) keeps the tab responsive while staying current.
 */
export const BIG_LIST_GAP_MS = 1_000;

/** Above this many rows, the loop waits longer between answers. */
export const HUGE_LIST = 5_000;
export const HUGE_LIST_GAP_MS = 3_000;

function throttled<T extends { refetchInterval?: unknown }>(options: T): T {
  return {
    ...options,
    refetchInterval: (query: Parameters<typeof loopInterval>[0]) => {
      const next = loopInterval(query);
      if (next !== LOOP_GAP_MS) return next;
      const rows = query.state.data?.data;
      return Array.isArray(rows) && rows.length > HUGE_LIST ? HUGE_LIST_GAP_MS : BIG_LIST_GAP_MS;
    },
    // Deep-comparing 20,000 rows with the previous answer costs more than it saves: nothing
    // downstream relies on unchanged rows keeping their identity.
    structuralSharing: false,
  };
}

/** `/v1/node/:id/allocations` sends full allocations; the table wants list stubs. */
function toStub(a: Allocation): AllocListStub {
  const { Job, ...rest } = a;
  return { ...rest, JobType: (Job?.Type ?? 'service') as JobType, JobVersion: Job?.Version ?? 0 } as AllocListStub;
}

export interface AllocScope {
  namespace: string;
  region: string | undefined;
}

export const allocQueries = {
  /**
   * Every allocation of a namespace (or all, `*`), live. `task_states=false` keeps each
   * answer small: the table does not show task states, and they dominate the payload.
   */
  list: ({ namespace, region, prefix }: AllocScope & { prefix: string }) =>
    throttled(
      blockingQueryOptions<AllocListStub[]>({
        key: allocKeys.lists(),
        path: '/v1/allocations',
        namespace,
        region,
        query: { task_states: 'false', prefix: prefix || undefined },
      }),
    ),

  ofJob: ({ namespace, region, jobId }: AllocScope & { jobId: string }) =>
    throttled(
      blockingQueryOptions<AllocListStub[]>({
        key: [...allocKeys.lists(), 'job'],
        path: apiPath`/v1/job/${jobId}/allocations`,
        namespace,
        region,
      }),
    ),

  ofNode: ({ region, nodeId }: { region: string | undefined; nodeId: string }) => {
    const base = throttled(
      blockingQueryOptions<Allocation[]>({
        key: [...allocKeys.lists(), 'node'],
        path: apiPath`/v1/node/${nodeId}/allocations`,
        region,
      }),
    );
    return { ...base, select: (r: { data: Allocation[] }) => (r.data ?? []).map(toStub) };
  },

  /** One allocation with its job, live; `id` must be the full 36-character ID. */
  detail: ({ id, region }: { id: string; region: string | undefined }) =>
    blockingQueryOptions<Allocation>({ key: allocKeys.details(), path: apiPath`/v1/allocation/${id}`, region }),

  /** CPU (MHz) and memory (bytes) of the whole allocation and each task, polled. */
  stats: ({ id, region, enabled }: { id: string; region: string | undefined; enabled: boolean }) =>
    polledSeriesOptions<AllocResourceUsage>({
      key: allocKeys.stats(),
      path: apiPath`/v1/client/allocation/${id}/stats`,
      region,
      enabled,
      toSample: allocSample,
    }),
};

/** Flattens one stats answer into `cpu`, `mem`, `cpu:<task>`, `mem:<task>` values. */
export function allocSample(u: AllocResourceUsage): Sample | undefined {
  if (!u || !u.Timestamp) return undefined;
  const values: Record<string, number> = {};
  const put = (suffix: string, r: AllocResourceUsage['ResourceUsage']) => {
    if (r?.CpuStats) values[`cpu${suffix}`] = r.CpuStats.TotalTicks;
    if (r?.MemoryStats) values[`mem${suffix}`] = r.MemoryStats.Usage || r.MemoryStats.RSS;
  };
  put('', u.ResourceUsage);
  for (const [task, t] of Object.entries(u.Tasks ?? {})) put(`:${task}`, t.ResourceUsage);
  return { t: Math.floor(u.Timestamp / 1_000_000), values };
}

export interface AllocRef {
  id: string;
  namespace: string;
  region: string | undefined;
}

export const allocActions = {
  stop: (ref: AllocRef) =>
    mutationOptions({
      mutationFn: async () =>
        (
          await apiFetch<AllocStopResponse>(apiPath`/v1/allocation/${ref.id}/stop`, {
            method: 'POST',
            namespace: ref.namespace,
            region: ref.region,
          })
        ).data,
    }),
  /** `task` restarts one task; `all` restarts every task including dead ones; neither restarts running tasks. */
  restart: (ref: AllocRef) =>
    mutationOptions({
      mutationFn: async (v: { task?: string; all?: boolean }) =>
        (
          await apiFetch<{ Index: number }>(apiPath`/v1/client/allocation/${ref.id}/restart`, {
            method: 'POST',
            namespace: ref.namespace,
            region: ref.region,
            body: v.all ? { AllTasks: true } : v.task ? { TaskName: v.task } : {},
          })
        ).data,
    }),
  /** An empty `task` signals every task. */
  signal: (ref: AllocRef) =>
    mutationOptions({
      mutationFn: async (v: { task: string; signal: string }) =>
        (
          await apiFetch<{ Index: number }>(apiPath`/v1/client/allocation/${ref.id}/signal`, {
            method: 'POST',
            namespace: ref.namespace,
            region: ref.region,
            body: { Task: v.task, Signal: v.signal },
          })
        ).data,
    }),
  gc: (ref: AllocRef) =>
    mutationOptions({
      mutationFn: async () => {
        await apiFetch<undefined>(apiPath`/v1/client/allocation/${ref.id}/gc`, {
          method: 'POST',
          namespace: ref.namespace,
          region: ref.region,
        });
      },
    }),
};
