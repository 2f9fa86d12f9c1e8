import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '@/components/copy-button.tsx';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LiveIndicator } from '@/components/live-indicator.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { Panel } from '@/components/panel.tsx';
import { RelativeTime } from '@/components/relative-time.tsx';
import { buttonClass, linkClass } from '@/components/styles.ts';
import { nanosToMs } from '@/lib/format-time.ts';
import { liveStatus } from '@/lib/nomad/live-status.ts';
import type { Allocation } from '@/lib/nomad/types.ts';
import { allocQueries } from '../api/alloc-queries.ts';
import { taskRows, totalReserved } from '../lib/alloc-facts.ts';
import { AllocActions } from './alloc-actions.tsx';
import { AllocHistory } from './alloc-history.tsx';
import { AllocStats } from './alloc-stats.tsx';
import { AllocStatusBadge } from './alloc-status-badge.tsx';
import { AllocTasks } from './alloc-tasks.tsx';
import { ShortIdResolver } from './short-id-resolver.tsx';

export interface AllocationPageLinks {
  allocHref: (id: string) => string;
  jobHref: (job: { namespace: string; id: string }) => string;
  nodeHref: (id: string) => string;
  filesHref: (id: string) => string;
  logsHref: (id: string, task?: string) => string;
  execHref: (id: string, task?: string) => string;
}

interface AllocationPageProps extends AllocationPageLinks {
  id: string;
  region: string | undefined;
  /** The scoped event timeline for the loaded allocation, composed by the route (features do not import each other). */
  renderTimeline?: (alloc: Allocation) => ReactNode;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 truncate">{children}</dd>
    </div>
  );
}

function Facts({ alloc, links }: { alloc: Allocation; links: AllocationPageLinks }) {
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-4 text-sm sm:grid-cols-4">
      <Field label="Client status">
        <AllocStatusBadge status={alloc.ClientStatus} />{' '}
        <span className="text-zinc-600 dark:text-zinc-400">{alloc.ClientDescription}</span>
      </Field>
      <Field label="Desired status">
        {alloc.DesiredStatus}
        {alloc.DesiredDescription && (
          <span className="text-zinc-600 dark:text-zinc-400"> — {alloc.DesiredDescription}</span>
        )}
      </Field>
      <Field label="Namespace">{alloc.Namespace}</Field>
      <Field label="Job">
        <Link to={links.jobHref({ namespace: alloc.Namespace, id: alloc.JobID })} className={linkClass}>
          {alloc.JobID}
        </Link>{' '}
        <span className="text-zinc-500">v{alloc.Job?.Version ?? '?'}</span>
      </Field>
      <Field label="Task group">{alloc.TaskGroup}</Field>
      <Field label="Node">
        <Link to={links.nodeHref(alloc.NodeID)} className={linkClass}>
          {alloc.NodeName || alloc.NodeID.slice(0, 8)}
        </Link>
      </Field>
      <Field label="Created">
        <RelativeTime ms={nanosToMs(alloc.CreateTime)} />
      </Field>
      <Field label="Modified">
        <RelativeTime ms={nanosToMs(alloc.ModifyTime)} />
      </Field>
      <div className="col-span-full min-w-0">
        <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Allocation ID</dt>
        <dd className="mt-0.5 flex items-center gap-1 font-mono text-[13px]">
          {alloc.ID} <CopyButton text={alloc.ID} label="Copy allocation ID" />
        </dd>
      </div>
    </dl>
  );
}

/** One allocation: what it is, its tasks and their events, live usage, history and actions. */
export function AllocationPage(props: AllocationPageProps) {
  if (props.id.length !== 36)
    return <ShortIdResolver id={props.id} region={props.region} allocHref={props.allocHref} />;
  return <FullAllocationPage {...props} />;
}

function FullAllocationPage({ id, region, renderTimeline, ...links }: AllocationPageProps) {
  const query = useQuery(allocQueries.detail({ id, region }));
  const alloc = query.data;
  const retry = () => void query.refetch({ cancelRefetch: true });
  const rows = alloc ? taskRows(alloc) : [];
  const reserved = totalReserved(rows);
  return (
    <>
      <title>{`Allocation ${id.slice(0, 8)} · nomad-live`}</title>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            <span>
              Allocation <span className="font-mono">{id.slice(0, 8)}</span>
            </span>
            {alloc && <AllocStatusBadge status={alloc.ClientStatus} description={alloc.ClientDescription} />}
          </span>
        }
        description={alloc ? `${alloc.Name} in namespace "${alloc.Namespace}"` : undefined}
        actions={<LiveIndicator status={liveStatus(query)} onRetry={retry} />}
      />
      {query.error && (
        <div className="mb-4">
          <ErrorAlert title="Could not load this allocation" error={query.error} onRetry={retry} />
        </div>
      )}
      {query.isPending && <p className="text-sm text-zinc-500">Loading allocation…</p>}
      {alloc && (
        <div className="space-y-5">
          <Panel
            title="Allocation"
            actions={
              <>
                <Link to={links.filesHref(alloc.ID)} className={buttonClass}>
                  Files
                </Link>
                <Link to={links.logsHref(alloc.ID)} className={buttonClass}>
                  Logs
                </Link>
                <Link to={links.execHref(alloc.ID)} className={buttonClass}>
                  Exec
                </Link>
              </>
            }
          >
            <Facts alloc={alloc} links={links} />
            <div className="mt-5 border-t border-zinc-200 pt-4 dark:border-zinc-800">
              <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
                Actions
              </h3>
              <AllocActions alloc={alloc} region={region} tasks={rows.map((r) => r.name)} />
            </div>
          </Panel>
          <Panel title="Tasks">
            <AllocTasks
              rows={rows}
              logsHref={(task) => links.logsHref(alloc.ID, task)}
              execHref={(task) => links.execHref(alloc.ID, task)}
            />
          </Panel>
          <Panel title="Resource usage">
            <AllocStats id={alloc.ID} region={region} running={alloc.ClientStatus === 'running'} rows={rows} />
            <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
              Reserved: {reserved.cpu} MHz CPU, {reserved.memoryMB} MiB memory
              {alloc.AllocatedResources?.Shared ? `, ${alloc.AllocatedResources.Shared.DiskMB} MiB disk` : ''}.
            </p>
          </Panel>
          <Panel title="Reschedule history">
            <AllocHistory alloc={alloc} allocHref={links.allocHref} />
          </Panel>
          {renderTimeline?.(alloc)}
        </div>
      )}
    </>
  );
}
