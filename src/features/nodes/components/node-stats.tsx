import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LineChart } from '@/components/line-chart.tsx';
import { STATS_CAPACITY, STATS_INTERVAL_MS } from '@/lib/nomad/polled-series.ts';
import { chartSpan, StatsSeries } from '@/lib/stats-series.ts';
import { nodeQueries } from '../api/node-queries.ts';

const pct = (v: number) => `${v.toFixed(1)} %`;
function bytes(b: number): string {
  const gib = b / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.round(b / 1024 ** 2)} MiB`;
}

/** Host CPU per core, memory and disk usage of a node, polled from its client agent. */
export function NodeStats({ id, region, up }: { id: string; region: string | undefined; up: boolean }) {
  const query = useQuery(nodeQueries.stats({ id, region, enabled: up }));
  if (!up)
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        The node is not ready, so its client reports no host statistics.
      </p>
    );
  if (query.error)
    return (
      <ErrorAlert title="Could not read host statistics" error={query.error} onRetry={() => void query.refetch()} />
    );
  if (!query.data) return <p className="text-sm text-zinc-500">Waiting for the first sample…</p>;
  const latest = query.data.latest;
  const series = StatsSeries.from(query.data.samples, STATS_CAPACITY);
  const span = chartSpan(series.toArray(), 30_000, STATS_INTERVAL_MS * STATS_CAPACITY);
  const memTotal = latest.Memory?.Total ?? 0;
  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <LineChart label="CPU, all cores" points={series.points('cpu')} max={100} format={pct} spanMs={span} />
        <LineChart
          label="Memory"
          points={series.points('mem')}
          max={memTotal || 1}
          format={bytes}
          limitLabel={memTotal ? `of ${bytes(memTotal)}` : undefined}
          spanMs={span}
          tone="text-violet-600 dark:text-violet-400"
        />
      </div>
      <div>
        <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
          CPU per core
        </h3>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
          {(latest.CPU ?? []).map((c) => (
            <LineChart
              key={c.CPU}
              label={c.CPU}
              points={series.points(`cpu:${c.CPU}`)}
              max={100}
              format={pct}
              spanMs={span}
              height={32}
            />
          ))}
        </div>
      </div>
      <div>
        <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">Disks</h3>
        <div className="grid gap-3 sm:grid-cols-2">
          {(latest.DiskStats ?? []).map((d) => (
            <LineChart
              key={d.Mountpoint}
              label={`${d.Mountpoint} (${d.Device})`}
              points={series.points(`disk:${d.Mountpoint}`)}
              max={100}
              format={pct}
              limitLabel={`used of ${bytes(d.Size)}`}
              spanMs={span}
              height={32}
              tone="text-amber-600 dark:text-amber-400"
            />
          ))}
        </div>
      </div>
    </div>
  );
}
