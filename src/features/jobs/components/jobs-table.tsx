import { Link } from 'react-router';
import { RelativeTime } from '@/components/relative-time.tsx';
import { linkClass } from '@/components/styles.ts';
import { nanosToMs } from '@/lib/format-time.ts';
import type { JobListStub } from '@/lib/nomad/types.ts';
import { AllocSummary } from './alloc-summary.tsx';
import { JobStatusBadge } from './job-status-badge.tsx';

interface JobsTableProps {
  jobs: readonly JobListStub[];
  caption: string;
  showNamespace: boolean;
  /** The namespace asked for; used when Nomad omits a job's own (it is omitempty). */
  namespace: string;
  jobHref: (job: { namespace: string; id: string }) => string;
}

const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400';
const td = 'px-3 py-2.5 align-baseline';

export function JobsTable({ jobs, caption, showNamespace, namespace, jobHref }: JobsTableProps) {
  return (
    <div className="-mx-4 overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th scope="col" className={`${th} pl-4`}>
              ID
            </th>
            <th scope="col" className={th}>
              Type
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={`${th} text-right`}>
              Priority
            </th>
            {showNamespace && (
              <th scope="col" className={th}>
                Namespace
              </th>
            )}
            <th scope="col" className={th}>
              Allocations
            </th>
            <th scope="col" className={`${th} pr-4`}>
              Submitted
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {jobs.map((job) => {
            const ns = job.Namespace || namespace;
            return (
              <tr key={`${ns}/${job.ID}`} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                <td className={`${td} pl-4`}>
                  <Link to={jobHref({ namespace: ns, id: job.ID })} className={`${linkClass} font-mono text-[13px]`}>
                    {job.ID}
                  </Link>
                  {job.Name !== job.ID && <div className="text-xs text-zinc-500 dark:text-zinc-400">{job.Name}</div>}
                  {(job.Periodic || job.ParameterizedJob) && (
                    <div className="text-xs text-zinc-500 dark:text-zinc-400">
                      {job.Periodic ? 'periodic' : 'parameterized'}
                    </div>
                  )}
                </td>
                <td className={td}>{job.Type}</td>
                <td className={td}>
                  <JobStatusBadge status={job.Status} stopped={job.Stop} description={job.StatusDescription} />
                </td>
                <td className={`${td} text-right tabular-nums`}>{job.Priority}</td>
                {showNamespace && <td className={td}>{ns}</td>}
                <td className={td}>
                  <AllocSummary job={job} />
                </td>
                <td className={`${td} pr-4 text-zinc-600 dark:text-zinc-400`}>
                  {job.SubmitTime ? <RelativeTime ms={nanosToMs(job.SubmitTime)} /> : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
