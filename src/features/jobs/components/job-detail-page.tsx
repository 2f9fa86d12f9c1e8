import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LiveIndicator } from '@/components/live-indicator.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { Panel } from '@/components/panel.tsx';
import { RelativeTime } from '@/components/relative-time.tsx';
import { linkClass } from '@/components/styles.ts';
import { nanosToMs } from '@/lib/format-time.ts';
import { liveStatus } from '@/lib/nomad/live-status.ts';
import type { Job } from '@/lib/nomad/types.ts';
import { jobQueries } from '../api/job-queries.ts';
import { JobGroupsSummary } from './job-groups-summary.tsx';
import { JobDeployments, JobEvaluations } from './job-rollouts.tsx';
import { JobStatusBadge } from './job-status-badge.tsx';

interface JobDetailPageProps {
  namespace: string;
  id: string;
  region: string | undefined;
  jobsHref: string;
  /** The job's allocations table, composed by the route (it belongs to the allocations feature). */
  allocations?: ReactNode;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

function JobFields({ job }: { job: Job }) {
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-4 text-sm sm:grid-cols-4">
      <Field label="Status">
        <JobStatusBadge status={job.Status} stopped={job.Stop} description={job.StatusDescription} />
      </Field>
      <Field label="Type">{job.Type}</Field>
      <Field label="Priority">{job.Priority}</Field>
      <Field label="Version">{job.Version}</Field>
      <Field label="Namespace">{job.Namespace}</Field>
      <Field label="Datacenters">{(job.Datacenters ?? []).join(', ') || '—'}</Field>
      <Field label="Node pool">{job.NodePool || '—'}</Field>
      <Field label="Submitted">{job.SubmitTime ? <RelativeTime ms={nanosToMs(job.SubmitTime)} /> : '—'}</Field>
      <div className="col-span-full">
        <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Task groups</dt>
        <dd className="mt-1">
          <ul className="space-y-1">
            {(job.TaskGroups ?? []).map((g) => (
              <li key={g.Name}>
                <span className="font-mono">{g.Name}</span> × {g.Count}
                <span className="text-zinc-500 dark:text-zinc-400">
                  {' '}
                  — tasks: {(g.Tasks ?? []).map((t) => `${t.Name} (${t.Driver})`).join(', ') || 'none'}
                </span>
              </li>
            ))}
          </ul>
        </dd>
      </div>
    </dl>
  );
}

/** A job, live: its definition's essentials, allocations by group, deployments and evaluations. */
export function JobDetailPage({ namespace, id, region, jobsHref, allocations }: JobDetailPageProps) {
  const query = useQuery(jobQueries.detail({ namespace, region, id }));
  const retry = () => void query.refetch({ cancelRefetch: true });
  return (
    <>
      <title>{`${id} · Jobs · nomad-live`}</title>
      <p className="mb-2 text-sm">
        <Link to={jobsHref} className={linkClass}>
          ← All jobs
        </Link>
      </p>
      <PageHeader
        title={<span className="font-mono">{id}</span>}
        description={`Job in namespace "${namespace}".`}
        actions={<LiveIndicator status={liveStatus(query)} onRetry={retry} />}
      />
      <Panel title="Job">
        {query.error && <ErrorAlert title="Could not load this job" error={query.error} onRetry={retry} />}
        {query.isPending && <p className="text-sm text-zinc-500">Loading job…</p>}
        {query.data && <JobFields job={query.data} />}
      </Panel>
      <div className="mt-5 space-y-5">
        <Panel title="Allocations by task group">
          <JobGroupsSummary scope={{ namespace, region }} id={id} />
        </Panel>
        {allocations}
        <div className="grid gap-5 lg:grid-cols-2">
          <Panel title="Deployments">
            <JobDeployments scope={{ namespace, region }} id={id} />
          </Panel>
          <Panel title="Evaluations">
            <JobEvaluations scope={{ namespace, region }} id={id} />
          </Panel>
        </div>
      </div>
    </>
  );
}
