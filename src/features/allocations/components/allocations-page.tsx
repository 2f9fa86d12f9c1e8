import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LiveIndicator } from '@/components/live-indicator.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { Panel } from '@/components/panel.tsx';
import { RelativeTime } from '@/components/relative-time.tsx';
import { liveStatus } from '@/lib/nomad/live-status.ts';
import { ALL_NAMESPACES } from '@/lib/nomad/namespace.ts';
import { allocQueries } from '../api/alloc-queries.ts';
import { useAllocFilters } from '../hooks/use-alloc-filters.ts';
import { useAllocView } from '../hooks/use-alloc-view.ts';
import { sanitizeAllocPrefix } from '../lib/alloc-prefix.ts';
import { AllocToolbar } from './alloc-toolbar.tsx';
import { AllocationsTable, type AllocLinks } from './allocations-table.tsx';

/** Live CPU/memory per row is one poll per running row: only for short lists (e.g. filtered to a job). */
const USAGE_LIMIT = 25;

interface AllocationsPageProps extends AllocLinks {
  namespace: string;
  region: string | undefined;
}

/** Every allocation of the namespace (or the cluster), live, with facets, filters and sort in the URL. */
export function AllocationsPage({ namespace, region, ...links }: AllocationsPageProps) {
  const [filters, setFilters] = useAllocFilters();
  const { serverPrefix, problem } = sanitizeAllocPrefix(filters.prefix);
  const query = useQuery({
    ...allocQueries.list({ namespace, region, prefix: serverPrefix }),
    // A prefix that cannot be an ID is answered here, without a request that would 500.
    enabled: !problem,
  });
  const view = useAllocView(problem ? [] : query.data, filters);
  const runningShown = useMemo(() => view.visible.filter((a) => a.ClientStatus === 'running').length, [view.visible]);
  const everywhere = namespace === ALL_NAMESPACES;
  const where = everywhere ? 'all namespaces' : `namespace "${namespace}"`;
  const retry = () => void query.refetch({ cancelRefetch: true });
  return (
    <>
      <title>Allocations · nomad-live</title>
      <PageHeader
        title="Allocations"
        description={`Every allocation in ${where}, kept current with blocking queries.`}
        actions={
          <>
            <LiveIndicator status={liveStatus(query)} onRetry={retry} />
            {query.dataUpdatedAt > 0 && (
              <span className="text-xs text-zinc-500 dark:text-zinc-400">
                last change received <RelativeTime ms={query.dataUpdatedAt} />
              </span>
            )}
          </>
        }
      />
      <Panel title={everywhere ? 'Allocations in all namespaces' : `Allocations in namespace ${namespace}`}>
        {query.error && (
          <div className="mb-4">
            <ErrorAlert title="Could not load allocations" error={query.error} onRetry={retry} />
          </div>
        )}
        <AllocToolbar
          filters={filters}
          onChange={setFilters}
          counts={view.counts}
          jobs={view.jobs}
          nodes={view.nodes}
          groups={view.groups}
          prefixProblem={view.prefixProblem}
          shown={view.visible.length}
          total={view.total}
        />
        {query.isPending && !problem && <p className="py-6 text-center text-sm text-zinc-500">Loading allocations…</p>}
        {(query.data || problem) && view.visible.length === 0 && (
          <p className="py-8 text-center text-sm text-zinc-600 dark:text-zinc-400">No allocations match.</p>
        )}
        {view.visible.length > 0 && (
          <AllocationsTable
            {...links}
            allocs={view.visible}
            caption={`Allocations in ${where}`}
            sort={filters.sort}
            desc={filters.desc}
            onSort={(sort) => setFilters({ sort, desc: sort === filters.sort ? !filters.desc : true })}
            showNamespace={everywhere}
            usage={runningShown <= USAGE_LIMIT ? { region } : undefined}
          />
        )}
      </Panel>
    </>
  );
}
