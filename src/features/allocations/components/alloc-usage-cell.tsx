import { useQuery } from '@tanstack/react-query';
import { allocQueries } from '../api/alloc-queries.ts';
import { formatBytes } from '../lib/alloc-facts.ts';

/** Polled less often than the allocation page's charts: a table row only needs a glance. */
const ROW_STATS_INTERVAL_MS = 10_000;

/** Current CPU and memory of a running allocation, for a table row. */
export function AllocUsageCell({ id, region }: { id: string; region: string | undefined }) {
  const query = useQuery({
    ...allocQueries.stats({ id, region, enabled: true }),
    refetchInterval: ROW_STATS_INTERVAL_MS,
    retry: false,
  });
  const usage = query.data?.latest.ResourceUsage;
  if (query.error) return <span title={query.error.message}>—</span>;
  if (!usage) return <span className="text-zinc-400">…</span>;
  const cpu = usage.CpuStats ? `${Math.round(usage.CpuStats.TotalTicks)} MHz` : '—';
  const mem = usage.MemoryStats ? formatBytes(usage.MemoryStats.Usage || usage.MemoryStats.RSS) : '—';
  return (
    <span className="tabular-nums" title="CPU and memory in use now">
      {cpu} · {mem}
    </span>
  );
}
