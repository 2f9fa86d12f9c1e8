import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LiveIndicator } from '@/components/live-indicator.tsx';
import { Panel } from '@/components/panel.tsx';
import { liveStatus } from '@/lib/nomad/live-status.ts';
import { allocQueries } from '../api/alloc-queries.ts';
import { useAllocView } from '../hooks/use-alloc-view.ts';
import { DEFAULT_FILTERS, type AllocFilters } from '../lib/alloc-filters.ts';
import { AllocToolbar } from './alloc-toolbar.tsx';
import { AllocationsTable, type AllocLinks } from './allocations-table.tsx';

/** Show live CPU/memory per row only while that costs a handful of requests. */
const USAGE_LIMIT = 25;

type Source = { kind: 'job'; namespace: string; jobId: string } | { kind: 'node'; nodeId: string };

interface AllocationsSectionProps extends AllocLinks {
  source: Source;
  region: string | undefined;
  title?: string;
}

/**
 * The allocations of one job or one node, live, in the same table as the Allocations page.
 * Its filters are local: the host page owns the URL.
 */
export function AllocationsSection({ source, region, title = 'Allocations', ...links }: AllocationsSectionProps) {
  const options =
    source.kind === 'job'
      ? allocQueries.ofJob({ namespace: source.namespace, region, jobId: source.jobId })
      : allocQueries.ofNode({ region, nodeId: source.nodeId });
  // Both sources deliver list stubs (the node's full allocations are mapped in `select`);
  // only their cached shapes differ, which this component never reads.
  const query = useQuery(options as ReturnType<typeof allocQueries.ofJob>);
  const [filters, setFilterState] = useState<AllocFilters>(DEFAULT_FILTERS);
  const setFilters = (patch: Partial<AllocFilters>) => setFilterState((f) => ({ ...f, ...patch }));
  const view = useAllocView(query.data, filters);
  const retry = () => void query.refetch({ cancelRefetch: true });
  return (
    <Panel title={title} actions={<LiveIndicator status={liveStatus(query)} onRetry={retry} />}>
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
        hide={source.kind === 'job' ? ['job'] : ['node']}
      />
      {query.isPending && <p className="py-4 text-center text-sm text-zinc-500">Loading allocations…</p>}
      {query.data && view.visible.length === 0 && (
        <p className="py-4 text-center text-sm text-zinc-600 dark:text-zinc-400">No allocations.</p>
      )}
      {view.visible.length > 0 && (
        <AllocationsTable
          {...links}
          allocs={view.visible}
          caption={title}
          sort={filters.sort}
          desc={filters.desc}
          onSort={(sort) => setFilters({ sort, desc: sort === filters.sort ? !filters.desc : true })}
          showNamespace={source.kind === 'node'}
          hide={source.kind === 'job' ? ['job'] : ['node']}
          usage={view.counts.running <= USAGE_LIMIT ? { region } : undefined}
          maxHeight="28rem"
        />
      )}
    </Panel>
  );
}
