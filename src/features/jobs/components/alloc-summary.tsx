import type { JobListStub } from '@/lib/nomad/types.ts';
import { countAllocs, isParentJob, type AllocCounts } from '../lib/job-filters.ts';

const ORDER: readonly [keyof AllocCounts, string][] = [
  ['running', 'text-emerald-700 dark:text-emerald-400'],
  ['starting', 'text-sky-700 dark:text-sky-400'],
  ['queued', 'text-amber-700 dark:text-amber-400'],
  ['failed', 'text-red-700 dark:text-red-400'],
  ['lost', 'text-red-700 dark:text-red-400'],
  ['unknown', 'text-zinc-600 dark:text-zinc-400'],
  ['complete', 'text-zinc-500 dark:text-zinc-400'],
];

function groupBreakdown(job: JobListStub): string {
  return Object.entries(job.JobSummary?.Summary ?? {})
    .map(
      ([group, s]) =>
        `${group}: ${s.Running} running, ${s.Starting} starting, ${s.Queued} queued, ${s.Failed} failed, ${s.Lost} lost, ${s.Complete} complete`,
    )
    .join('\n');
}

/** Allocation counts by client status (children counts for periodic/parameterized parents). */
export function AllocSummary({ job }: { job: JobListStub }) {
  const children = job.JobSummary?.Children;
  if (isParentJob(job) && children) {
    const parts = [
      children.Running && `${children.Running} running`,
      children.Pending && `${children.Pending} pending`,
      children.Dead && `${children.Dead} dead`,
    ].filter(Boolean);
    return (
      <span className="text-xs text-zinc-600 dark:text-zinc-400">
        children: {parts.length ? parts.join(', ') : 'none yet'}
      </span>
    );
  }
  const counts = countAllocs(job);
  const shown = ORDER.filter(([k]) => counts[k] > 0);
  if (shown.length === 0) return <span className="text-xs text-zinc-500 dark:text-zinc-500">no allocations</span>;
  return (
    <span className="flex flex-wrap gap-x-2.5 gap-y-0.5 text-xs" title={groupBreakdown(job)}>
      {shown.map(([k, cls]) => (
        <span key={k} className={`whitespace-nowrap ${cls}`}>
          <span className="font-semibold tabular-nums">{counts[k]}</span> {k}
        </span>
      ))}
    </span>
  );
}
