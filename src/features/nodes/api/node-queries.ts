import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { blockingQueryOptions } from '@/lib/nomad/blocking-query.ts';
import { apiFetch, apiPath } from '@/lib/nomad/http.ts';
import { polledSeriesOptions } from '@/lib/nomad/polled-series.ts';
import type { HostStats, Node, NodeListStub, NodeMetadata } from '@/lib/nomad/types.ts';
import type { Sample } from '@/lib/stats-series.ts';
import type { MetaEdits } from '../lib/meta-edits.ts';

export const nodeKeys = {
  all: ['nodes'] as const,
  lists: () => [...nodeKeys.all, 'list'] as const,
  details: () => [...nodeKeys.all, 'detail'] as const,
  metadata: () => [...nodeKeys.all, 'metadata'] as const,
  stats: () => [...nodeKeys.all, 'stats'] as const,
};

type Region = string | undefined;

export const nodeQueries = {
  list: ({ region }: { region: Region }) =>
    blockingQueryOptions<NodeListStub[]>({ key: nodeKeys.lists(), path: '/v1/nodes', region }),

  detail: ({ id, region }: { id: string; region: Region }) =>
    blockingQueryOptions<Node>({ key: nodeKeys.details(), path: apiPath`/v1/node/${id}`, region }),

  /** Read from the client agent itself (no blocking index): Static, Dynamic and effective Meta. */
  metadata: ({ id, region }: { id: string; region: Region }) =>
    queryOptions({
      queryKey: [...nodeKeys.metadata(), { id, region: region ?? null }],
      queryFn: async ({ signal }) =>
        (await apiFetch<NodeMetadata>('/v1/client/metadata', { query: { node_id: id }, region, signal })).data,
      refetchOnWindowFocus: false,
    }),

  /** Host CPU per core, memory and disks, polled (client stats send no index). */
  stats: ({ id, region, enabled }: { id: string; region: Region; enabled: boolean }) =>
    polledSeriesOptions<HostStats>({
      key: nodeKeys.stats(),
      path: '/v1/client/stats',
      query: { node_id: id },
      region,
      enabled,
      toSample: hostSample,
    }),
};

/** `cpu:<core>` (percent), `cpu` (mean percent), `mem` (used bytes), `disk:<mount>` (used percent). */
export function hostSample(s: HostStats): Sample | undefined {
  if (!s || !s.Timestamp) return undefined;
  const values: Record<string, number> = {};
  const cores = s.CPU ?? [];
  for (const c of cores) values[`cpu:${c.CPU}`] = c.TotalPercent;
  if (cores.length) values.cpu = cores.reduce((t, c) => t + c.TotalPercent, 0) / cores.length;
  if (s.Memory) values.mem = s.Memory.Used;
  for (const d of s.DiskStats ?? []) values[`disk:${d.Mountpoint}`] = d.UsedPercent;
  return { t: Math.floor(s.Timestamp / 1_000_000), values };
}

export const nodeActions = {
  /** Sends the batch; the answer is the client's new Static/Dynamic/Meta. */
  applyMetadata: ({ id, region }: { id: string; region: Region }) =>
    mutationOptions({
      mutationFn: async (edits: MetaEdits) =>
        (
          await apiFetch<NodeMetadata>('/v1/client/metadata', {
            method: 'POST',
            query: { node_id: id },
            region,
            body: { Meta: edits },
          })
        ).data,
    }),
  /** Garbage-collects every terminal allocation on the node. */
  gcAll: ({ id, region }: { id: string; region: Region }) =>
    mutationOptions({
      mutationFn: async () => {
        await apiFetch<undefined>('/v1/client/gc', { method: 'POST', query: { node_id: id }, region });
      },
    }),
};
