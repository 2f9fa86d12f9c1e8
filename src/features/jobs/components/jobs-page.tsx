import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LiveIndicator } from '@/components/live-indicator.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { Panel } from '@/components/panel.tsx';
import { buttonClass } from '@/components/styles.ts';
import { liveStatus } from '@/lib/nomad/live-status.ts';
import { ALL_NAMESPACES } from '@/lib/nomad/namespace.ts';
import { jobQueries } from '../api/job-queries.ts';
import { useJobFilters } from '../hooks/use-job-filters.ts';
import { filterJobs, hasFilters, NO_FILTERS } from '../lib/job-filters.ts';
import { JobsTable } from './jobs-table.tsx';
import { JobsToolbar } from './jobs-toolbar.tsx';

interface JobsPageProps {
  namespace: string;
  region: string | undefined;
  jobHref: (job: { namespace: string; id: string }) => string;
}

/** The live job list of one namespace, or of all of them. */
export function JobsPage({ namespace, region, jobHref }: JobsPageProps) {
  const query = useQuery(jobQueries.list({ namespace, region }));
  const [filters, setFilters] = useJobFilters();
  const all = query.data;
  const visible = useMemo(() => filterJobs(all ?? [], filters), [all, filters]);
  const everywhere = namespace === ALL_NAMESPACES;
  const where = everywhere ? 'all namespaces' : `namespace "${namespace}"`;
  const retry = () => void query.refetch({ cancelRefetch: true });

  return (
    <>
      <title>Jobs · nomad-live</title>
      <PageHeader
        title="Jobs"
        description={`Every job in ${where}, kept current with blocking queries.`}
        actions={<LiveIndicator status={liveStatus(query)} onRetry={retry} />}
      />
      <Panel title={everywhere ? 'Jobs in all namespaces' : `Jobs in namespace ${namespace}`}>
        {query.error && (
          <div className="mb-4">
            <ErrorAlert title="Could not load jobs" error={query.error} onRetry={retry} />
          </div>
        )}
        {all && <JobsToolbar filters={filters} onChange={setFilters} shown={visible.length} total={all.length} />}
        {query.isPending && <p className="py-6 text-center text-sm text-zinc-500">Loading jobs…</p>}
        {all && all.length === 0 && (
          <p className="py-8 text-center text-sm text-zinc-600 dark:text-zinc-400">
            No jobs in {where}
            {everywhere ? ' that this token may read' : ''}.
          </p>
        )}
        {all && all.length > 0 && visible.length === 0 && (
          <div className="flex flex-col items-center gap-3 py-8 text-sm text-zinc-600 dark:text-zinc-400">
            <p>No jobs match these filters.</p>
            {hasFilters(filters) && (
              <button type="button" className={buttonClass} onClick={() => setFilters(NO_FILTERS)}>
                Clear filters
              </button>
            )}
          </div>
        )}
        {visible.length > 0 && (
          <JobsTable
            jobs={visible}
            caption={`Jobs in ${where}`}
            showNamespace={everywhere}
            namespace={namespace}
            jobHref={jobHref}
          />
        )}
      </Panel>
    </>
  );
}
