import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { nanosToMs } from '@/lib/format-time.ts';
import { RelativeTime } from '@/components/relative-time.tsx';
import { jobPartQueries, type JobListScope } from '../api/job-queries.ts';

const TONE: Record<string, string> = {
  successful: 'text-emerald-700 dark:text-emerald-400',
  complete: 'text-emerald-700 dark:text-emerald-400',
  running: 'text-sky-700 dark:text-sky-400',
  pending: 'text-sky-700 dark:text-sky-400',
  blocked: 'text-amber-700 dark:text-amber-400',
  failed: 'text-red-700 dark:text-red-400',
};
const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400';
const td = 'px-3 py-2 align-top';
const short = (id: string) => id.slice(0, 8);

/** The job's deployments, newest first, with each task group's progress. */
export function JobDeployments({ scope, id }: { scope: JobListScope; id: string }) {
  const query = useQuery(jobPartQueries.deployments({ ...scope, id }));
  if (query.error) return <ErrorAlert title="Could not load deployments" error={query.error} />;
  if (!query.data) return <p className="text-sm text-zinc-500">Loading deployments…</p>;
  const list = [...query.data].sort((a, b) => b.CreateIndex - a.CreateIndex);
  if (list.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No deployments.</p>;
  return (
    <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
      {list.map((d) => (
        <li key={d.ID} className="py-2">
          <span className="font-mono">{short(d.ID)}</span> · version {d.JobVersion} ·{' '}
          <span className={`font-medium ${TONE[d.Status] ?? ''}`}>{d.Status}</span>
          {d.StatusDescription && <span className="text-zinc-600 dark:text-zinc-400"> — {d.StatusDescription}</span>}
          <ul className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            {Object.entries(d.TaskGroups ?? {}).map(([g, s]) => (
              <li key={g}>
                <span className="font-mono">{g}</span>: {s.HealthyAllocs} healthy, {s.UnhealthyAllocs} unhealthy,{' '}
                {s.PlacedAllocs} placed of {s.DesiredTotal}
                {s.DesiredCanaries ? `, ${s.DesiredCanaries} canaries${s.Promoted ? ' (promoted)' : ''}` : ''}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** The job's evaluations, newest first: why the scheduler ran and what came of it. */
export function JobEvaluations({ scope, id }: { scope: JobListScope; id: string }) {
  const query = useQuery(jobPartQueries.evaluations({ ...scope, id }));
  if (query.error) return <ErrorAlert title="Could not load evaluations" error={query.error} />;
  if (!query.data) return <p className="text-sm text-zinc-500">Loading evaluations…</p>;
  const list = [...query.data].sort((a, b) => b.CreateIndex - a.CreateIndex);
  if (list.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No evaluations.</p>;
  return (
    <div className="-mx-4 max-h-96 overflow-auto">
      <table className="w-full min-w-[36rem] border-collapse text-sm">
        <caption className="sr-only">Evaluations</caption>
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th scope="col" className={`${th} pl-4`}>
              ID
            </th>
            <th scope="col" className={th}>
              Triggered by
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={`${th} pr-4`}>
              Created
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {list.map((e) => (
            <tr key={e.ID}>
              <td className={`${td} pl-4 font-mono`} title={e.ID}>
                {short(e.ID)}
              </td>
              <td className={td}>{e.TriggeredBy}</td>
              <td className={td}>
                <span className={`font-medium ${TONE[e.Status] ?? ''}`}>{e.Status}</span>
                {e.StatusDescription && (
                  <div className="text-xs text-zinc-600 dark:text-zinc-400">{e.StatusDescription}</div>
                )}
              </td>
              <td className={`${td} pr-4 text-zinc-600 dark:text-zinc-400`}>
                {e.CreateTime ? <RelativeTime ms={nanosToMs(e.CreateTime)} /> : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
