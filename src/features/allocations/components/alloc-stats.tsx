import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LineChart } from '@/components/line-chart.tsx';
import { STATS_CAPACITY, STATS_INTERVAL_MS } from '@/lib/nomad/polled-series.ts';
import { chartSpan, StatsSeries } from '@/lib/stats-series.ts';
import { allocQueries } from '../api/alloc-queries.ts';
import { formatBytes, type TaskRow } from '../lib/alloc-facts.ts';

interface AllocStatsProps {
  id: string;
  region: string | undefined;
  running: boolean;
  rows: readonly TaskRow[];
}

const MiB = 1024 * 1024;
const mhz = (v: number) => `${Math.round(v)} MHz`;

/** Live CPU and memory of the allocation and of each task, against what was reserved. */
export function AllocStats({ id, region, running, rows }: AllocStatsProps) {
  const query = useQuery(allocQueries.stats({ id, region, enabled: running }));
  if (!running)
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Resource usage is only reported while the allocation runs.
      </p>
    );
  if (query.error)
    return (
      <ErrorAlert title="Could not read resource usage" error={query.error} onRetry={() => void query.refetch()} />
    );
  const series = StatsSeries.from(query.data?.samples ?? [], STATS_CAPACITY);
  const span = chartSpan(series.toArray(), 30_000, STATS_INTERVAL_MS * STATS_CAPACITY);
  const cpuTotal = rows.reduce((s, r) => s + (r.cpu ?? 0), 0);
  const memTotal = rows.reduce((s, r) => s + (r.memoryMB ?? 0), 0);
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <LineChart
          label="CPU, all tasks"
          points={series.points('cpu')}
          max={cpuTotal || 1}
          format={mhz}
          limitLabel={`of ${cpuTotal} MHz`}
          spanMs={span}
        />
        <LineChart
          label="Memory, all tasks"
          points={series.points('mem')}
          max={(memTotal || 1) * MiB}
          format={formatBytes}
          limitLabel={`of ${memTotal} MiB`}
          spanMs={span}
          tone="text-violet-600 dark:text-violet-400"
        />
      </div>
      {rows.length > 1 && (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {rows.map((r) => [
            <LineChart
              key={`${r.name}-cpu`}
              label={`CPU, ${r.name}`}
              points={series.points(`cpu:${r.name}`)}
              max={r.cpu || 1}
              format={mhz}
              limitLabel={`of ${r.cpu ?? 0} MHz`}
              spanMs={span}
              height={36}
            />,
            <LineChart
              key={`${r.name}-mem`}
              label={`Memory, ${r.name}`}
              points={series.points(`mem:${r.name}`)}
              max={(r.memoryMB || 1) * MiB}
              format={formatBytes}
              limitLabel={`of ${r.memoryMB ?? 0} MiB`}
              spanMs={span}
              height={36}
              tone="text-violet-600 dark:text-violet-400"
            />,
          ])}
        </div>
      )}
      {query.isPending && <p className="text-xs text-zinc-500">Waiting for the first sample…</p>}
    </div>
  );
}
